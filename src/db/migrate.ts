// Applies prisma/migrations/*/migration.sql in order, recording them in a `_prisma_migrations` table with the same
// columns and checksum (sha256 of the file) as Prisma Migrate, so that the Prisma CLI could take over one day.
// A transaction-scoped advisory lock serialises app instances that start together on one empty database.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

const MIGRATIONS_DIR = join(import.meta.dirname, "../../prisma/migrations");
// Arbitrary constant shared by every instance: "rdv-agents migrations".
const LOCK_KEY = 727_001;

type Migration = { name: string; sql: string; checksum: string };

/** The migrations shipped with the code, sorted by their timestamped folder names. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Apply every pending migration to the database at `url`; returns the names applied by this call. */
export async function runMigrations(url: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = listMigrations(dir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const newlyApplied: string[] = [];
  try {
    // One transaction per migration, each under a transaction-scoped advisory lock taken before reading what is
    // applied. (A session lock would not do: the embedded database is one session shared by every connection.)
    for (;;) {
      await client.query("BEGIN");
      try {
        await client.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
        const pending = nextPending(migrations, await appliedChecksums(client));
        if (!pending) {
          await client.query("COMMIT");
          return newlyApplied;
        }
        await client.query(pending.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), pending.checksum, pending.name],
        );
        await client.query("COMMIT");
        newlyApplied.push(pending.name);
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
  } finally {
    await client.end();
  }
}

async function appliedChecksums(client: pg.Client): Promise<Map<string, string>> {
  await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  const { rows } = await client.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Map(rows.map((row) => [row.migration_name, row.checksum]));
}

/** The first migration not applied yet; refuses to go on if an applied one was edited since. */
function nextPending(migrations: Migration[], applied: Map<string, string>): Migration | undefined {
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum === undefined) return migration;
    if (checksum !== migration.checksum) {
      throw new Error(`Migration ${migration.name} was modified after it was applied (checksum mismatch).`);
    }
  }
  return undefined;
}
