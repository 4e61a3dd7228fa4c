// The email worker: claims due outbox rows, sends them, records the outcome. Several workers (web processes and
// `npm run worker`) can share one PostgreSQL: a row is claimed by one of them only, under FOR UPDATE SKIP LOCKED and a
// short lease (`lockedUntil`, 30 s) that the worker renews while it works on the row, and keeps its Message-ID on every
// attempt, so a retry after a crash is the same email. A worker that dies stops renewing: its rows are taken again
// within about one lease. Only the worker named in `lockedBy` may mark a row sent or failed, so one that lost its lease
// (paused past it while another took the row) cannot mark it a second time. Each row is rendered from its payload
// (render.ts) just before it is sent, outside any transaction.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { resolvePasswordResetRequests } from "../domain/auth/password-reset.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { logger as defaultLogger } from "../logger.ts";
import { type AppLink, appLinkOf } from "./app-link.ts";
import { renderOutboxEmail } from "./render.ts";
import type { EmailTransport } from "./transport.ts";

/** Attempts before a row is given up (`dead`); with the delays below, about a day after the first one. */
export const MAX_ATTEMPTS = 12;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 8 * 60 * 60_000;

/**
 * How long to wait after the `attempt`-th failed attempt: 1 min, 2, 4… doubling, capped at 8 h. The 11 waits between
 * 12 attempts add up to about 24 h 30 min, long enough for an SMTP outage over a night or a weekend day.
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1), MAX_RETRY_MS);
}

export type ProcessOutboxOptions = {
  db: Db;
  transport: EmailTransport;
  /** APP_URL, which every link of the emails starts with. */
  config: Pick<Config, "APP_URL">;
  now?: Date;
  /** Rows claimed at once. */
  batchSize?: number;
  /** How long a claim holds unless renewed: a worker that dies mid-send leaves the row to others after this. */
  leaseMs?: number;
  /** How often the lease of the rows still being worked on is renewed (a third of the lease by default). */
  renewEveryMs?: number;
  /** Who claims (`lockedBy`); one per worker loop, by default a new one per pass. */
  workerId?: string;
  /** Only rows of these organisations (tests, which share one database, drain their own rows only). */
  organisationIds?: readonly string[];
};

/** What one pass did. */
export type OutboxPassCounts = { claimed: number; sent: number; retried: number; dead: number };

const DEFAULT_BATCH_SIZE = 20;
const DEFAULT_LEASE_MS = 30_000;

/** A name for a worker, unique across processes and hosts: `host:pid:random`. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Turn queued password-reset requests into emails (whole passes only: they belong to no organisation), then claim the
 * due pending rows (up to a batch) under a renewed lease, send each, and mark it sent, to retry later, or dead.
 */
export async function processOutboxOnce(options: ProcessOutboxOptions): Promise<OutboxPassCounts> {
  const { db } = options;
  if (options.organisationIds === undefined) await resolvePasswordResetRequests(db);
  // After the step above, so that the emails it queued are due in this pass.
  const now = options.now ?? new Date();
  const workerId = options.workerId ?? newWorkerId();
  const claimed = await claimDueEmails(db, now, workerId, options);
  const lease = renewLease(db, workerId, claimed, options);
  try {
    return await sendClaimed(options, workerId, claimed, lease.done, now);
  } finally {
    lease.stop();
  }
}

async function sendClaimed(
  options: ProcessOutboxOptions,
  workerId: string,
  claimed: ClaimedEmail[],
  done: (id: string) => void,
  now: Date,
): Promise<OutboxPassCounts> {
  const { db, transport } = options;
  const link = appLinkOf(options.config);
  const counts: OutboxPassCounts = { claimed: claimed.length, sent: 0, retried: 0, dead: 0 };
  // Recipients are served concurrently (the pool caps connections), each one's emails in order, so that an agent's
  // calendar gets a creation before its change. Each outcome is written as soon as it is known, so that a crash after
  // a send leaves as few rows as possible to be sent again.
  await Promise.all(
    [...groupBy(claimed, (email) => email.toEmail).values()].map(async (emails) => {
      for (const email of emails) {
        const outcome = await sendOne(db, transport, link, email, now, workerId);
        done(email.id);
        counts[outcome] += 1;
      }
    }),
  );
  return counts;
}

type ClaimedEmail = {
  id: string;
  kind: string;
  messageId: string;
  toEmail: string;
  fromName: string | null;
  payload: unknown;
  attempts: number;
  createdAt: Date;
};

// A payload that cannot be rendered is a failure like a refused send: retried (a fix may be deployed meanwhile), then
// dead, visible to admins.
async function sendOne(
  db: Db,
  transport: EmailTransport,
  link: AppLink,
  email: ClaimedEmail,
  now: Date,
  workerId: string,
) {
  try {
    const rendered = renderOutboxEmail(email, link);
    await transport.send({ ...rendered, messageId: email.messageId, toEmail: email.toEmail, fromName: email.fromName });
  } catch (error) {
    return recordFailure(db, email, error, now, workerId);
  }
  // Sent, whether or not the mark below still finds the row ours (if another worker took it over, it sends the same
  // Message-ID and marks it).
  await db.outboxMessage.updateMany({
    where: { id: email.id, status: "pending", lockedBy: workerId },
    data: { status: "sent", sentAt: now, lockedUntil: null, lastError: null, attempts: email.attempts + 1 },
  });
  return "sent" as const;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * Keep extending the lease of the claimed rows not yet done, every `renewEveryMs`, for as long as this pass works on
 * them. `done` drops a row; `stop` ends the renewals.
 */
function renewLease(
  db: Db,
  workerId: string,
  claimed: readonly ClaimedEmail[],
  { leaseMs = DEFAULT_LEASE_MS, renewEveryMs }: Pick<ProcessOutboxOptions, "leaseMs" | "renewEveryMs">,
): { done: (id: string) => void; stop: () => void } {
  const held = new Set(claimed.map((email) => email.id));
  const timer = setInterval(
    () => {
      if (held.size === 0) return;
      const until = new Date(Date.now() + leaseMs);
      db.$executeRaw`
        UPDATE "OutboxMessage" SET "lockedUntil" = ${until}
        WHERE "id" IN (${Prisma.join([...held])}) AND "lockedBy" = ${workerId} AND "status" = 'pending'`.catch(
        // A missed renewal only shortens the lease; the next one may succeed.
        (error: unknown) => defaultLogger.warn({ err: error }, "email lease renewal failed"),
      );
    },
    renewEveryMs ?? Math.max(1, Math.floor(leaseMs / 3)),
  );
  // A renewal must not keep a process alive that has nothing else to do.
  timer.unref();
  return { done: (id) => held.delete(id), stop: () => clearInterval(timer) };
}

// One short transaction: the sub-select locks the due rows no other worker holds (SKIP LOCKED) and the update leases
// them to this worker, so that after commit, while this worker talks to the SMTP server, nobody else takes them.
async function claimDueEmails(
  db: Db,
  now: Date,
  workerId: string,
  { batchSize = DEFAULT_BATCH_SIZE, leaseMs = DEFAULT_LEASE_MS, organisationIds }: ProcessOutboxOptions,
): Promise<ClaimedEmail[]> {
  const leasedUntil = new Date(now.getTime() + leaseMs);
  const scope =
    organisationIds === undefined
      ? Prisma.empty
      : organisationIds.length === 0
        ? Prisma.sql`AND FALSE`
        : Prisma.sql`AND "organisationId" IN (${Prisma.join(organisationIds)})`;
  const claimed = await db.$transaction(
    (tx) =>
      tx.$queryRaw<ClaimedEmail[]>`
      UPDATE "OutboxMessage" SET "lockedUntil" = ${leasedUntil}, "lockedBy" = ${workerId}
      WHERE "id" IN (
        SELECT "id" FROM "OutboxMessage"
        WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now}
          AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now}) ${scope}
        ORDER BY "nextAttemptAt", "createdAt"
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING "id", "kind", "messageId", "toEmail", "fromName", "payload", "attempts", "createdAt"`,
  );
  // RETURNING follows no order: put each agent's emails back in the order of the changes that caused them.
  return claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

async function recordFailure(
  db: Db,
  email: ClaimedEmail,
  error: unknown,
  now: Date,
  workerId: string,
): Promise<"retried" | "dead"> {
  const attempts = email.attempts + 1;
  const lastError = describeError(error);
  const dead = attempts >= MAX_ATTEMPTS;
  await db.outboxMessage.updateMany({
    where: { id: email.id, status: "pending", lockedBy: workerId },
    data: dead
      ? { status: "dead", attempts, lastError, lockedUntil: null }
      : { attempts, lastError, lockedUntil: null, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) },
  });
  return dead ? "dead" : "retried";
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 1000);
}

export type OutboxWorkerOptions = Omit<ProcessOutboxOptions, "now"> & {
  /** Pause between passes that found nothing more to do. */
  pollIntervalMs?: number;
  logger?: Pick<typeof defaultLogger, "info" | "warn" | "error">;
};

/** A running worker loop; `stop` lets the current pass finish, then resolves. */
export type OutboxWorker = { stop(): Promise<void> };

const DEFAULT_POLL_INTERVAL_MS = 1000;

/** Run passes until stopped: at once again after a full batch, otherwise after the poll interval. */
export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { pollIntervalMs = DEFAULT_POLL_INTERVAL_MS, logger = defaultLogger } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const workerId = options.workerId ?? newWorkerId();
  let running = true;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    logger.info({ transport: options.transport.name }, "email worker started");
    while (running) {
      let fullBatch = false;
      try {
        const counts = await processOutboxOnce({ ...options, batchSize, workerId });
        fullBatch = counts.claimed === batchSize;
        if (counts.retried > 0 || counts.dead > 0) logger.warn(counts, "some emails could not be sent");
      } catch (error) {
        // The database may be away for a moment: keep polling, nothing is lost while rows wait.
        logger.error({ err: error }, "email worker pass failed");
      }
      if (running && !fullBatch) await pause(pollIntervalMs);
    }
    logger.info("email worker stopped");
  })();

  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
