// Starts the test database once per run: the PostgreSQL server named by TEST_DATABASE_URL, or an in-memory
// embedded PGlite. Migrations are applied here; every test file then connects to the URL it is given.
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../src/db/embedded.ts";
import { runMigrations } from "../../src/db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "embedded" | "postgresql";
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const embedded = serverUrl ? null : await startEmbeddedPostgres();
  const url = serverUrl ?? embedded?.url;
  if (!url) throw new Error("no test database");
  await runMigrations(url);
  project.provide("databaseUrl", url);
  project.provide("databaseKind", embedded ? "embedded" : "postgresql");
  console.log(`[tests] database: ${embedded ? "embedded PGlite" : "PostgreSQL server (TEST_DATABASE_URL)"}`);
  return async () => {
    await embedded?.stop();
  };
}
