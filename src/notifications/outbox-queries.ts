// Reading the outbox: the dev store's list (/dev/emails), one stored email, and the counts of the health page.
import type { Db } from "../db/client.ts";
import { notFound } from "../domain/errors.ts";

const DEV_LIST_LIMIT = 200;

/** The latest emails, newest first, for the development page. */
export async function listRecentEmails(db: Db, limit = DEV_LIST_LIMIT) {
  return db.outboxMessage.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: limit,
    select: {
      id: true,
      kind: true,
      toEmail: true,
      subject: true,
      status: true,
      attempts: true,
      createdAt: true,
      sentAt: true,
      icsMethod: true,
    },
  });
}

/** One stored email with its bodies and calendar, or a 404. */
export async function findStoredEmail(db: Db, id: string) {
  const email = await db.outboxMessage.findUnique({ where: { id } });
  if (!email) throw notFound("Cet email n'existe pas.");
  return email;
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
