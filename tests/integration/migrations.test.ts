import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listMigrations, runMigrations } from "../../src/db/migrate.ts";
import { type FreshDatabase, freshDatabase } from "../support/fresh-database.ts";

type SchemaField = { model: string; name: string; type: string; optional: boolean; list: boolean; native?: string };

// A reader for the subset of the Prisma schema language we use: enough to list every stored field and enum.
function readPrismaSchema(source: string) {
  const enums = new Map<string, string[]>();
  const fields: SchemaField[] = [];
  for (const block of source.matchAll(/^(model|enum) (\w+) \{([\s\S]*?)^\}/gm)) {
    const [, kind, name = "", body = ""] = block;
    const lines = body
      .split("\n")
      .map((line) => line.replace(/\/\/.*$/, "").trim())
      .filter((line) => line && !line.startsWith("@@"));
    if (kind === "enum") {
      enums.set(name, lines);
      continue;
    }
    for (const line of lines) {
      const match = /^(\w+)\s+(\w+)(\[\]|\?)?(.*)$/.exec(line);
      if (!match) continue;
      const [, fieldName = "", type = "", modifier, rest = ""] = match;
      if (rest.includes("@relation")) continue;
      fields.push({
        model: name,
        name: fieldName,
        type,
        optional: modifier === "?",
        list: modifier === "[]",
        native: /@db\.(\w+)/.exec(rest)?.[1],
      });
    }
  }
  const models = new Set(fields.map((f) => f.model));
  // Relation fields without @relation (the other side: `rdvs Rdv[]`) name a model as their type.
  return { enums, fields: fields.filter((f) => !models.has(f.type)) };
}

function expectedColumnType(field: SchemaField, enums: Map<string, string[]>): string {
  // A list is an array of its element's type: `_Weekday`, `_timestamptz`.
  if (field.list) return `_${expectedColumnType({ ...field, list: false }, enums)}`;
  if (enums.has(field.type)) return field.type;
  if (field.type === "DateTime") return field.native === "Date" ? "date" : "timestamptz";
  if (field.type === "String") return field.native === "VarChar" ? "varchar" : "text";
  return { Int: "int4", Boolean: "bool", Json: "jsonb" }[field.type] ?? `unknown:${field.type}`;
}

describe("migrations", () => {
  let database: FreshDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await freshDatabase();
    await runMigrations(database.url);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it("create every model and field of schema.prisma with its type and nullability (no drift)", async () => {
    const schema = readPrismaSchema(readFileSync(join(import.meta.dirname, "../../prisma/schema.prisma"), "utf8"));
    const { rows } = await client.query<{
      table_name: string;
      column_name: string;
      udt_name: string;
      is_nullable: string;
    }>(
      `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const columns = new Map(rows.map((row) => [`${row.table_name}.${row.column_name}`, row]));
    expect(schema.fields.length).toBeGreaterThan(100);
    for (const field of schema.fields) {
      const column = columns.get(`${field.model}.${field.name}`);
      expect(column, `${field.model}.${field.name} exists`).toBeDefined();
      expect(column?.udt_name, `${field.model}.${field.name} type`).toBe(expectedColumnType(field, schema.enums));
      expect(column?.is_nullable, `${field.model}.${field.name} nullability`).toBe(
        field.optional || field.list ? "YES" : "NO",
      );
    }
    const tables = new Set(rows.map((row) => row.table_name));
    const models = new Set(schema.fields.map((f) => f.model));
    expect([...tables].filter((t) => t !== "_prisma_migrations").sort()).toEqual([...models].sort());
  });

  it("create every enum of schema.prisma with the same values in the same order", async () => {
    const schema = readPrismaSchema(readFileSync(join(import.meta.dirname, "../../prisma/schema.prisma"), "utf8"));
    const { rows } = await client.query<{ typname: string; labels: string[] }>(
      `SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.typname, r.labels]))).toEqual(Object.fromEntries(schema.enums));
  });

  it("record each applied migration in _prisma_migrations with the sha256 of its file, once", async () => {
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toEqual(listMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum })));
    expect(await runMigrations(database.url)).toEqual([]);
  });
});

// Concurrent instances only exist on a PostgreSQL server (see startup.test.ts); run in the suite's PostgreSQL pass.
describe.runIf(inject("databaseKind") === "postgresql")("the migration runner on an empty PostgreSQL database", () => {
  it("applies the schema once when several instances start together", async () => {
    const database = await freshDatabase();
    try {
      const results = await Promise.all([
        runMigrations(database.url),
        runMigrations(database.url),
        runMigrations(database.url),
      ]);
      // Each migration is applied by exactly one of the runners (which one depends on who takes the lock first).
      expect(results.flat().sort()).toEqual(listMigrations().map((m) => m.name));
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
      await client.end();
      expect(rows[0].n).toBe(listMigrations().length);
    } finally {
      await database.drop();
    }
  });
});
