// A Prisma client on a database of the file's own, migrated and empty, for tests that need a whole database to
// themselves (the demo data, which assumes an empty database).
import { afterAll, beforeAll } from "vitest";
import { createPrisma, type Db } from "../../src/db/client.ts";
import { runMigrations } from "../../src/db/migrate.ts";
import { type FreshDatabase, freshDatabase } from "./fresh-database.ts";

/** Create and migrate a fresh database before the file's tests, drop it after; `db()` is its client. */
export function freshMigratedClient(): () => Db {
  let database: FreshDatabase | undefined;
  let client: Db | undefined;
  beforeAll(async () => {
    database = await freshDatabase();
    await runMigrations(database.url);
    client = createPrisma(database.url, 1);
  });
  afterAll(async () => {
    await client?.$disconnect();
    await database?.drop();
  });
  return () => {
    if (!client) throw new Error("the fresh database is created in beforeAll: use it from a test");
    return client;
  };
}
