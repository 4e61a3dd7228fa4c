// Races need requests that really run at the same time: an app on its own connection pool (larger than the test
// worker's), so that concurrent requests hold separate PostgreSQL sessions, and a JSON client for the API.
import type { AddressInfo } from "node:net";
import { loadConfig } from "../../../src/config.ts";
import { createPrisma, type Db } from "../../../src/db/client.ts";
import { createApp } from "../../../src/web/app.ts";
import { testDatabaseUrl } from "../../support/db.ts";

export type RaceApp = { url: string; db: Db; close: () => Promise<void> };

/** The app on 127.0.0.1 with a pool of `connections` sessions to the test database. */
export async function startRaceApp(connections: number): Promise<RaceApp> {
  const db = createPrisma(testDatabaseUrl(), connections);
  const config = loadConfig({ NODE_ENV: "test", APP_URL: "http://127.0.0.1", RUN_WORKER: "false" });
  const server = createApp({ db, config }).listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the race app has no TCP port");
  const { port }: AddressInfo = address;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    close: async () => {
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await db.$disconnect();
    },
  };
}

export type JsonAnswer = { status: number; body: unknown };

/** One JSON request; `headers` adds to the content type (a bearer token, a forwarded address). */
export async function sendJson(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** The `error.message` of a JSON error answer, or null. */
export function errorMessage(answer: JsonAnswer): string | null {
  const error = typeof answer.body === "object" && answer.body !== null ? Reflect.get(answer.body, "error") : null;
  const message = typeof error === "object" && error !== null ? Reflect.get(error, "message") : null;
  return typeof message === "string" ? message : null;
}

/** How many answers had each status, e.g. `{ 200: 1, 409: 1 }`. */
export function countStatuses(answers: JsonAnswer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** How many times each race is run. */
export const TRIES = 20;
