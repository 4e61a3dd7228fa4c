// Runtime figures for issue 13, in plain JavaScript so that any Node runs it:
//   node bench/runtime-figures.mjs -- <command that starts the app>
// Starts the command on an existing embedded database (DATA_DIR, warmed by a first start), measures the cold start
// to the first answer of /sante, books 1,000 RDVs through the API (8 at a time), then reads the resident memory
// (current and peak) of the whole process tree of the command.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const command = process.argv.slice(process.argv.indexOf("--") + 1);
const PORT = 3900 + Math.floor(Math.random() * 90);
const BASE = `http://127.0.0.1:${PORT}`;
const dataDir = mkdtempSync(join(tmpdir(), "rdv-runtime-"));
const env = { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, LOG_LEVEL: "warn", RUN_WORKER: "true" };
delete env.DATABASE_URL;

function start() {
  const child = spawn(command[0], command.slice(1), { env, stdio: ["ignore", "inherit", "inherit"], detached: true });
  return child;
}
async function waitReady(deadline = 120_000) {
  const t0 = performance.now();
  for (;;) {
    try {
      const res = await fetch(`${BASE}/sante`);
      if (res.status < 500) return performance.now() - t0;
    } catch {}
    if (performance.now() - t0 > deadline) throw new Error("app did not answer");
    await new Promise((r) => setTimeout(r, 25));
  }
}
function tree(pid) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {}
  }
  const all = [];
  const walk = (p) => {
    all.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return all;
}
function memory(pid) {
  let rss = 0,
    hwm = 0;
  for (const p of tree(pid)) {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      hwm += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {}
  }
  return { rssMb: Math.round(rss / 1024), peakMb: Math.round(hwm / 1024) };
}
async function stop(child) {
  process.kill(-child.pid, "SIGTERM");
  await new Promise((r) => child.once("exit", r));
}
async function json(method, path, body, token) {
  const res = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

// First start: creates and seeds the embedded database (not measured).
let child = start();
await waitReady();
await stop(child);

const starts = [];
for (let i = 0; i < 3; i++) {
  child = start();
  starts.push(await waitReady());
  if (i < 2) await stop(child);
}
const { token } = await json("POST", "/tokens", {
  email: "secretariat@demo.rdv-agents.fr",
  password: "demo-rdv-agents",
});
const me = await json("GET", "/me", undefined, token);
const org = me.organisations[0].id;
const { motifs } = await json("GET", `/organisations/${org}/motifs`, undefined, token);
const { lieux } = await json("GET", `/organisations/${org}/lieux`, undefined, token);
const { agents } = await json("GET", `/organisations/${org}/agents`, undefined, token);
const { users } = await json("GET", `/organisations/${org}/users`, undefined, token);
const motif = motifs.find((m) => m.locationType === "public_office") ?? motifs[0];
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < 1000) {
      const i = next++;
      const day = new Date(Date.UTC(2027, 0, 4 + Math.floor(i / 16), 8, 0) + (i % 16) * 30 * 60_000);
      await json(
        "POST",
        "/rdvs",
        {
          organisationId: org,
          motifId: motif.id,
          lieuId: lieux[0].id,
          startsAt: day.toISOString(),
          durationInMin: 30,
          agentIds: [agents[i % agents.length].id],
          userIds: [users[0].id],
        },
        token,
      );
    }
  }),
);
const bookingSeconds = (performance.now() - t0) / 1000;
await new Promise((r) => setTimeout(r, 2000));
const mem = memory(child.pid);
await stop(child);
rmSync(dataDir, { recursive: true, force: true });
const figures = {
  node: process.version,
  command: command.join(" "),
  coldStartMs: starts.map(Math.round),
  bookingsPerSecond: Math.round(1000 / bookingSeconds),
  rssAfter1000BookingsMb: mem.rssMb,
  peakRssMb: mem.peakMb,
};
console.log(JSON.stringify(figures));
