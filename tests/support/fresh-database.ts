// A brand-new empty database for tests that need one (migrations, concurrent start-up, the form-to-email pipeline): a
// new in-memory PGlite loaded from the snapshot of an empty database, or a throw-away database on the PostgreSQL
// server of TEST_DATABASE_URL.
import pg from "pg";
import { inject } from "vitest";
import { testDatabaseUrl } from "./db.ts";
import { unique } from "./factories.ts";
import { startFromSnapshot } from "./pglite-snapshots.ts";

export type FreshDatabase = { url: string; drop: () => Promise<void> };

/** Create an empty database of the same kind as the test database. */
export async function freshDatabase(): Promise<FreshDatabase> {
  if (inject("databaseKind") === "embedded") {
    const embedded = await startFromSnapshot(inject("emptyDatabaseSnapshot"));
    return { url: embedded.url, drop: embedded.stop };
  }
  const serverUrl = new URL(testDatabaseUrl());
  const name = `rdv_fresh_${unique().replace(/-/g, "")}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
