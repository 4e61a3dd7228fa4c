// Starts the test databases once per run: the PostgreSQL server named by TEST_DATABASE_URL, or embedded PGlite
// instances in memory — one per test worker, because PGlite is a single Postgres session and the extended-protocol
// messages of two clients can interleave on it. Migrations are applied here; test files connect to their URL.
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../src/db/embedded.ts";
import { runMigrations } from "../../src/db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** One URL per test worker (VITEST_POOL_ID), or a single URL shared by all on a PostgreSQL server. */
    databaseUrls: string[];
    databaseKind: "embedded" | "postgresql";
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  const embedded = serverUrl ? [] : await Promise.all(Array.from({ length: workers }, () => startEmbeddedPostgres()));
  const urls = serverUrl ? [serverUrl] : embedded.map((database) => database.url);
  for (const url of urls) await runMigrations(url);
  project.provide("databaseUrls", urls);
  project.provide("databaseKind", serverUrl ? "postgresql" : "embedded");
  console.log(
    `[tests] database: ${serverUrl ? "PostgreSQL server (TEST_DATABASE_URL)" : `embedded PGlite × ${workers} workers`}`,
  );
  return async () => {
    await Promise.all(embedded.map((database) => database.stop()));
  };
}
