import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations, runMigrations } from "../../src/db/migrate.ts";
import { readHistoryData } from "../../src/domain/history/history-data.ts";
import { historySentence } from "../../src/web/presenters/history.ts";
import { type FreshDatabase, freshDatabase } from "../support/fresh-database.ts";

const MIGRATIONS = join(import.meta.dirname, "../../prisma/migrations");
const HISTORY_DATA = "20261129233000_history_data";

describe("the history_data migration", () => {
  let database: FreshDatabase;
  let client: pg.Client;
  let before: string;

  beforeAll(async () => {
    database = await freshDatabase();
    // The database as it was before the migration: every earlier migration, applied by the same runner.
    before = mkdtempSync(join(tmpdir(), "migrations-before-history-data-"));
    for (const migration of listMigrations().filter((m) => m.name < HISTORY_DATA)) {
      cpSync(join(MIGRATIONS, migration.name), join(before, migration.name), { recursive: true });
    }
    await runMigrations(database.url, before);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
    rmSync(before, { recursive: true, force: true });
  });

  it("keeps each French summary written before it as legacy data, shown as it was", async () => {
    const summary = "RDV déplacé du lundi 29 mars 2027 à 09:00 au mardi 30 mars 2027 à 10:30";
    await client.query(`INSERT INTO "Organisation" ("id", "name", "updatedAt") VALUES ('o1', 'MDS', now())`);
    await client.query(
      `INSERT INTO "HistoryEntry" ("id", "organisationId", "recordType", "recordId", "action", "summary")
       VALUES ('h1', 'o1', 'rdv', 'r1', 'updated', $1)`,
      [summary],
    );

    expect(await runMigrations(database.url)).toContain(HISTORY_DATA);

    const { rows } = await client.query<{ data: unknown }>(`SELECT "data" FROM "HistoryEntry" WHERE "id" = 'h1'`);
    expect(rows[0]?.data).toEqual({ type: "legacy", summary });
    const data = readHistoryData(rows[0]?.data);
    expect(historySentence(data, { timezone: "Europe/Paris", at: new Date() })).toBe(summary);
    const columns = await client.query(
      `SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = 'HistoryEntry' AND column_name IN ('summary', 'data')`,
    );
    expect(columns.rows).toEqual([{ column_name: "data", is_nullable: "NO" }]);
  });
});
