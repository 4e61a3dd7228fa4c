// The link of a usager's emails to its RDV: a 256-bit secret (tokens.ts) of which only the sha256 is stored, valid
// until the RDV starts. Whoever holds it may see, move and cancel that one RDV; a wrong, unknown or expired token is
// the same plain 404, whatever the reason.
import type { Db, Tx } from "../../db/client.ts";
import { hashSecret, newSecret } from "../auth/tokens.ts";
import { notFound } from "../errors.ts";

const NOT_FOUND = "Ce lien n'est pas valable : il est erroné, ou le rendez-vous a déjà eu lieu.";

/** The 404 of a token that leads nowhere. */
const reservationNotFound = () => notFound(NOT_FOUND);

/** A token as a route may receive it: 43 base64url characters; anything else is not one of ours. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Store a new token for the usager's RDV, valid until `expiresAt` (the RDV's start); returns the secret. */
export async function issueReservationToken(
  tx: Tx,
  input: { rdvId: string; userId: string; expiresAt: Date },
): Promise<string> {
  const secret = newSecret();
  await tx.reservationToken.create({ data: { ...input, tokenHash: hashSecret(secret) } });
  return secret;
}

/** The RDV and usager a valid token leads to, without locking (pages), or the 404. */
export async function findReservationToken(db: Db | Tx, secret: string, now: Date) {
  if (!TOKEN_SHAPE.test(secret)) throw reservationNotFound();
  const token = await db.reservationToken.findUnique({
    where: { tokenHash: hashSecret(secret) },
    select: { rdvId: true, userId: true, expiresAt: true, rdv: { select: { startsAt: true } } },
  });
  // Also when the RDV itself has started: an agent may have moved it earlier than the token's end.
  const end = token ? Math.min(token.expiresAt.getTime(), token.rdv.startsAt.getTime()) : 0;
  if (!token || end <= now.getTime()) throw reservationNotFound();
  return { rdvId: token.rdvId, userId: token.userId };
}

/**
 * In a transaction: the RDV of a valid token, locked (FOR UPDATE) for the rest of it, so that a cancellation and a
 * move of one RDV, or two moves, run one after the other; or the 404.
 */
export async function lockReservation(tx: Tx, secret: string, now: Date): Promise<{ rdvId: string; userId: string }> {
  const token = await findReservationToken(tx, secret, now);
  await tx.$queryRaw`SELECT "id" FROM "Rdv" WHERE "id" = ${token.rdvId} FOR UPDATE`;
  // Read again under the lock: a move committed meanwhile may have shortened the token's life.
  return findReservationToken(tx, secret, now);
}

/** Move every token of an RDV to its new start (the link stays the same after a move). */
export async function extendReservationTokens(tx: Tx, rdvId: string, expiresAt: Date): Promise<void> {
  await tx.reservationToken.updateMany({ where: { rdvId }, data: { expiresAt } });
}
