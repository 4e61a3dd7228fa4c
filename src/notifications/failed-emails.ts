// « Emails en échec »: the emails of an organisation the worker gave up on, and sending one again. Admins only.
import type { Db } from "../db/client.ts";
import { requireAdmin } from "../domain/admin/admin.policy.ts";
import type { Actor } from "../domain/auth/actor.ts";
import { notFound } from "../domain/errors.ts";
import { subjectOf } from "./render.ts";

/** The dead emails of the organisation, newest first, each with the subject its payload renders to. */
export async function listFailedEmails(db: Db, actor: Actor, organisationId: string) {
  requireAdmin(actor, organisationId);
  const rows = await db.outboxMessage.findMany({
    where: { organisationId, status: "dead" },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 500,
    select: { id: true, kind: true, toEmail: true, payload: true, attempts: true, lastError: true, createdAt: true },
  });
  return rows.map(({ payload, ...row }) => ({ ...row, subject: subjectOf({ kind: row.kind, payload }) }));
}

/** How many emails of the organisation are waiting to be sent (retries included). */
export async function countPendingEmails(db: Db, actor: Actor, organisationId: string): Promise<number> {
  requireAdmin(actor, organisationId);
  return db.outboxMessage.count({ where: { organisationId, status: "pending" } });
}

/**
 * Put a dead email back in the queue, as new: due now, with a fresh round of attempts. It keeps its Message-ID, so
 * it is the same email for the recipient's server. Another organisation's email, or one not dead, is a 404.
 */
export async function resendFailedEmail(
  db: Db,
  {
    actor,
    organisationId,
    emailId,
    now = new Date(),
  }: { actor: Actor; organisationId: string; emailId: string; now?: Date },
): Promise<void> {
  requireAdmin(actor, organisationId);
  const { count } = await db.outboxMessage.updateMany({
    where: { id: emailId, organisationId, status: "dead" },
    data: { status: "pending", attempts: 0, nextAttemptAt: now, lockedUntil: null },
  });
  if (count === 0) throw notFound("Cet email n'est pas (ou plus) en échec.");
}
