import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { listMigrations } from "../../src/db/migrate.ts";
import { freshDatabase } from "../support/fresh-database.ts";

const ROOT = join(import.meta.dirname, "../..");

function startAppProcess(databaseUrl: string, port: number): ChildProcess {
  return spawn(process.execPath, ["src/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      RUN_WORKER: "false",
      LOG_LEVEL: "warn",
      NODE_ENV: "development",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function waitForPage(url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return (await fetch(url)).status;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

// Several app processes on one database is a PostgreSQL-server deployment: the embedded database lives inside one
// process (and PGlite, a single session, does not keep several clients' statements apart), so this runs in the
// PostgreSQL pass of the suite (`TEST_DATABASE_URL`, done by .ci/run).
describe.runIf(inject("databaseKind") === "postgresql")("start-up on a PostgreSQL server", () => {
  it("brings two app processes up on one empty database with the schema applied once", async () => {
    const database = await freshDatabase();
    const first = 20000 + Math.floor(Math.random() * 20000);
    const ports = [first, first + 1];
    const processes = ports.map((port) => startAppProcess(database.url, port));
    try {
      const statuses = await Promise.all(
        ports.map((port) => waitForPage(`http://127.0.0.1:${port}/connexion`, 60_000)),
      );
      expect(statuses).toEqual([200, 200]);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations"`,
      );
      await client.end();
      expect(rows.map((r) => r.migration_name).sort()).toEqual(listMigrations().map((m) => m.name));
    } finally {
      for (const child of processes) child.kill("SIGTERM");
      await Promise.all(processes.map((child) => new Promise((resolve) => child.once("exit", resolve))));
      await database.drop();
    }
  }, 90_000);
});
