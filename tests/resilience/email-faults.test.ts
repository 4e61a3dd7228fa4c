// Class 9 of the hostile-input review: nothing lost when a part of the email path fails. Against a real PostgreSQL
// server (a database of this file's own, on TEST_DATABASE_URL's server or 127.0.0.1:5432) and the SMTP sink, with
// the worker and the web server as real child processes (`node src/worker-main.ts`, `node src/main.ts`):
// (a) SMTP refusing, then accepting; (b) a worker SIGKILLed mid-batch and another started; (c) two web processes and
// two workers under a burst of 500 changes through the API. Each prints its figures (expected, delivered, duplicated
// by Message-ID, lost, 5xx) for the note. Everything is on loopback and bounded in time.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { DateTime } from "luxon";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma, type Db } from "../../src/db/client.ts";
import { runMigrations } from "../../src/db/migrate.ts";
import { enqueueEmails, type OutgoingEmail } from "../../src/notifications/outbox.ts";
import { createEmailTransport, type EmailTransport } from "../../src/notifications/transport.ts";
import { processOutboxOnce } from "../../src/notifications/worker.ts";
import { createTeam, TEST_PASSWORD, unique } from "../support/factories.ts";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.ts";

const SERVER_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const APP_URL = "http://127.0.0.1";
const ROOT = new URL("../../", import.meta.url).pathname;

let databaseName: string;
let databaseUrl: string;
let db: Db;
let sink: SmtpSink;
const children: ChildProcess[] = [];

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  databaseName = `rdv_faults_${unique().replace(/-/g, "")}`;
  await adminQuery(`CREATE DATABASE ${databaseName}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();
  await runMigrations(databaseUrl);
  db = createPrisma(databaseUrl, 4);
  sink = await startSmtpSink();
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await db?.$disconnect();
  await sink?.close();
  if (databaseName) await adminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** A child process of the app (its output kept for the failure message), with the test's database and sink. */
function startChild(script: "src/worker-main.ts" | "src/main.ts", env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      TZ: "UTC",
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      DATABASE_URL: databaseUrl,
      SMTP_URL: sink.url,
      APP_URL,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("exit", (code, signal) => {
    if (code !== 0 && code !== null && signal === null) console.error(`${script} exited with ${code}:\n${output}`);
  });
  children.push(child);
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** `count` emails to `recipients` different agents of a new organisation, queued in one transaction. */
async function queueEmails(count: number, recipients: number): Promise<string[]> {
  const team = await createTeam(db);
  const emails: OutgoingEmail[] = Array.from({ length: count }, (_, index) => {
    const to = `destinataire-${index % recipients}-${unique()}@test.rdv-agents.fr`;
    return {
      organisationId: team.organisation.id,
      kind: "password_reset",
      to,
      payload: { kind: "password_reset", recipient: { firstName: "Test", email: to }, token: `jeton-${index}` },
    };
  });
  return db.$transaction((tx) => enqueueEmails(tx, emails));
}

type Figures = { expected: number; delivered: number; duplicated: number; lost: number };

/** What the sink received of these Message-IDs: distinct ones delivered, extra copies, and those never received. */
function figuresOf(messageIds: readonly string[]): Figures {
  // Stored with their angle brackets, as mailparser gives them back.
  const wanted = new Set(messageIds);
  const received = new Map<string, number>();
  for (const message of sink.messages) {
    const id = message.parsed.messageId;
    if (id && wanted.has(id)) received.set(id, (received.get(id) ?? 0) + 1);
  }
  const copies = [...received.values()].reduce((sum, n) => sum + n, 0);
  return {
    expected: wanted.size,
    delivered: received.size,
    duplicated: copies - received.size,
    lost: wanted.size - received.size,
  };
}

async function waitForAll(messageIds: readonly string[], timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (figuresOf(messageIds).lost > 0 && Date.now() - started < timeoutMs) await sleep(100);
  return Date.now() - started;
}

describe("email faults", () => {
  it("(a) SMTP refusing, then accepting: every email goes out once, none is lost", async () => {
    const messageIds = await queueEmails(60, 12);
    const organisationIds = [
      (await db.outboxMessage.findFirstOrThrow({ where: { messageId: messageIds[0] } })).organisationId ?? "",
    ];
    const transport = createEmailTransport({
      SMTP_URL: sink.url,
      MAIL_FROM: "no-reply@rdv-agents.fr",
      NODE_ENV: "test",
    });
    const options = { db, transport, config: { APP_URL }, organisationIds, batchSize: 100 };
    try {
      sink.refuse(true);
      const refusalsBefore = sink.refusals;
      const refused = await processOutboxOnce(options);
      expect(refused).toMatchObject({ claimed: 60, sent: 0, retried: 60 });
      expect(sink.refusals - refusalsBefore).toBe(60);
      // Not due again before their retry time: nothing is sent early.
      expect((await processOutboxOnce(options)).claimed).toBe(0);
      sink.refuse(false);
      // The retry time reached (the first retry waits one minute).
      const later = new Date(Date.now() + 2 * 60_000);
      const accepted = await processOutboxOnce({ ...options, now: later });
      expect(accepted).toMatchObject({ claimed: 60, sent: 60, retried: 0 });
      expect((await processOutboxOnce({ ...options, now: later })).claimed).toBe(0);
    } finally {
      sink.refuse(false);
      transport.close();
    }
    const figures = figuresOf(messageIds);
    console.info(`[faults] (a) SMTP refusing then accepting: ${JSON.stringify(figures)}`);
    expect(figures).toEqual({ expected: 60, delivered: 60, duplicated: 0, lost: 0 });
    expect(await db.outboxMessage.count({ where: { messageId: { in: messageIds }, status: "sent" } })).toBe(60);
  });

  it("(b) a worker SIGKILLed mid-batch: another one delivers every email within about 40 s", async () => {
    const messageIds = await queueEmails(400, 40);
    const first = startChild("src/worker-main.ts");
    // Kill it once it is well into the work, while it holds claimed rows.
    const started = Date.now();
    // Not a multiple of the batch (20): killed in the middle of one, not between two.
    while (figuresOf(messageIds).delivered < 70 && Date.now() - started < 60_000) await sleep(5);
    first.kill("SIGKILL");
    const killedAt = Date.now();
    await new Promise<void>((resolve) =>
      first.exitCode !== null || first.signalCode ? resolve() : first.once("exit", () => resolve()),
    );
    const atKill = figuresOf(messageIds);
    const leased = await db.outboxMessage.count({
      where: { messageId: { in: messageIds }, status: "pending", lockedUntil: { gt: new Date() } },
    });
    expect(atKill.delivered).toBeGreaterThanOrEqual(70);
    // It did hold rows when it died: they wait for its lease to run out.
    expect(leased).toBeGreaterThan(0);
    expect(atKill.lost).toBeGreaterThan(0);

    const second = startChild("src/worker-main.ts");
    try {
      await waitForAll(messageIds, 50_000);
      const afterKillMs = Date.now() - killedAt;
      const figures = figuresOf(messageIds);
      console.info(
        `[faults] (b) worker SIGKILLed mid-batch: ${JSON.stringify(figures)}; delivered before the kill ` +
          `${atKill.delivered}, rows under the dead worker's lease ${leased}, all delivered ${afterKillMs} ms after the kill`,
      );
      expect(figures.lost).toBe(0);
      expect(figures.delivered).toBe(400);
      // At least once: only a send in flight at the kill may go twice, never more than the dead worker held.
      expect(figures.duplicated).toBeLessThanOrEqual(leased);
      expect(afterKillMs).toBeLessThan(45_000);
      // And the database agrees: every row sent, none left to anybody.
      const deadline = Date.now() + 10_000;
      while (
        (await db.outboxMessage.count({ where: { messageId: { in: messageIds }, status: "sent" } })) < 400 &&
        Date.now() < deadline
      ) {
        await sleep(100);
      }
      expect(await db.outboxMessage.count({ where: { messageId: { in: messageIds }, status: "sent" } })).toBe(400);
    } finally {
      await stopChild(second);
    }
  });

  it("(c) two web processes and two workers under a burst of 500 changes: nothing lost, no 5xx but 503", async () => {
    const team = await createTeam(db);
    const lieu = await db.lieu.create({
      data: { organisationId: team.organisation.id, name: "Mairie", address: "1 place de la Mairie" },
      select: { id: true },
    });
    const motif = await db.motif.create({
      data: { organisationId: team.organisation.id, name: "Accueil", defaultDurationInMin: 30 },
      select: { id: true },
    });
    const ports = [await freePort(), await freePort()];
    const webs = ports.map((port) => startChild("src/main.ts", { PORT: String(port), RUN_WORKER: "false" }));
    const workers = [startChild("src/worker-main.ts"), startChild("src/worker-main.ts")];
    try {
      const urls = ports.map((port) => `http://127.0.0.1:${port}`);
      for (const url of urls) {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const ok = await fetch(`${url}/sante`).then(
            (response) => response.ok,
            () => false,
          );
          if (ok) break;
          const web = webs[urls.indexOf(url)];
          if (web && web.exitCode !== null) throw new Error(`${url} exited with ${web.exitCode} (its output is above)`);
          if (Date.now() > deadline) throw new Error(`${url} did not start`);
          await sleep(200);
        }
      }
      const tokenAnswer = await fetch(`${urls[0]}/api/v1/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: team.admin.email, password: TEST_PASSWORD }),
      });
      const { token } = (await tokenAnswer.json()) as { token: string };
      const owners = [team.agent1.id, team.agent2.id, team.secretary.id];
      const statuses = new Map<number, number>();
      const failures: string[] = [];
      const CHANGES = 500;
      let next = 0;
      // 32 requests at a time, alternately on each web process; one plage per agent and day, so none overlaps.
      const burstStarted = Date.now();
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < CHANGES) {
            const index = next++;
            const day = DateTime.fromISO("2027-01-04").plus({ days: Math.floor(index / owners.length) });
            const response = await fetch(`${urls[index % 2]}/api/v1/plages_ouverture`, {
              method: "POST",
              headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
              body: JSON.stringify({
                organisationId: team.organisation.id,
                agentId: owners[index % owners.length],
                lieuId: lieu.id,
                motifIds: [motif.id],
                title: `Permanence ${index}`,
                firstDay: day.toISODate(),
                startTime: "09:00",
                endTime: "12:00",
              }),
            });
            const body = await response.text();
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            if (response.status !== 201 && response.status !== 503)
              failures.push(`${response.status} ${body.slice(0, 200)}`);
          }
        }),
      );
      const burstMs = Date.now() - burstStarted;
      const rows = await db.outboxMessage.findMany({
        where: { organisationId: team.organisation.id },
        select: { messageId: true },
      });
      const messageIds = rows.map((row) => row.messageId);
      const waitedMs = await waitForAll(messageIds, 90_000);
      const figures = figuresOf(messageIds);
      const fiveHundreds = [...statuses]
        .filter(([status]) => status >= 500 && status !== 503)
        .reduce((n, [, c]) => n + c, 0);
      console.info(
        `[faults] (c) 2 web + 2 workers, burst of ${CHANGES} changes in ${burstMs} ms: answers ` +
          `${JSON.stringify(Object.fromEntries(statuses))}, emails ${JSON.stringify(figures)}, 5xx (not 503) ` +
          `${fiveHundreds}, all delivered ${waitedMs} ms after the burst`,
      );
      expect(failures).toEqual([]);
      expect(fiveHundreds).toBe(0);
      // One email to its owner per plage created by the admin (agents are emailed about every plage by default).
      expect(figures.expected).toBe(statuses.get(201) ?? 0);
      expect(figures.lost).toBe(0);
      expect(figures.duplicated).toBe(0);
    } finally {
      await Promise.all([...webs, ...workers].map(stopChild));
    }
  });

  it("(d) a lease is renewed while its worker works: a send slower than the lease keeps its row from the others", async () => {
    const [messageId = ""] = await queueEmails(1, 1);
    const { organisationId } = await db.outboxMessage.findFirstOrThrow({ where: { messageId } });
    const organisationIds = [organisationId ?? ""];
    const smtp = createEmailTransport({ SMTP_URL: sink.url, MAIL_FROM: "no-reply@rdv-agents.fr", NODE_ENV: "test" });
    // The real SMTP transport, 1.5 s late: five times the lease below.
    const slow: EmailTransport = {
      name: "smtp",
      send: async (email) => {
        await sleep(1500);
        await smtp.send(email);
      },
      close: () => {},
    };
    const common = { db, config: { APP_URL }, organisationIds, leaseMs: 300, renewEveryMs: 100 };
    try {
      const working = processOutboxOnce({ ...common, transport: slow, workerId: "lent" });
      await sleep(800);
      // Long past the first lease: another worker still finds nothing to take.
      expect(await processOutboxOnce({ ...common, transport: smtp, workerId: "autre" })).toMatchObject({ claimed: 0 });
      expect(await working).toMatchObject({ claimed: 1, sent: 1 });
    } finally {
      smtp.close();
    }
    expect(figuresOf([messageId])).toEqual({ expected: 1, delivered: 1, duplicated: 0, lost: 0 });
    expect(
      await db.outboxMessage.findFirstOrThrow({ where: { messageId }, select: { lockedBy: true, status: true } }),
    ).toEqual({ lockedBy: "lent", status: "sent" });
  });

  it("(e) a worker that lost its lease cannot mark the row: the worker holding it now keeps it", async () => {
    const [messageId = ""] = await queueEmails(1, 1);
    const { organisationId } = await db.outboxMessage.findFirstOrThrow({ where: { messageId } });
    const organisationIds = [organisationId ?? ""];
    // A worker paused past its lease (no renewal), whose send then fails...
    const failingLate: EmailTransport = {
      name: "smtp",
      send: async () => {
        await sleep(700);
        throw new Error("451 plus tard");
      },
      close: () => {},
    };
    // ...while another worker, which took the row over, is still sending it.
    const slowOk: EmailTransport = { name: "smtp", send: () => sleep(1500), close: () => {} };
    const common = { db, config: { APP_URL }, organisationIds };
    const late = processOutboxOnce({
      ...common,
      transport: failingLate,
      workerId: "en-retard",
      leaseMs: 200,
      renewEveryMs: 60_000,
    });
    await sleep(350);
    const holder = processOutboxOnce({ ...common, transport: slowOk, workerId: "titulaire", leaseMs: 30_000 });
    expect(await late).toMatchObject({ claimed: 1, retried: 1 });
    // The late failure changed nothing: the row is still leased to the worker sending it, not freed for a third one.
    const during = await db.outboxMessage.findFirstOrThrow({
      where: { messageId },
      select: { lockedBy: true, lockedUntil: true, attempts: true, lastError: true },
    });
    expect(during).toMatchObject({ lockedBy: "titulaire", attempts: 0, lastError: null });
    expect(during.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
    expect(await processOutboxOnce({ ...common, transport: slowOk, workerId: "troisieme" })).toMatchObject({
      claimed: 0,
    });
    expect(await holder).toMatchObject({ claimed: 1, sent: 1 });
    expect(
      await db.outboxMessage.findFirstOrThrow({ where: { messageId }, select: { status: true, attempts: true } }),
    ).toEqual({ status: "sent", attempts: 1 });
  });
});
