// Delivery that loses nothing: the outbox written in the change's transaction, a worker that retries through SMTP
// outages with the same Message-ID, gives up after about a day, and never sends a row twice when several run.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrisma, type Db } from "../../../src/db/client.ts";
import { recordChanges } from "../../../src/domain/record-change.ts";
import { enqueueEmails, type OutgoingEmail } from "../../../src/notifications/outbox.ts";
import { devStoreTransport, type EmailTransport } from "../../../src/notifications/transport.ts";
import { MAX_ATTEMPTS, processOutboxOnce, retryDelayMs, startOutboxWorker } from "../../../src/notifications/worker.ts";
import { testDatabaseUrl, testDb } from "../../support/db.ts";
import { createTeam } from "../../support/factories.ts";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.ts";
import { APP_URL, agent, domainContext, rdvSnapshot, renderedRows, sinkTransport } from "./support.ts";

const db = testDb();
let sink: SmtpSink;
let transport: EmailTransport;

beforeAll(async () => {
  sink = await startSmtpSink();
  transport = sinkTransport(sink.url);
});
afterAll(async () => {
  transport.close();
  await sink.close();
});

const config = { APP_URL };
const MINUTE = 60_000;
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

/** `count` emails for one organisation, queued in one transaction; their Message-IDs. */
async function queue(organisationId: string, count: number, prefix = "agent"): Promise<string[]> {
  const emails: OutgoingEmail[] = Array.from({ length: count }, (_, index) => ({
    organisationId,
    kind: "plage_ouverture_created",
    to: `${prefix}-${index}-${organisationId}@test.rdv-agents.fr`,
    // Delivery is the same whatever the payload: an already-rendered one keeps these emails short.
    payload: {
      kind: "legacy_rendered",
      subject: `Plage d'ouverture créée - n° ${index}`,
      html: `<p>Plage n° ${index}</p>`,
      text: `Plage n° ${index}`,
      ics: { content: "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n", method: "REQUEST" },
    },
  }));
  return db.$transaction((tx) => enqueueEmails(tx, emails));
}

function received(organisationId: string) {
  return sink.messages.filter((m) => m.to.some((to) => to.endsWith(`-${organisationId}@test.rdv-agents.fr`)));
}

describe("the outbox and the change share one transaction", () => {
  it("queues nothing when the change rolls back, and the emails when it commits", async () => {
    const team = await createTeam(db);
    const after = rdvSnapshot({
      organisationId: team.organisation.id,
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      startsAt: later(new Date(), 60 * MINUTE),
      durationInMin: 30,
      agentIds: [team.agent1.id, team.agent2.id],
      userIds: [],
    });
    const change = {
      kind: "rdv",
      action: "created",
      author: agent(team.secretary.id),
      at: new Date(),
      before: null,
      after,
    } as const;

    await expect(
      db.$transaction(async (tx) => {
        await recordChanges(tx, domainContext(db), [change]);
        throw new Error("the action failed after planning its emails");
      }),
    ).rejects.toThrow("the action failed");
    expect(await db.outboxMessage.count({ where: { organisationId: team.organisation.id } })).toBe(0);

    await db.$transaction((tx) => recordChanges(tx, domainContext(db), [change]));
    const rows = await db.outboxMessage.findMany({ where: { organisationId: team.organisation.id } });
    expect(rows.map((row) => [row.toEmail, row.status]).sort()).toEqual(
      [
        [team.agent1.email, "pending"],
        [team.agent2.email, "pending"],
      ].sort(),
    );
  });
});

describe("an SMTP server that refuses mail for a while", () => {
  it("loses nothing and doubles nothing: the emails wait, then go out once each with their own Message-ID", async () => {
    const team = await createTeam(db);
    const organisationIds = [team.organisation.id];
    const messageIds = await queue(team.organisation.id, 3);
    const start = new Date();

    sink.refuse(true);
    const refused = await processOutboxOnce({ config, db, transport, now: start, organisationIds });
    expect(refused).toEqual({ claimed: 3, sent: 0, retried: 3, dead: 0 });
    const waiting = await db.outboxMessage.findMany({ where: { organisationId: team.organisation.id } });
    for (const row of waiting) {
      expect(row).toMatchObject({ status: "pending", attempts: 1, lockedUntil: null });
      expect(row.lastError).toMatch(/451/);
      expect(row.nextAttemptAt).toEqual(later(start, MINUTE));
    }

    // Not due yet: nobody retries before the backoff delay, even with the server back.
    sink.refuse(false);
    expect(
      await processOutboxOnce({ config, db, transport, now: later(start, 30_000), organisationIds }),
    ).toMatchObject({
      claimed: 0,
    });

    const sent = await processOutboxOnce({ config, db, transport, now: later(start, MINUTE), organisationIds });
    expect(sent).toEqual({ claimed: 3, sent: 3, retried: 0, dead: 0 });
    expect(
      await processOutboxOnce({ config, db, transport, now: later(start, 2 * MINUTE), organisationIds }),
    ).toMatchObject({
      claimed: 0,
    });

    const emails = received(team.organisation.id);
    expect(emails.map((m) => m.parsed.messageId).sort()).toEqual([...messageIds].sort());
    const rows = await db.outboxMessage.findMany({ where: { organisationId: team.organisation.id } });
    expect(rows.every((row) => row.status === "sent" && row.attempts === 2 && row.lastError === null)).toBe(true);
  });

  it("keeps emails waiting while the server is down altogether, and sends them when it is back", async () => {
    const team = await createTeam(db);
    const organisationIds = [team.organisation.id];
    await queue(team.organisation.id, 2);
    const down = await startSmtpSink();
    const downUrl = down.url;
    await down.close();
    const unreachable = sinkTransport(downUrl);
    const start = new Date();
    expect(await processOutboxOnce({ config, db, transport: unreachable, now: start, organisationIds })).toMatchObject({
      retried: 2,
    });
    unreachable.close();
    const rows = await db.outboxMessage.findMany({ where: { organisationId: team.organisation.id } });
    expect(rows.every((row) => row.status === "pending" && /ECONNREFUSED|connect/i.test(row.lastError ?? ""))).toBe(
      true,
    );

    expect(
      await processOutboxOnce({ config, db, transport, now: later(start, MINUTE), organisationIds }),
    ).toMatchObject({
      sent: 2,
    });
    expect(received(team.organisation.id)).toHaveLength(2);
  });

  it("gives up after about a day of refusals: the email is dead, with the last error", async () => {
    const team = await createTeam(db);
    const organisationIds = [team.organisation.id];
    await queue(team.organisation.id, 1);
    const start = new Date();
    let now = start;
    const attemptTimes: Date[] = [];
    sink.refuse(true);
    try {
      for (let pass = 0; pass < 20; pass++) {
        const counts = await processOutboxOnce({ config, db, transport, now, organisationIds });
        if (counts.claimed > 0) attemptTimes.push(now);
        if (counts.dead > 0) break;
        const [row] = await db.outboxMessage.findMany({ where: { organisationId: team.organisation.id } });
        if (!row) throw new Error("row vanished");
        now = row.nextAttemptAt;
      }
    } finally {
      sink.refuse(false);
    }
    const [row] = await db.outboxMessage.findMany({ where: { organisationId: team.organisation.id } });
    expect(row).toMatchObject({ status: "dead", attempts: MAX_ATTEMPTS });
    expect(row?.lastError).toMatch(/451/);
    expect(attemptTimes).toHaveLength(MAX_ATTEMPTS);
    const hours = (now.getTime() - start.getTime()) / 3_600_000;
    expect(hours).toBeGreaterThan(20);
    expect(hours).toBeLessThan(30);
    // Dead emails are not retried by the worker.
    expect(
      await processOutboxOnce({ config, db, transport, now: later(now, 48 * 60 * MINUTE), organisationIds }),
    ).toMatchObject({ claimed: 0 });
    expect(received(team.organisation.id)).toHaveLength(0);
  });

  it("backs off exponentially: 1, 2, 4 minutes… capped at 8 hours", () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([1, 2, 4, 8, 16].map((m) => m * MINUTE));
    expect(retryDelayMs(11)).toBe(8 * 60 * MINUTE);
  });
});

describe("a retry after a crash", () => {
  it("is the same email: same Message-ID, same content", async () => {
    const team = await createTeam(db);
    const organisationIds = [team.organisation.id];
    const [messageId] = await queue(team.organisation.id, 1);
    // The SMTP server took the message, then the worker died before writing « sent ».
    const crashing: EmailTransport = {
      name: "smtp",
      send: async (email) => {
        await transport.send(email);
        throw new Error("worker killed before recording the send");
      },
      close: () => {},
    };
    const start = new Date();
    await processOutboxOnce({ config, db, transport: crashing, now: start, organisationIds });
    await processOutboxOnce({ config, db, transport, now: later(start, MINUTE), organisationIds });

    const [first, second] = received(team.organisation.id);
    expect(first?.parsed.messageId).toBe(messageId);
    expect(second?.parsed.messageId).toBe(messageId);
    expect(second?.parsed.text).toBe(first?.parsed.text);
  });

  it("waits for the lease of a worker that died holding the row, then another worker sends it", async () => {
    const team = await createTeam(db);
    const organisationIds = [team.organisation.id];
    await queue(team.organisation.id, 1);
    const start = new Date();
    await db.outboxMessage.updateMany({
      where: { organisationId: team.organisation.id },
      data: { lockedUntil: later(start, 5 * MINUTE) },
    });
    expect(await processOutboxOnce({ config, db, transport, now: start, organisationIds })).toMatchObject({
      claimed: 0,
    });
    expect(
      await processOutboxOnce({ config, db, transport, now: later(start, 5 * MINUTE), organisationIds }),
    ).toMatchObject({
      sent: 1,
    });
  });
});

describe("several workers on one database", () => {
  // On PostgreSQL the second worker has its own connections, as another process would. The embedded PGlite is one
  // session that cannot interleave two clients' statements, and is never shared by two processes (npm run worker
  // needs DATABASE_URL): there both workers share the test client and the claims still must not overlap.
  let otherDb: Db;
  beforeAll(() => {
    otherDb = inject("databaseKind") === "postgresql" ? createPrisma(testDatabaseUrl(), 2) : db;
  });
  afterAll(async () => {
    if (otherDb !== db) await otherDb.$disconnect();
  });

  it("never send a row twice when two passes run at the same time", async () => {
    const team = await createTeam(db);
    const organisationIds = [team.organisation.id];
    const messageIds = await queue(team.organisation.id, 40);
    const secondTransport = sinkTransport(sink.url);
    const now = new Date();
    const [a, b] = await Promise.all([
      processOutboxOnce({ config, db, transport, now, organisationIds, batchSize: 25 }),
      processOutboxOnce({ config, db: otherDb, transport: secondTransport, now, organisationIds, batchSize: 25 }),
    ]);
    secondTransport.close();
    // Together they take every row, each once: what one holds, the other skips.
    expect(a.claimed + b.claimed).toBe(40);
    expect(a.sent + b.sent).toBe(40);
    expect(await processOutboxOnce({ config, db, transport, now, organisationIds })).toMatchObject({ claimed: 0 });
    const ids = received(team.organisation.id).map((m) => m.parsed.messageId);
    expect(ids).toHaveLength(40);
    expect(new Set(ids)).toEqual(new Set(messageIds));
  });

  it("never send a row twice with two worker loops running", async () => {
    const team = await createTeam(db);
    const organisationIds = [team.organisation.id];
    const messageIds = await queue(team.organisation.id, 60);
    const secondTransport = sinkTransport(sink.url);
    const loops = [
      startOutboxWorker({ config, db, transport, organisationIds, batchSize: 7, pollIntervalMs: 20 }),
      startOutboxWorker({
        config,
        db: otherDb,
        transport: secondTransport,
        organisationIds,
        batchSize: 7,
        pollIntervalMs: 20,
      }),
    ];
    const deadline = Date.now() + 20_000;
    while (received(team.organisation.id).length < 60 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Let both loops make one more pass each, so that a double send would show.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await Promise.all(loops.map((loop) => loop.stop()));
    secondTransport.close();

    const ids = received(team.organisation.id).map((m) => m.parsed.messageId);
    expect(ids).toHaveLength(60);
    expect(new Set(ids)).toEqual(new Set(messageIds));
    expect(await db.outboxMessage.count({ where: { organisationId: team.organisation.id, status: "sent" } })).toBe(60);
  });
});

describe("a payload the worker cannot read", () => {
  it("is retried like a refused send, with the reason, while the other emails go out", async () => {
    const team = await createTeam(db);
    const organisationIds = [team.organisation.id];
    await queue(team.organisation.id, 1);
    // A row no code path writes (enqueue checks the payload): e.g. one left by a later version after a rollback.
    await db.outboxMessage.create({
      data: {
        organisationId: team.organisation.id,
        kind: "rdv_created",
        toEmail: `unreadable-${team.organisation.id}@test.rdv-agents.fr`,
        messageId: `<unreadable-${team.organisation.id}@rdv-agents.fr>`,
        payload: { kind: "rdv", rdv: { id: "x" } },
      },
    });
    const start = new Date();
    expect(await processOutboxOnce({ config, db, transport, now: start, organisationIds })).toEqual({
      claimed: 2,
      sent: 1,
      retried: 1,
      dead: 0,
    });
    const unreadable = await db.outboxMessage.findFirstOrThrow({
      where: { organisationId: team.organisation.id, kind: "rdv_created" },
    });
    expect(unreadable).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: later(start, MINUTE) });
    expect(unreadable.lastError).toMatch(/recipient|sender|invalid/i);
    expect(received(team.organisation.id)).toHaveLength(1);
  });
});

describe("the email as it leaves", () => {
  it("carries the calendar inline as text/calendar with its method and as an .ics attachment, in base64", async () => {
    const team = await createTeam(db);
    const after = rdvSnapshot({
      organisationId: team.organisation.id,
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      startsAt: later(new Date(), 60 * MINUTE),
      durationInMin: 30,
      agentIds: [team.agent1.id],
      userIds: [],
    });
    await db.$transaction((tx) =>
      recordChanges(tx, domainContext(db), [
        {
          kind: "rdv",
          action: "created",
          author: agent(team.secretary.id),
          at: new Date(),
          before: null,
          after,
        },
      ]),
    );
    await processOutboxOnce({ config, db, transport, organisationIds: [team.organisation.id] });
    const email = sink.messages.find((m) => m.to.includes(team.agent1.email));
    const raw = email?.raw ?? "";
    expect(raw).toMatch(
      /Content-Type: text\/calendar; charset=utf-8; method=REQUEST\r\nContent-Transfer-Encoding: base64/,
    );
    // Named after the event and its start in the organisation's wall-clock time.
    const name = `rdv-${DateTime.fromJSDate(after.startsAt, { zone: "Europe/Paris" }).toFormat("yyyy-MM-dd-HHmm")}.ics`;
    expect(raw).toContain(
      `Content-Type: application/ics; name=${name}\r\nContent-Disposition: attachment; filename=${name}\r\nContent-Transfer-Encoding: base64`,
    );
    expect(raw).not.toMatch(/quoted-printable/i);
    expect(email?.parsed.from?.value).toEqual([{ name: "RDV Agents", address: "no-reply@rdv-agents.fr" }]);
  });

  it("without SMTP, is kept in the dev store: marked sent, still readable", async () => {
    const team = await createTeam(db);
    const [messageId] = await queue(team.organisation.id, 1);
    const counts = await processOutboxOnce({
      config,
      db,
      transport: devStoreTransport(),
      organisationIds: [team.organisation.id],
    });
    expect(counts).toEqual({ claimed: 1, sent: 1, retried: 0, dead: 0 });
    const row = await db.outboxMessage.findUnique({ where: { messageId } });
    expect(row).toMatchObject({ status: "sent" });
    const [readable] = await renderedRows(db, { messageId });
    expect(readable?.subject).toBe("Plage d'ouverture créée - n° 0");
  });
});
