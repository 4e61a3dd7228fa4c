// Queue the email a usager gets after booking, moving or cancelling online, in the action's transaction: the facts of
// the RDV as they are now (names looked up here), its calendar identity, and the secret of its link.
import type { Tx } from "../../db/client.ts";
import { enqueueEmail, messageDomainOf } from "../../notifications/outbox.ts";
import { fullName } from "../../vocabulary/names.ts";
import type { RdvSnapshot } from "../changes.ts";
import type { DomainContext } from "../context.ts";

export type UsagerEmailInput = {
  email: "confirmed" | "moved" | "cancelled";
  rdv: RdvSnapshot;
  userId: string;
  token: string;
  previousStartsAt: Date | null;
  at: Date;
};

/** Enqueue the usager's email about its RDV (REQUEST for a confirmation or a move, CANCEL for a cancellation). */
export async function enqueueUsagerEmail(tx: Tx, context: DomainContext, input: UsagerEmailInput): Promise<void> {
  const { rdv } = input;
  const [user, organisation, motif, lieu] = await Promise.all([
    tx.user.findUniqueOrThrow({
      where: { id: input.userId },
      select: { firstName: true, lastName: true, email: true },
    }),
    tx.organisation.findUniqueOrThrow({
      where: { id: rdv.organisationId },
      select: { name: true, timezone: true, emailSenderName: true },
    }),
    tx.motif.findUniqueOrThrow({ where: { id: rdv.motifId }, select: { name: true, locationType: true } }),
    rdv.lieuId === null
      ? null
      : tx.lieu.findUnique({ where: { id: rdv.lieuId }, select: { name: true, address: true } }),
  ]);
  // Booked online, the usager always has an email; one removed since by an agent gets nothing.
  if (!user.email) return;
  await enqueueEmail(
    tx,
    {
      organisationId: rdv.organisationId,
      kind: `usager_rdv_${input.email}`,
      to: user.email,
      fromName: organisation.emailSenderName,
      payload: {
        kind: "usager_rdv",
        email: input.email,
        recipient: { name: fullName(user), email: user.email },
        sender: { name: organisation.emailSenderName ?? organisation.name, email: context.config.MAIL_FROM },
        organisation: { name: organisation.name, timezone: organisation.timezone },
        at: input.at.toISOString(),
        uid: rdv.uid,
        sequence: rdv.sequence,
        method: input.email === "cancelled" ? "CANCEL" : "REQUEST",
        rdv: {
          startsAt: rdv.startsAt.toISOString(),
          durationInMin: rdv.durationInMin,
          motifName: motif.name,
          locationType: motif.locationType,
          lieu,
        },
        previousStartsAt: input.previousStartsAt?.toISOString() ?? null,
        token: input.token,
      },
    },
    messageDomainOf(context.config.MAIL_FROM),
  );
}
