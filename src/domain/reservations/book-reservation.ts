// A usager books a créneau online: one transaction takes the créneau under the agents' lock (take-creneau.ts),
// finds or creates the usager by email in the organisation, writes the RDV with the usager as its author, records
// history and the agents' emails like any change, issues the link's token and queues the usager's confirmation.
import { randomUUID } from "node:crypto";
import type { Tx } from "../../db/client.ts";
import { fullName } from "../../vocabulary/names.ts";
import type { Author } from "../author.ts";
import type { RdvSnapshot } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { recordHistory } from "../history/record-history.ts";
import { insertRdv } from "../rdvs/insert-rdv.ts";
import { recordChange } from "../record-change.ts";
import { parseInput } from "../validation.ts";
import { findOnlineMotif, findOpenLieu, findPublicOrganisation } from "./online-offer.ts";
import { bookingSchema, type UsagerInput } from "./reservation.schemas.ts";
import { issueReservationToken } from "./reservation-token.ts";
import { takeCreneau } from "./take-creneau.ts";
import { enqueueUsagerEmail } from "./usager-email.ts";

export type BookReservationCommand = {
  /** The booking as sent: see `bookingSchema` (organisationId, motifId, lieuId, startsAt, usager). */
  raw: unknown;
  now?: Date;
};

/** The booked RDV and the secret of its link (the only time the secret is known outside the email). */
export type BookedReservation = { rdv: RdvSnapshot; token: string };

/**
 * Book the créneau for the usager: 422 on bad input or an unknown motif or lieu, 404 for an unknown organisation, and
 * 409 « Ce créneau vient d'être pris » when it is no longer free (taken meanwhile, past the window, never offered).
 */
export async function bookReservation(
  context: DomainContext,
  command: BookReservationCommand,
): Promise<BookedReservation> {
  const booking = parseInput(bookingSchema, command.raw);
  const at = command.now ?? new Date();
  return context.db.$transaction(async (tx) => {
    const organisation = await findPublicOrganisation(tx, booking.organisationId);
    const motif = await findOnlineMotif(tx, organisation.id, booking.motifId);
    const lieu = await findOpenLieu(tx, organisation.id, booking.lieuId);
    const agentId = await takeCreneau(tx, {
      organisation,
      motif,
      lieuId: lieu.id,
      startsAt: booking.startsAt,
      now: at,
    });
    const userId = await findOrCreateUsager(tx, organisation.id, booking.usager);
    const author: Author = { kind: "user", userId };
    const rdv = await insertRdv(tx, {
      organisationId: organisation.id,
      motifId: motif.id,
      lieuId: lieu.id,
      startsAt: booking.startsAt,
      durationInMin: motif.durationInMin,
      agentIds: [agentId],
      userIds: [userId],
      author,
    });
    await recordChange(tx, context, { kind: "rdv", action: "created", author, at, before: null, after: rdv });
    const token = await issueReservationToken(tx, { rdvId: rdv.id, userId, expiresAt: rdv.startsAt });
    await enqueueUsagerEmail(tx, context, { email: "confirmed", rdv, userId, token, previousStartsAt: null, at });
    return { rdv, token };
  });
}

/**
 * The usager of the organisation with this email, or a new one. A known usager is left as the agents recorded it:
 * whoever types an email may not rename or re-phone someone else, and the answer is the same either way. Two
 * bookings by one new email at the same moment meet on the unique (organisation, email) index: the second waits
 * for the first and then finds its row.
 */
async function findOrCreateUsager(tx: Tx, organisationId: string, usager: UsagerInput): Promise<string> {
  const id = randomUUID();
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "User" ("id", "organisationId", "firstName", "lastName", "email", "phone", "updatedAt")
    VALUES (${id}, ${organisationId}, ${usager.firstName}, ${usager.lastName}, ${usager.email}, ${usager.phone}, now())
    ON CONFLICT ("organisationId", "email") DO NOTHING
    RETURNING "id"`;
  if (inserted.length > 0) {
    await recordHistory(tx, {
      organisationId,
      recordId: id,
      author: { kind: "user", userId: id },
      data: { type: "user", action: "created", user: fullName(usager) },
    });
    return id;
  }
  const existing = await tx.user.findUniqueOrThrow({
    where: { organisationId_email: { organisationId, email: usager.email } },
    select: { id: true },
  });
  return existing.id;
}
