// What the holder of a reservation link can do: see its RDV, cancel it (status `excused`) or move it to another free
// créneau of the same motif and lieu. Every change has the usager as its author, goes through recordChange like any
// other, and sends the usager an updated email (REQUEST with a higher SEQUENCE, or CANCEL).
import type { Db, Tx } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { LocationType, RdvStatus } from "../../generated/prisma/enums.ts";
import { isCancelledStatus } from "../../vocabulary/rdv-statuses.ts";
import type { Author } from "../author.ts";
import type { RdvChange, RdvSnapshot } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { conflict } from "../errors.ts";
import { rdvSnapshotSelect, toRdvSnapshot } from "../rdvs/rdv-snapshot.ts";
import { recordChange } from "../record-change.ts";
import { parseInput } from "../validation.ts";
import { findPublicOrganisation, type PublicOrganisation } from "./online-offer.ts";
import { moveSchema } from "./reservation.schemas.ts";
import { extendReservationTokens, findReservationToken, lockReservation } from "./reservation-token.ts";
import { takeCreneau } from "./take-creneau.ts";
import { enqueueUsagerEmail } from "./usager-email.ts";

/** An RDV as its usager sees it through the link: no agent, no notes. */
export type ReservationView = {
  organisation: PublicOrganisation;
  usager: { firstName: string; lastName: string };
  rdv: {
    startsAt: Date;
    durationInMin: number;
    status: RdvStatus;
    motif: { id: string; name: string; locationType: LocationType };
    lieu: { id: string; name: string; address: string } | null;
  };
};

/** The RDV of a valid link (404 otherwise). */
export async function findReservation(db: Db, token: string, now = new Date()): Promise<ReservationView> {
  const { rdvId, userId } = await findReservationToken(db, token, now);
  const [rdv, user] = await Promise.all([
    db.rdv.findUniqueOrThrow({
      where: { id: rdvId },
      select: {
        organisationId: true,
        startsAt: true,
        durationInMin: true,
        status: true,
        motif: { select: { id: true, name: true, locationType: true } },
        lieu: { select: { id: true, name: true, address: true } },
      },
    }),
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { firstName: true, lastName: true } }),
  ]);
  const { organisationId, ...shown } = rdv;
  return { organisation: await findPublicOrganisation(db, organisationId), usager: user, rdv: shown };
}

export type ReservationCommand = { token: string; now?: Date };

/** Cancel the RDV of a link (status `excused`); cancelling a cancelled RDV changes nothing and sends nothing. */
export async function cancelReservation(context: DomainContext, command: ReservationCommand): Promise<RdvSnapshot> {
  const at = command.now ?? new Date();
  return context.db.$transaction(async (tx) => {
    const { rdvId, userId } = await lockReservation(tx, command.token, at);
    const before = toRdvSnapshot(await tx.rdv.findUniqueOrThrow({ where: { id: rdvId }, select: rdvSnapshotSelect }));
    if (isCancelledStatus(before.status)) return before;
    // Leaving the calendar is a change calendars must apply: the SEQUENCE grows.
    const change = await updateReservedRdv(tx, context, { before, userId, at }, { status: "excused" });
    await enqueueUsagerEmail(tx, context, {
      email: "cancelled",
      rdv: change.after,
      userId,
      token: command.token,
      previousStartsAt: null,
      at,
    });
    return change.after;
  });
}

/**
 * Move the RDV of a link to another free créneau of its motif and lieu, with the same agent when free, else another
 * one (same lock as a booking). A cancelled RDV cannot move (409); the same start changes nothing.
 */
export async function moveReservation(
  context: DomainContext,
  command: ReservationCommand & { raw: unknown },
): Promise<RdvSnapshot> {
  const { startsAt } = parseInput(moveSchema, command.raw);
  const at = command.now ?? new Date();
  return context.db.$transaction(async (tx) => {
    const { rdvId, userId } = await lockReservation(tx, command.token, at);
    const before = toRdvSnapshot(await tx.rdv.findUniqueOrThrow({ where: { id: rdvId }, select: rdvSnapshotSelect }));
    if (isCancelledStatus(before.status)) {
      throw conflict("Ce rendez-vous est annulé : prenez un nouveau rendez-vous.");
    }
    if (before.startsAt.getTime() === startsAt.getTime()) return before;
    const lieuId = before.lieuId;
    if (lieuId === null) throw conflict("Ce rendez-vous ne peut pas être déplacé en ligne : contactez le service.");
    const organisation = await findPublicOrganisation(tx, before.organisationId);
    const agentId = await takeCreneau(tx, {
      organisation,
      motif: { id: before.motifId, durationInMin: before.durationInMin },
      lieuId,
      startsAt,
      now: at,
      ...(before.agentIds[0] !== undefined && { preferAgentId: before.agentIds[0] }),
      exceptRdvId: rdvId,
    });
    const sameAgent = before.agentIds.length === 1 && before.agentIds[0] === agentId;
    const change = await updateReservedRdv(
      tx,
      context,
      { before, userId, at },
      { startsAt, ...(!sameAgent && { agents: { deleteMany: {}, create: { agentId } } }) },
    );
    await extendReservationTokens(tx, rdvId, startsAt);
    await enqueueUsagerEmail(tx, context, {
      email: "moved",
      rdv: change.after,
      userId,
      token: command.token,
      previousStartsAt: before.startsAt,
      at,
    });
    return change.after;
  });
}

/** Write an update the usager made through its link (the SEQUENCE grows) and record it, the usager as its author. */
async function updateReservedRdv(
  tx: Tx,
  context: DomainContext,
  { before, userId, at }: { before: RdvSnapshot; userId: string; at: Date },
  data: Prisma.RdvUpdateInput,
): Promise<Extract<RdvChange, { action: "updated" }>> {
  const row = await tx.rdv.update({
    where: { id: before.id },
    data: { ...data, sequence: { increment: 1 } },
    select: rdvSnapshotSelect,
  });
  const author: Author = { kind: "user", userId };
  const change: Extract<RdvChange, { action: "updated" }> = {
    kind: "rdv",
    action: "updated",
    author,
    at,
    before,
    after: toRdvSnapshot(row),
  };
  await recordChange(tx, context, change);
  return change;
}
