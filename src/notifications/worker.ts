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
import { appLinkOf } from "./app-link.ts";
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
  if (claimed.length === 0) return { claimed: 0, sent: 0, retried: 0, dead: 0 };
  const sender = outboxSender(options, workerId);
  try {
    return await sender.send(claimed, now);
  } finally {
    sender.stop();
  }
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

/** Sends claimed batches, one after another or several at once, holding their lease until each outcome is written. */
type OutboxSender = {
  /** Send a claimed batch; resolves with its counts once the outcome of each of its rows is written. */
  send(claimed: readonly ClaimedEmail[], now: Date): Promise<OutboxPassCounts>;
  /** Resolves once fewer than `rows` claimed rows are still being worked on. */
  roomFor(rows: number): Promise<void>;
  /** Ends the lease renewals. */
  stop(): void;
};

// Recipients are served concurrently (the SMTP pool caps connections, and queues the rest), each one's emails in the
// order of the changes, across batches too: an agent's calendar gets a creation before its change. The next send does
// not wait for the row's mark: marks are written in batches (sentMarks), and the lease of a row is held until its mark
// is.
function outboxSender(options: ProcessOutboxOptions, workerId: string): OutboxSender {
  const { db, transport } = options;
  const link = appLinkOf(options.config);
  const lease = renewLease(db, workerId, options);
  const marks = sentMarks(db, workerId);
  // The last send queued for each recipient; removed once it is the last and has settled.
  const queues = new Map<string, Promise<unknown>>();
  let waiters: { rows: number; resolve: () => void }[] = [];
  const release = (id: string) => {
    lease.done(id);
    waiters = waiters.filter((waiter) => {
      if (lease.held() >= waiter.rows) return true;
      waiter.resolve();
      return false;
    });
  };

  // A payload that cannot be rendered is a failure like a refused send: retried (a fix may be deployed meanwhile),
  // then dead, visible to admins.
  const deliver = async (email: ClaimedEmail): Promise<{ error: unknown } | null> => {
    try {
      const rendered = renderOutboxEmail(email, link);
      await transport.send({
        ...rendered,
        messageId: email.messageId,
        toEmail: email.toEmail,
        fromName: email.fromName,
      });
      return null;
    } catch (error) {
      return { error };
    }
  };

  const sendOne = (email: ClaimedEmail, now: Date): Promise<keyof Omit<OutboxPassCounts, "claimed">> => {
    const sending = (queues.get(email.toEmail) ?? Promise.resolve()).then(() => deliver(email));
    queues.set(email.toEmail, sending);
    void sending.then(() => {
      if (queues.get(email.toEmail) === sending) queues.delete(email.toEmail);
    });
    return sending
      .then(async (failure) => {
        if (failure) return recordFailure(db, email, failure.error, now, workerId);
        // Sent, whether or not the mark still finds the row ours (if another worker took it over, it sends the same
        // Message-ID and marks it).
        await marks.mark(email.id, now);
        return "sent" as const;
      })
      .finally(() => release(email.id));
  };

  return {
    async send(claimed, now) {
      lease.hold(claimed.map((email) => email.id));
      const counts: OutboxPassCounts = { claimed: claimed.length, sent: 0, retried: 0, dead: 0 };
      await Promise.all(
        claimed.map(async (email) => {
          counts[await sendOne(email, now)] += 1;
        }),
      );
      return counts;
    },
    roomFor(rows) {
      if (lease.held() < rows) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ rows, resolve }));
    },
    stop: lease.stop,
  };
}

/**
 * Rows sent, marked `sent` in batches as large as the database's pace makes them: a mark waits only for the UPDATE in
 * progress, if any, and the next one writes every mark that came meanwhile (one statement for several rows under load,
 * at once for a lone email). A row is never held back on purpose: a worker killed between a send and its mark leaves
 * the row to be sent again after its lease (at least once), and only the sends that ended during one statement, and
 * those in flight, are exposed to that.
 */
function sentMarks(db: Db, workerId: string): { mark(id: string, at: Date): Promise<void> } {
  type Waiting = { id: string; at: Date; resolve: () => void; reject: (error: unknown) => void };
  let waiting: Waiting[] = [];
  let writing = false;
  const writeAll = async () => {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await db.$executeRaw`
          UPDATE "OutboxMessage" AS o
          SET "status" = 'sent', "sentAt" = m."at", "lockedUntil" = NULL, "lastError" = NULL,
            "attempts" = o."attempts" + 1
          FROM unnest(${batch.map((row) => row.id)}::text[], ${batch.map((row) => row.at.toISOString())}::timestamptz[])
            AS m("id", "at")
          WHERE o."id" = m."id" AND o."status" = 'pending' AND o."lockedBy" = ${workerId}`;
        for (const row of batch) row.resolve();
      } catch (error) {
        for (const row of batch) row.reject(error);
      }
    }
    writing = false;
  };
  return {
    mark(id, at) {
      return new Promise((resolve, reject) => {
        waiting.push({ id, at, resolve, reject });
        if (!writing) void writeAll();
      });
    },
  };
}

/**
 * Keep extending the lease of the claimed rows not yet done, every `renewEveryMs`, for as long as the sender works on
 * them. `hold` adds rows, `done` drops one; `stop` ends the renewals.
 */
function renewLease(
  db: Db,
  workerId: string,
  { leaseMs = DEFAULT_LEASE_MS, renewEveryMs }: Pick<ProcessOutboxOptions, "leaseMs" | "renewEveryMs">,
): { hold: (ids: readonly string[]) => void; done: (id: string) => void; held: () => number; stop: () => void } {
  const held = new Set<string>();
  const timer = setInterval(
    () => {
      if (held.size === 0) return;
      const until = new Date(Date.now() + leaseMs);
      db.$executeRaw`
        UPDATE "OutboxMessage" SET "lockedUntil" = ${until}
        WHERE "id" = ANY(${[...held]}::text[]) AND "lockedBy" = ${workerId} AND "status" = 'pending'`.catch(
        // A missed renewal only shortens the lease; the next one may succeed.
        (error: unknown) => defaultLogger.warn({ err: error }, "email lease renewal failed"),
      );
    },
    renewEveryMs ?? Math.max(1, Math.floor(leaseMs / 3)),
  );
  // A renewal must not keep a process alive that has nothing else to do.
  timer.unref();
  return {
    hold: (ids) => {
      for (const id of ids) held.add(id);
    },
    done: (id) => held.delete(id),
    held: () => held.size,
    stop: () => clearInterval(timer),
  };
}

// One statement, so one short transaction of its own (no BEGIN and COMMIT round trips): the sub-select locks the due
// rows no other worker holds (SKIP LOCKED) and the update leases them to this worker, so that after commit, while this
// worker talks to the SMTP server, nobody else takes them.
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
  const claimed = await db.$queryRaw<ClaimedEmail[]>`
    UPDATE "OutboxMessage" SET "lockedUntil" = ${leasedUntil}, "lockedBy" = ${workerId}
    WHERE "id" IN (
      SELECT "id" FROM "OutboxMessage"
      WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now}
        AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now}) ${scope}
      ORDER BY "nextAttemptAt", "createdAt"
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "kind", "messageId", "toEmail", "fromName", "payload", "attempts", "createdAt"`;
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

/**
 * Run passes until stopped. After a full batch the next one is claimed as soon as fewer than a batch of rows are still
 * being sent (at most two batches in hand), so that the SMTP pool never waits for a claim; after a partial one (the
 * outbox was drained), after the poll interval.
 */
export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, pollIntervalMs = DEFAULT_POLL_INTERVAL_MS, logger = defaultLogger } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const workerId = options.workerId ?? newWorkerId();
  const passOptions = { ...options, batchSize, workerId };
  const sender = outboxSender(passOptions, workerId);
  const sending = new Set<Promise<void>>();
  let running = true;
  let resolvedAt = Number.NEGATIVE_INFINITY;
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const pause = (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), stopped]).finally(() =>
      clearTimeout(timer),
    );
  };

  const loop = (async () => {
    logger.info({ transport: options.transport.name }, "email worker started");
    while (running) {
      let fullBatch = false;
      try {
        await Promise.race([sender.roomFor(batchSize), stopped]);
        if (!running) break;
        // Once per poll interval, also under load: a reset link waits no longer than on an idle worker.
        if (options.organisationIds === undefined && Date.now() - resolvedAt >= pollIntervalMs) {
          await resolvePasswordResetRequests(db);
          resolvedAt = Date.now();
        }
        const now = new Date();
        const claimed = await claimDueEmails(db, now, workerId, passOptions);
        fullBatch = claimed.length === batchSize;
        const batch = sender.send(claimed, now).then(
          (counts) => {
            if (counts.retried > 0 || counts.dead > 0) logger.warn(counts, "some emails could not be sent");
          },
          // A mark that could not be written leaves its row pending: it is sent again once its lease lapses.
          (error: unknown) => logger.error({ err: error }, "email worker pass failed"),
        );
        sending.add(batch);
        void batch.finally(() => sending.delete(batch));
      } catch (error) {
        // The database may be away for a moment: keep polling, nothing is lost while rows wait.
        logger.error({ err: error }, "email worker pass failed");
      }
      if (running && !fullBatch) await pause(pollIntervalMs);
    }
    // The rows in hand are sent and marked before the worker stops.
    await Promise.all(sending);
    sender.stop();
    logger.info("email worker stopped");
  })();

  return {
    async stop() {
      running = false;
      wake();
      await loop;
    },
  };
}
