// `npm run bench`: every figure of issue 9 side by side with its ceiling, measured in the same run in alternating
// rounds (figure, ceiling, figure, ceiling…) so that a noisy machine hits both. Starts what it needs itself: a
// throw-away PostgreSQL database on 127.0.0.1:5432 (or BENCH_DATABASE_URL), the app (`node src/main.ts`), a bare
// Express + pg ceiling, an SMTP sink. Prints a table and writes bench/results/latest.json. See docs/performance.md.
//
// Environment: BENCH_DATABASE_URL (a database to use as is), BENCH_ADMIN_URL (where to create the throw-away one,
// default postgresql://postgres@127.0.0.1:5432/postgres), BENCH_ROUNDS (3), BENCH_SECONDS (6 per round),
// BENCH_APP_DIR (the app to measure, default this repository: point it at another checkout to compare), BENCH_POOL_SIZE
// (the ceiling's pool; default the app's), BENCH_ONLY (comma-separated sections: create,update,reads,burst,email,cold,
// creneaux). `npm run bench -- --profile[=move|feed|list|agenda]` instead runs one figure's load alone (creation by
// default) for 20 s under `node --cpu-prof` and prints the top costs (bench/profile-summary.ts).
import { type ChildProcess, fork, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DateTime } from "luxon";
import pg from "pg";
import {
  AGENDA_AGENT,
  ALL_LEVEL_AGENTS,
  type BenchData,
  createCeilingTable,
  loadBenchData,
  sql,
  TIMEZONE,
} from "./lib/data.ts";
import { load, type Round } from "./lib/load.ts";
import { type Child, cpuMs, peakRssMb, startNode, stop, waitForHttp } from "./lib/proc.ts";
import { summariseProfile } from "./profile-summary.ts";

const REPO = resolve(import.meta.dirname, "..");
const APP_DIR = resolve(process.env.BENCH_APP_DIR ?? REPO);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = 32;
const BURST = 500;
const EMAILS = 5_000;
const EMAIL_ROUNDS = Number(process.env.BENCH_EMAIL_ROUNDS ?? 2);
const ONLY = new Set((process.env.BENCH_ONLY ?? "create,update,reads,burst,email,cold,creneaux").split(","));
/** `--profile` profiles the creation load; `--profile=move|feed|list|agenda` another figure. */
const PROFILE =
  process.argv.find((arg) => arg === "--profile" || arg.startsWith("--profile="))?.split("=")[1] ??
  (process.argv.includes("--profile") ? "create" : null);
const DEMO_ADMIN = "admin@demo.rdv-agents.fr";
const DEMO_PASSWORD = "demo-rdv-agents";
const SESSION_SECRET = randomUUID() + randomUUID();

type Figure = {
  name: string;
  unit: string;
  figure: number;
  ceiling: number | null;
  ratio: number | null;
  p50: number | null;
  p99: number | null;
  ceilingP50?: number | null;
  ceilingP99?: number | null;
  errors: number;
  note?: string;
  rounds?: { figure: number[]; ceiling: number[] };
  appCpuMsPerRequest?: number;
  statuses?: Record<string, number>;
};

const figures: Figure[] = [];
const memory: Record<string, number> = {};
const extra: Record<string, unknown> = {};
const children: Child[] = [];
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0
    ? 0
    : sorted.length % 2
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const freePort = () => 20_000 + Math.floor(Math.random() * 20_000);

// ---------------------------------------------------------------------------------------------------------------
// The database: given, or created here and dropped at the end.
const adminUrl = process.env.BENCH_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const throwAway = process.env.BENCH_DATABASE_URL ? null : `rdv_bench_${Date.now().toString(36)}`;
const databaseUrl = process.env.BENCH_DATABASE_URL ?? withDatabase(adminUrl, throwAway ?? "");

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = startNode(args.join(" "), args, { cwd: APP_DIR, env });
  const code = await new Promise<number | null>((done) => child.process.once("exit", done));
  if (code !== 0) throw new Error(`node ${args.join(" ")} failed (${code})`);
}

function appEnv(port: number, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    LOG_LEVEL: "warn",
    RUN_WORKER: "false",
    // Production wants a session key; one per run is enough here.
    SESSION_SECRET: process.env.SESSION_SECRET ?? SESSION_SECRET,
    ...more,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP helpers for the set-up: an API token and a signed-in session of agent 1 (admin of the bench organisation).
async function apiToken(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: DEMO_PASSWORD, name: "Banc d'essai" }),
  });
  const body: unknown = await res.json();
  if (res.status !== 201 || typeof body !== "object" || body === null || !("token" in body)) {
    throw new Error(`token: ${res.status} ${JSON.stringify(body)}`);
  }
  return String(body.token);
}

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((cookie) => cookie.split(";")[0] ?? "");
}

async function signIn(base: string, email: string): Promise<string> {
  const page = await fetch(`${base}/connexion`);
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error("sign-in page without CSRF token");
  const res = await fetch(`${base}/connexion`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(page).join("; ") },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: csrf, retour: "/agenda" }),
  });
  const session = cookiesOf(res).find((cookie) => cookie.startsWith("rdv_session="));
  if (res.status !== 302 || !session) throw new Error(`sign-in: ${res.status}`);
  return session;
}

// ---------------------------------------------------------------------------------------------------------------
// Random but valid inputs: weekdays 400 to 700 days ahead, between 08:00 and 16:00 local time.
function randomStart(): string {
  const day = DateTime.now()
    .setZone(TIMEZONE)
    .startOf("day")
    .plus({ days: 400 + Math.floor(Math.random() * 300) });
  const weekday = day.weekday > 5 ? day.plus({ days: 8 - day.weekday }) : day;
  return weekday.plus({ minutes: 8 * 60 + 5 * Math.floor(Math.random() * 96) }).toISO() ?? "";
}
/**
 * Starts that never overlap one another (hourly, 08:00 to 16:00 on weekdays from 800 days ahead), for every booking
 * and move the bench makes: they share agents and one usager, and random times made up to a fifth of them 409
 * conflicts (and a third of the moves).
 */
let distinctSlot = 0;
function distinctStart(): string {
  const slot = distinctSlot++;
  const weekdayIndex = Math.floor(slot / 9);
  const later = DateTime.now().setZone(TIMEZONE).startOf("day").plus({ days: 800 });
  const monday = later.plus({ days: (8 - later.weekday) % 7 });
  const day = monday.plus({ days: 7 * Math.floor(weekdayIndex / 5) + (weekdayIndex % 5) });
  return day.plus({ hours: 8 + (slot % 9) }).toISO() ?? "";
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

// ---------------------------------------------------------------------------------------------------------------
// A figure against its ceiling, in alternating rounds.
async function sideBySide(
  name: string,
  figureLoad: Parameters<typeof load>[0],
  ceilingLoad: Parameters<typeof load>[0],
  app: Child,
  note?: string,
): Promise<Figure> {
  // Rounds are counted in requests, not seconds, so that a slow figure (a page taking seconds under 32 connections)
  // still completes its requests: the warm-up (one request per connection, then a short round) estimates the rate,
  // and each round asks for about SECONDS of work at that rate.
  log(`${name}: warm-up`);
  const amountFor = async (options: Parameters<typeof load>[0]) => {
    const first = await load({ ...options, amount: options.connections });
    const rate = Math.max(first.perSecond, 1);
    const second =
      first.seconds >= 2
        ? first
        : await load({ ...options, amount: Math.max(options.connections, Math.round(rate * 2)) });
    return Math.max(options.connections, Math.round(Math.max(second.perSecond, 1) * SECONDS));
  };
  const figureAmount = await amountFor(figureLoad);
  const ceilingAmount = await amountFor(ceilingLoad);
  const figureRounds: Round[] = [];
  const ceilingRounds: Round[] = [];
  let cpu = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const before = cpuMs(app.pid);
    const f = await load({ ...figureLoad, amount: figureAmount });
    cpu += cpuMs(app.pid) - before;
    figureRounds.push(f);
    const c = await load({ ...ceilingLoad, amount: ceilingAmount });
    ceilingRounds.push(c);
    log(`${name} round ${round}: ${f.perSecond.toFixed(1)}/s (p99 ${f.p99} ms) vs ${c.perSecond.toFixed(1)}/s`);
  }
  const mid = (rounds: Round[]) => [...rounds].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(rounds.length / 2)];
  const f = mid(figureRounds);
  const c = mid(ceilingRounds);
  const figure = median(figureRounds.map((r) => r.perSecond));
  const ceiling = median(ceilingRounds.map((r) => r.perSecond));
  const statuses: Record<string, number> = {};
  for (const r of figureRounds)
    for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  const requests = figureRounds.reduce((sum, r) => sum + r.requests, 0);
  const result: Figure = {
    name,
    unit: "req/s",
    figure,
    ceiling,
    ratio: ceiling > 0 ? figure / ceiling : null,
    p50: f?.p50 ?? null,
    p99: f?.p99 ?? null,
    ceilingP50: c?.p50 ?? null,
    ceilingP99: c?.p99 ?? null,
    errors: figureRounds.reduce((sum, r) => sum + r.errors, 0),
    rounds: { figure: figureRounds.map((r) => r.perSecond), ceiling: ceilingRounds.map((r) => r.perSecond) },
    appCpuMsPerRequest: requests > 0 ? cpu / requests : undefined,
    statuses,
    ...(note ? { note } : {}),
  };
  figures.push(result);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// The SMTP sink, in its own process, driven over IPC.
type Sink = { port: number; ask: <T>(message: object) => Promise<T>; child: ChildProcess };

async function startSink(): Promise<Sink> {
  const child = fork(join(REPO, "bench/smtp-sink.ts"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((done) => child.once("message", (m: { port: number }) => done(m.port)));
  const ask = <T>(message: object) =>
    new Promise<T>((done) => {
      child.once("message", (reply: T) => done(reply));
      child.send(message);
    });
  return { port, ask, child };
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

// ---------------------------------------------------------------------------------------------------------------
async function main() {
  const started = performance.now();
  if (throwAway) {
    log(`creating the throw-away database ${throwAway}`);
    await adminQuery(`CREATE DATABASE "${throwAway}"`);
  }
  try {
    await runNode(["src/db/migrate-cli.ts"], appEnv(0));
    await runNode(["src/db/seed-cli.ts"], appEnv(0));
    log("loading the bench organisation (50 agents, a year of RDVs)");
    const t0 = performance.now();
    const data = await loadBenchData(databaseUrl, { email: DEMO_ADMIN });
    extra.data = {
      rdvs: data.rdvCount,
      agents: data.agentIds.length,
      usagers: data.userIds.length,
      week: data.week,
      loadSeconds: (performance.now() - t0) / 1000,
    };
    log(`${data.rdvCount} RDVs loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    if (PROFILE) await profile(data, PROFILE);
    else await measure(data);
  } finally {
    for (const child of children) await stop(child);
    if (throwAway) {
      log(`dropping ${throwAway}`);
      await adminQuery(`DROP DATABASE IF EXISTS "${throwAway}" WITH (FORCE)`).catch((e) => log(String(e)));
    } else {
      await sql(databaseUrl, "DROP SCHEMA IF EXISTS bench_ceiling CASCADE").catch(() => {});
    }
  }
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function poolSize(): Promise<number> {
  if (process.env.BENCH_POOL_SIZE) return Number(process.env.BENCH_POOL_SIZE);
  const client: { serverPoolSize?: unknown } = await import(join(APP_DIR, "src/db/client.ts"));
  return typeof client.serverPoolSize === "function" ? Number(client.serverPoolSize()) : 10;
}

/**
 * The node flags of the measured app's `npm start` or `npm run worker` script (`node --max-semi-space-size=2
 * src/main.ts` → the flag), so that the bench runs the processes as production does.
 */
function scriptFlags(script: "start" | "worker"): string[] {
  const manifest: unknown = JSON.parse(readFileSync(join(APP_DIR, "package.json"), "utf8"));
  const scripts = typeof manifest === "object" && manifest !== null && "scripts" in manifest ? manifest.scripts : null;
  const command =
    typeof scripts === "object" && scripts !== null && script in scripts
      ? scripts[script as keyof typeof scripts]
      : null;
  const flags = typeof command === "string" ? /^node((?:\s+--\S+)*)\s+src\//.exec(command)?.[1] : undefined;
  return flags?.trim().split(/\s+/).filter(Boolean) ?? [];
}

async function startApp(extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ app: Child; base: string }> {
  const port = freePort();
  const app = startNode("app", [...extraArgs, ...scriptFlags("start"), "src/main.ts"], {
    cwd: APP_DIR,
    env: appEnv(port, env),
  });
  children.push(app);
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/sante`);
  return { app, base };
}

async function startCeiling(data: BenchData, pool: number): Promise<string> {
  await createCeilingTable(databaseUrl, data.organisationId, 2_000);
  const port = freePort();
  const ceiling = startNode("ceiling", [join(REPO, "bench/ceiling-server.ts")], {
    cwd: REPO,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      POOL_SIZE: String(pool),
      ORGANISATION_ID: data.organisationId,
    },
  });
  children.push(ceiling);
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/rdvs?limit=1&from=2000-01-01`);
  memory.ceilingPid = ceiling.pid;
  return base;
}

function creationBody(data: BenchData, agentIds: string[], start: () => string = distinctStart) {
  return () => ({
    body: JSON.stringify({
      organisationId: data.organisationId,
      motifId: data.motifId,
      lieuId: data.lieuId,
      startsAt: start(),
      agentIds,
      userIds: [data.userIds[0]],
    }),
  });
}

async function measure(data: BenchData) {
  const pool = await poolSize();
  extra.poolSize = pool;
  const { app, base } = await startApp();
  const ceilingBase = await startCeiling(data, pool);
  const token = await apiToken(base, data.agentEmails[0] ?? "");
  const cookie = await signIn(base, data.agentEmails[0] ?? "");
  const json = { "content-type": "application/json" };
  const bearer = { ...json, authorization: `Bearer ${token}` };
  const twoAgents = data.agentIds.slice(0, 2);

  if (ONLY.has("create")) {
    await sideBySide(
      "RDV creation (POST /api/v1/rdvs, 2 agents at level all, 1 usager)",
      {
        url: `${base}/api/v1/rdvs`,
        method: "POST",
        headers: bearer,
        connections: CONNECTIONS,
        request: creationBody(data, twoAgents),
      },
      {
        url: `${ceilingBase}/rdvs`,
        method: "POST",
        headers: json,
        connections: CONNECTIONS,
        request: () => ({ body: JSON.stringify({ startsAt: randomStart() }) }),
      },
      app,
    );
  }
  if (ONLY.has("update")) {
    await sideBySide(
      "RDV move (PATCH /api/v1/rdvs/:id, new start)",
      {
        url: `${base}/api/v1/rdvs`,
        method: "PATCH",
        headers: bearer,
        connections: CONNECTIONS,
        request: () => ({
          path: `/api/v1/rdvs/${pick(data.movableRdvIds)}`,
          body: JSON.stringify({ startsAt: distinctStart() }),
        }),
      },
      {
        url: `${ceilingBase}/rdvs`,
        method: "PATCH",
        headers: json,
        connections: CONNECTIONS,
        request: () => ({
          path: `/rdvs/${1 + Math.floor(Math.random() * 2_000)}`,
          body: JSON.stringify({ startsAt: randomStart() }),
        }),
      },
      app,
    );
  }
  if (ONLY.has("reads")) {
    const agendaAgent = data.agentIds[AGENDA_AGENT] ?? "";
    const feedPath = `/agenda/evenements?${new URLSearchParams({ agentId: agendaAgent, start: data.week.from, end: data.week.to })}`;
    const feed = await fetch(`${base}${feedPath}`, { headers: { cookie } });
    const feedItems: unknown = await feed.json();
    const items = Array.isArray(feedItems) ? feedItems.length : 0;
    const listHtml = await (await fetch(`${base}/rdvs`, { headers: { cookie } })).text();
    const listRows = new Set(listHtml.match(/\/rdvs\/[0-9a-f-]{36}(?=["/])/g) ?? []).size;
    const agendaPath = `/agenda?${new URLSearchParams({ agentId: agendaAgent, date: data.week.from, vue: "semaine" })}`;
    const agendaStatus = (await fetch(`${base}${agendaPath}`, { headers: { cookie } })).status;
    extra.reads = { feedItems: items, feedStatus: feed.status, listRows, agendaStatus };
    log(`feed: ${items} items; list: ${listRows} rows; agenda page: ${agendaStatus}`);
    const from = DateTime.fromISO(data.week.from, { zone: TIMEZONE }).toUTC().toISO() ?? "";
    const select = (limit: number) => ({
      url: `${ceilingBase}/rdvs?${new URLSearchParams({ limit: String(limit), from })}`,
      connections: CONNECTIONS,
    });
    await sideBySide(
      `Agenda week feed (${items} items: 60 RDVs, 5 weekly plages, 3 absences)`,
      { url: `${base}${feedPath}`, headers: { cookie }, connections: CONNECTIONS },
      select(items),
      app,
    );
    await sideBySide(
      `RDV list page, signed in (${listRows} rows rendered)`,
      { url: `${base}/rdvs`, headers: { cookie }, connections: CONNECTIONS },
      select(listRows),
      app,
    );
    await sideBySide(
      `Agenda page, week of that agent (${items} events)`,
      { url: `${base}${agendaPath}`, headers: { cookie }, connections: CONNECTIONS },
      select(items),
      app,
    );
  }
  if (ONLY.has("burst")) await burst(base, token, data);
  if (ONLY.has("email")) await emails(base, bearer, data);
  memory.app = peakRssMb(app.pid);
  memory.ceiling = peakRssMb(Number(memory.ceilingPid));
  delete memory.ceilingPid;
  if (ONLY.has("cold")) await coldStart();
  if (ONLY.has("creneaux")) await creneaux();
  report();
}

// 500 bookings at once on 500 connections: how many succeed, how many are refused with 503 + Retry-After, and
// whether any other 5xx escapes.
async function burst(base: string, token: string, data: BenchData) {
  log(`burst: ${BURST} concurrent bookings`);
  const body = creationBody(data, data.agentIds.slice(0, 2));
  const statuses: Record<string, number> = {};
  let retryAfter = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: BURST }, async () => {
      try {
        const res = await fetch(`${base}/api/v1/rdvs`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: body().body,
          signal: AbortSignal.timeout(120_000),
        });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === 503 && res.headers.get("retry-after")) retryAfter += 1;
      } catch {
        failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const fiveHundreds = Object.entries(statuses)
    .filter(([code]) => code.startsWith("5") && code !== "503")
    .reduce((sum, [, n]) => sum + n, 0);
  const refused = statuses["503"] ?? 0;
  log(`burst: ${JSON.stringify(statuses)}, ${failed} connection failures, in ${seconds.toFixed(1)} s`);
  figures.push({
    name: `Burst of ${BURST} concurrent bookings (5xx other than 503; target 0)`,
    unit: "5xx",
    figure: fiveHundreds,
    ceiling: null,
    ratio: null,
    p50: null,
    p99: null,
    errors: fiveHundreds + failed + (refused - retryAfter),
    statuses,
    note: `${statuses["201"] ?? 0} booked, ${refused} × 503 (${retryAfter} with Retry-After), ${failed} connection failures, in ${seconds.toFixed(1)} s`,
  });
}

// 5,000 emails queued through real bookings (10 agents at level `all` each: 10 emails a booking), drained by the
// real worker process (`node src/worker-main.ts`) into the sink, against nodemailer alone sending the same messages.
async function emails(base: string, bearer: Record<string, string>, data: BenchData) {
  const sink = await startSink();
  const smtpUrl = `smtp://127.0.0.1:${sink.port}`;
  const dump = join(mkdtempSync(join(tmpdir(), "rdv-bench-")), "messages.json");
  const pending = async () =>
    Number(
      (await sql<{ n: string }>(databaseUrl, `SELECT count(*) AS n FROM "OutboxMessage" WHERE "status" = 'pending'`))[0]
        ?.n,
    );
  const figureRates: number[] = [];
  const ceilingRates: number[] = [];
  const workerPeaks: number[] = [];
  let workerCpu = 0;
  let failedBookings = 0;
  let sent = 0;
  try {
    for (let round = 1; round <= EMAIL_ROUNDS; round++) {
      // Emails left by the HTTP figures (the app runs without its worker) are not part of the drain.
      await sql(
        databaseUrl,
        `UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = now() WHERE "status" = 'pending'`,
      );
      const bookings = EMAILS / ALL_LEVEL_AGENTS;
      log(`emails round ${round}: ${bookings} bookings with ${ALL_LEVEL_AGENTS} agents at level all`);
      const queued = await load({
        url: `${base}/api/v1/rdvs`,
        method: "POST",
        headers: bearer,
        connections: 16,
        amount: bookings,
        request: creationBody(data, data.agentIds.slice(0, ALL_LEVEL_AGENTS), distinctStart),
      });
      // Under load a few bookings may fail (that is the burst's business): the drain then sends what was queued.
      const waiting = await pending();
      failedBookings += queued.errors;
      if (waiting < EMAILS * 0.9) {
        throw new Error(`expected ${EMAILS} emails queued, got ${waiting} (${queued.errors} failed bookings)`);
      }
      await sink.ask({ cmd: "reset", keep: round === 1 ? 500 : 0 });
      // BENCH_WORKER_PROFILE=<dir> runs the worker under node --cpu-prof (bench/profile-summary.ts reads its profile).
      const workerProfile = process.env.BENCH_WORKER_PROFILE;
      const profileArgs = workerProfile ? ["--cpu-prof", `--cpu-prof-dir=${resolve(workerProfile)}`] : [];
      const worker = startNode("worker", [...profileArgs, ...scriptFlags("worker"), "src/worker-main.ts"], {
        cwd: APP_DIR,
        env: appEnv(0, { SMTP_URL: smtpUrl }),
      });
      children.push(worker);
      const t0 = performance.now();
      await waitUntil(async () => (await pending()) === 0, 300_000, "the outbox to empty");
      const drainSeconds = (performance.now() - t0) / 1000;
      const stats = await sink.ask<{ count: number; spanMs: number }>({ cmd: "stats" });
      workerPeaks.push(peakRssMb(worker.pid));
      workerCpu += cpuMs(worker.pid);
      await stop(worker);
      const rate = (stats.count - 1) / (stats.spanMs / 1000);
      figureRates.push(rate);
      sent += stats.count;
      log(
        `worker: ${stats.count} emails at ${rate.toFixed(0)}/s (outbox empty after ${drainSeconds.toFixed(1)} s from start)`,
      );
      if (round === 1) await sink.ask({ cmd: "dump", path: dump });

      await sink.ask({ cmd: "reset", keep: 0 });
      const ceiling = startNode(
        "nodemailer",
        [join(REPO, "bench/nodemailer-ceiling.ts"), smtpUrl, dump, String(stats.count)],
        {
          cwd: REPO,
          env: process.env,
        },
      );
      await new Promise((done) => ceiling.process.once("exit", done));
      const cstats = await sink.ask<{ count: number; spanMs: number }>({ cmd: "stats" });
      const crate = (cstats.count - 1) / (cstats.spanMs / 1000);
      ceilingRates.push(crate);
      log(`nodemailer alone: ${cstats.count} emails at ${crate.toFixed(0)}/s`);
    }
  } finally {
    sink.child.kill();
    rmSync(dump, { force: true });
  }
  const figure = median(figureRates);
  const ceiling = median(ceilingRates);
  figures.push({
    name: `Email drain (${EMAILS} emails with ICS, worker process → SMTP sink)`,
    unit: "emails/s",
    figure,
    ceiling,
    ratio: ceiling > 0 ? figure / ceiling : null,
    p50: null,
    p99: null,
    errors: failedBookings,
    rounds: { figure: figureRates, ceiling: ceilingRates },
    appCpuMsPerRequest: workerCpu / Math.max(sent, 1),
    note: `${sent} emails sent by the worker over ${EMAIL_ROUNDS} rounds; errors = bookings that failed while queueing; CPU per email is the worker's`,
  });
  memory.worker = Math.max(...workerPeaks);
}

// Cold start on the embedded database: a first start creates and seeds it (not measured), then two starts are timed
// from spawn to the first answer of /sante.
async function coldStart() {
  const dataDir = mkdtempSync(join(tmpdir(), "rdv-bench-pglite-"));
  const env = (port: number): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      RUN_WORKER: "true",
    };
    delete e.DATABASE_URL;
    delete e.NODE_ENV;
    return e;
  };
  const timings: number[] = [];
  const peaks: number[] = [];
  try {
    for (let start = 0; start < 3; start++) {
      const port = freePort();
      const t0 = performance.now();
      const app = startNode("embedded app", [...scriptFlags("start"), "src/main.ts"], { cwd: APP_DIR, env: env(port) });
      children.push(app);
      await waitForHttp(`http://127.0.0.1:${port}/sante`, 120_000);
      const ms = performance.now() - t0;
      if (start > 0) {
        timings.push(ms);
        peaks.push(peakRssMb(app.pid));
      }
      log(`embedded start ${start === 0 ? "(first, seeds)" : start}: ${(ms / 1000).toFixed(2)} s`);
      await stop(app);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  figures.push({
    name: "Cold start on an existing embedded database (spawn → first answer of /sante)",
    unit: "s",
    figure: median(timings) / 1000,
    ceiling: null,
    ratio: null,
    p50: null,
    p99: null,
    errors: 0,
    note: `starts: ${timings.map((t) => (t / 1000).toFixed(2)).join(", ")} s`,
  });
  memory.embeddedStart = Math.max(...peaks);
}

// The créneaux engine's own benchmark (issue 12), when it exists.
async function creneaux() {
  const path = join(REPO, "bench/creneaux.ts");
  if (!existsSync(path)) return;
  try {
    const module: { benchCreneaux?: unknown } = await import(path);
    if (typeof module.benchCreneaux !== "function") throw new Error("bench/creneaux.ts exports no benchCreneaux()");
    const result: unknown = await module.benchCreneaux();
    const get = (key: string) =>
      typeof result === "object" && result !== null && key in result ? Number(Reflect.get(result, key)) : Number.NaN;
    figures.push({
      name: "Créneaux search, pure engine (bench/creneaux.ts)",
      unit: "ms",
      figure: get("medianMs"),
      ceiling: null,
      ratio: null,
      p50: get("medianMs"),
      p99: get("p99Ms"),
      errors: 0,
      note: `${get("creneaux")} créneaux over ${get("runs")} runs`,
    });
  } catch (error) {
    figures.push({
      name: "Créneaux search (bench/creneaux.ts)",
      unit: "ms",
      figure: Number.NaN,
      ceiling: null,
      ratio: null,
      p50: null,
      p99: null,
      errors: 1,
      note: `not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    });
  }
}

function report() {
  const fmt = (value: number | null | undefined, digits = 0) =>
    value === null || value === undefined || Number.isNaN(value) ? "—" : value.toFixed(digits);
  const rows = figures.map((f) => [
    f.name,
    `${fmt(f.figure, f.unit === "s" || f.unit === "ms" ? 2 : 1)} ${f.unit}`,
    f.ceiling === null ? "—" : `${fmt(f.ceiling, 1)} ${f.unit}`,
    f.ratio === null ? "—" : `${(f.ratio * 100).toFixed(1)} %`,
    f.p50 === null ? "—" : `${fmt(f.p50)} ms`,
    f.p99 === null ? "—" : `${fmt(f.p99)} ms`,
    String(f.errors),
  ]);
  const header = ["figure", "value", "ceiling", "ratio", "p50", "p99", "errors/non-2xx"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ");
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)];
  for (const f of figures) if (f.note) out.push(`  ${f.name}: ${f.note}`);
  out.push(
    `Peak resident memory (VmHWM): app ${memory.app ?? "—"} MB, worker ${memory.worker ?? "—"} MB, ` +
      `embedded start ${memory.embeddedStart ?? "—"} MB, ceiling ${memory.ceiling ?? "—"} MB`,
  );
  process.stdout.write(`\n${out.join("\n")}\n`);
  const results = join(REPO, "bench/results");
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, "latest.json"),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        appDir: APP_DIR === REPO ? "." : APP_DIR,
        node: process.version,
        rounds: ROUNDS,
        secondsPerRound: SECONDS,
        connections: CONNECTIONS,
        figures,
        memoryMb: memory,
        ...extra,
      },
      null,
      2,
    )}\n`,
  );
  // In the layout `npm run lint` expects, since the file is committed with the change it measures.
  spawnSync(join(REPO, "node_modules/.bin/biome"), ["format", "--write", join(results, "latest.json")], {
    stdio: "ignore",
  });
  log("written bench/results/latest.json");
}

// `--profile`: the app under `node --cpu-prof` with the creation load alone, then its top costs.
async function profile(data: BenchData, figure: string) {
  const dir = join(REPO, "bench/results/profiles", randomUUID().slice(0, 8));
  mkdirSync(dir, { recursive: true });
  const { app, base } = await startApp(["--cpu-prof", `--cpu-prof-dir=${dir}`]);
  const token = await apiToken(base, data.agentEmails[0] ?? "");
  const cookie = await signIn(base, data.agentEmails[0] ?? "");
  const bearer = { "content-type": "application/json", authorization: `Bearer ${token}` };
  const agendaAgent = data.agentIds[AGENDA_AGENT] ?? "";
  const loads: Record<string, Parameters<typeof load>[0]> = {
    create: {
      url: `${base}/api/v1/rdvs`,
      method: "POST",
      headers: bearer,
      connections: CONNECTIONS,
      request: creationBody(data, data.agentIds.slice(0, 2)),
    },
    move: {
      url: `${base}/api/v1/rdvs`,
      method: "PATCH",
      headers: bearer,
      connections: CONNECTIONS,
      request: () => ({
        path: `/api/v1/rdvs/${pick(data.movableRdvIds)}`,
        body: JSON.stringify({ startsAt: distinctStart() }),
      }),
    },
    feed: {
      url: `${base}/agenda/evenements?${new URLSearchParams({ agentId: agendaAgent, start: data.week.from, end: data.week.to })}`,
      headers: { cookie },
      connections: CONNECTIONS,
    },
    list: { url: `${base}/rdvs`, headers: { cookie }, connections: CONNECTIONS },
    agenda: {
      url: `${base}/agenda?${new URLSearchParams({ agentId: agendaAgent, date: data.week.from, vue: "semaine" })}`,
      headers: { cookie },
      connections: CONNECTIONS,
    },
  };
  const options = loads[figure];
  if (!options) throw new Error(`--profile=${figure}: choose one of ${Object.keys(loads).join(", ")}`);
  await load({ ...options, seconds: 3 });
  const before = cpuMs(app.pid);
  const round = await load({ ...options, seconds: 20 });
  const cpu = cpuMs(app.pid) - before;
  log(`profiled ${figure}: ${round.perSecond.toFixed(1)}/s, ${(cpu / round.requests).toFixed(1)} ms of app CPU each`);
  await stop(app);
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no profile written in ${dir}`);
  process.stdout.write(`${summariseProfile(join(dir, file))}\nProfile: ${join(dir, file)}\n`);
}

// Interrupted: stop the children and drop the throw-away database all the same.
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: cleaning up`);
    void Promise.all(children.map((child) => stop(child, 3_000)))
      .then(() => (throwAway ? adminQuery(`DROP DATABASE IF EXISTS "${throwAway}" WITH (FORCE)`) : undefined))
      .finally(() => process.exit(130));
  });
}

await main();
