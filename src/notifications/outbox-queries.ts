// Reading the outbox: the dev store's list (/dev/emails), one stored email rendered from its payload, and the counts
// of the health page.
import type { Db } from "../db/client.ts";
import { notFound } from "../domain/errors.ts";
import type { AppLink } from "./app-link.ts";
import { icsMethodOf, renderOutboxEmail, subjectOf } from "./render.ts";

const DEV_LIST_LIMIT = 200;

/** The latest emails, newest first, for the development page; subjects from their payloads. */
export async function listRecentEmails(db: Db, limit = DEV_LIST_LIMIT) {
  const rows = await db.outboxMessage.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: limit,
    select: {
      id: true,
      kind: true,
      toEmail: true,
      payload: true,
      status: true,
      attempts: true,
      createdAt: true,
      sentAt: true,
    },
  });
  return rows.map(({ payload, ...row }) => ({
    ...row,
    subject: subjectOf({ kind: row.kind, payload }),
    icsMethod: icsMethodOf({ kind: row.kind, payload }),
  }));
}

/** One stored email rendered from its payload, as the worker sends it (bodies and calendar), or a 404. */
export async function findRenderedEmail(db: Db, id: string, link: AppLink) {
  const row = await db.outboxMessage.findUnique({ where: { id } });
  if (!row) throw notFound("Cet email n'existe pas.");
  const { payload: _payload, ...envelope } = row;
  const email = renderOutboxEmail(row, link);
  return {
    ...envelope,
    subject: email.subject,
    html: email.html,
    text: email.text,
    icsContent: email.ics?.content ?? null,
    icsMethod: email.ics?.method ?? null,
    /** The name the email gives its calendar file (`rdv-2026-12-03-1030.ics`). */
    icsFilename: email.ics?.filename ?? null,
  };
}

/** What the health page says about emails: how many wait to be sent, how many were given up. */
export async function outboxCounts(db: Db): Promise<{ pending: number; dead: number; oldestPendingAt: Date | null }> {
  const groups = await db.outboxMessage.groupBy({
    by: ["status"],
    where: { status: { in: ["pending", "dead"] } },
    _count: { _all: true },
    _min: { createdAt: true },
  });
  const pending = groups.find((group) => group.status === "pending");
  const dead = groups.find((group) => group.status === "dead");
  return {
    pending: pending?._count._all ?? 0,
    dead: dead?._count._all ?? 0,
    oldestPendingAt: pending?._min.createdAt ?? null,
  };
}

/** Whether the database answers. */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
