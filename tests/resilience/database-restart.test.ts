// Class 9 (part) of the hostile-input review: PostgreSQL restarted while the app is under load. Every request that
// meets the restart is a 503 with Retry-After and a French page or JSON — never another 5xx — and the app answers
// normally once the database is back, without being restarted itself.
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createPrisma, type Db } from "../../src/db/client.ts";
import { runMigrations } from "../../src/db/migrate.ts";
import { createApp } from "../../src/web/app.ts";
import { apiToken } from "../support/api.ts";
import { createTeam } from "../support/factories.ts";
import { signedInClient, type WebClient } from "../support/http.ts";
import { type OwnCluster, startOwnCluster } from "./support/own-cluster.ts";

const LOOPS = 6;
const DOWN_MS = 3_000;

let cluster: OwnCluster;
let db: Db;
let server: Server;
let url: string;

beforeAll(async () => {
  cluster = await startOwnCluster();
  await runMigrations(cluster.url);
  db = createPrisma(cluster.url, 4);
  const config = loadConfig({ NODE_ENV: "test", APP_URL: "http://127.0.0.1", RUN_WORKER: "false" });
  server = createApp({ db, config }).listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  url = `http://127.0.0.1:${address.port}`;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await db?.$disconnect();
  cluster?.destroy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Tally = { byStatus: Map<number, number>; unexpected: string[]; slowestMs: number };

describe("PostgreSQL restarted under load", () => {
  it("answers 503 + Retry-After in French while it restarts, never another 5xx, and 200 once it is back", async () => {
    const team = await createTeam(db);
    const authorization = `Bearer ${await apiToken(url, team.admin.email)}`;
    const client: WebClient = await signedInClient(url, team.admin.email);
    let lieu = 0;
    const requests: Array<() => Promise<Response>> = [
      () => fetch(`${url}/api/v1/me`, { headers: { authorization } }),
      () => client.fetch("/agenda"),
      () =>
        fetch(`${url}/api/v1/organisations/${team.organisation.id}/lieux`, {
          method: "POST",
          headers: { authorization, "content-type": "application/json" },
          body: JSON.stringify({ name: `Lieu ${++lieu}`, address: "1 rue de la Gare" }),
        }),
      () => client.fetch("/admin/usagers"),
    ];
    const tally: Tally = { byStatus: new Map(), unexpected: [], slowestMs: 0 };

    async function check(kind: number): Promise<number> {
      const started = performance.now();
      const response = await (requests[kind] ?? requests[0])?.();
      if (!response) throw new Error("no request");
      const body = await response.text();
      tally.slowestMs = Math.max(tally.slowestMs, performance.now() - started);
      tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
      if (response.status === 503) {
        const french = body.includes("Le service est momentanément indisponible.");
        if (response.headers.get("retry-after") !== "5" || !french)
          tally.unexpected.push(`503 without Retry-After/French`);
      } else if (response.status >= 500) {
        tally.unexpected.push(`${response.status} on request ${kind}: ${body.slice(0, 200)}`);
      }
      return response.status;
    }

    let running = true;
    const loops = Array.from({ length: LOOPS }, async (_, loop) => {
      for (let i = loop; running; i++) {
        try {
          await check(i % requests.length);
        } catch (error) {
          tally.unexpected.push(`no answer: ${String(error)}`);
        }
        await sleep(10);
      }
    });

    await sleep(1_500);
    cluster.stop();
    await sleep(DOWN_MS);
    cluster.start();
    await sleep(2_000);
    running = false;
    await Promise.all(loops);

    // Once the database is back, the same app answers every kind of request normally.
    const after: number[] = [];
    for (let i = 0; i < 2 * requests.length; i++) after.push(await check(i % requests.length));

    const count503 = tally.byStatus.get(503) ?? 0;
    const other5xx = [...tally.byStatus].filter(([status]) => status >= 500 && status !== 503);
    console.log(
      `[database restart] answers by status: ${JSON.stringify(Object.fromEntries(tally.byStatus))}; ` +
        `503: ${count503}; other 5xx: ${other5xx.reduce((sum, [, n]) => sum + n, 0)}; slowest: ${Math.round(tally.slowestMs)} ms`,
    );
    expect(tally.unexpected).toEqual([]);
    expect(other5xx).toEqual([]);
    expect(count503).toBeGreaterThan(0);
    expect(after.every((status) => status === 200 || status === 201)).toBe(true);
  }, 120_000);
});
