// Starts the test databases once per run, for the projects that need one (integration, e2e; never unit): the
// PostgreSQL server named by TEST_DATABASE_URL, or embedded PGlite instances in memory — one per test worker, because
// PGlite is a single Postgres session and the extended-protocol messages of two clients can interleave on it. Embedded
// databases are loaded from a snapshot taken after the migrations (tests/support/pglite-snapshots.ts); test files
// connect to their URL.
import type { TestProject } from "vitest/node";
import { runMigrations } from "../../src/db/migrate.ts";
import { pgliteSnapshots, startFromSnapshot } from "./pglite-snapshots.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** One URL per test worker (VITEST_POOL_ID), or a single URL shared by all on a PostgreSQL server. */
    databaseUrls: string[];
    databaseKind: "embedded" | "postgresql";
    /** The snapshot of an empty embedded database, for tests that need a brand-new one ("" on a server). */
    emptyDatabaseSnapshot: string;
  }
}

type RunDatabases = {
  urls: string[];
  kind: "embedded" | "postgresql";
  emptySnapshot: string;
  stop: () => Promise<void>;
};

// Each project runs its global set-up in a module instance of its own, but all of them in this one process: the
// databases are kept on globalThis so that the integration and e2e projects share one set, stopped after the last.
declare global {
  var rdvAgentsTestDatabases: { started: Promise<RunDatabases>; users: number } | undefined;
}

export default async function setup(project: TestProject) {
  globalThis.rdvAgentsTestDatabases ??= { started: startDatabases(project), users: 0 };
  const shared = globalThis.rdvAgentsTestDatabases;
  shared.users += 1;
  const databases = await shared.started;
  project.provide("databaseUrls", databases.urls);
  project.provide("databaseKind", databases.kind);
  project.provide("emptyDatabaseSnapshot", databases.emptySnapshot);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    globalThis.rdvAgentsTestDatabases = undefined;
    await databases.stop();
  };
}

async function startDatabases(project: TestProject): Promise<RunDatabases> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    await runMigrations(serverUrl);
    console.log("[tests] database: PostgreSQL server (TEST_DATABASE_URL)");
    return { urls: [serverUrl], kind: "postgresql", emptySnapshot: "", stop: async () => {} };
  }
  const workers = Math.max(1, Number(project.vitest.config.maxWorkers) || 1);
  const snapshots = await pgliteSnapshots();
  const embedded = await Promise.all(Array.from({ length: workers }, () => startFromSnapshot(snapshots.migrated)));
  console.log(`[tests] database: embedded PGlite × ${workers} workers`);
  return {
    urls: embedded.map((database) => database.url),
    kind: "embedded",
    emptySnapshot: snapshots.empty,
    stop: async () => {
      await Promise.all(embedded.map((database) => database.stop()));
    },
  };
}
