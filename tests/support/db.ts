// The test database, shared by the tests of one worker. Tests never wipe tables: factories create their own data.
import { inject } from "vitest";
import { createPrisma, type Db } from "../../src/db/client.ts";

let shared: Db | undefined;

/** The Prisma client of this test worker. */
export function testDb(): Db {
  shared ??= createPrisma(inject("databaseUrl"), inject("databaseKind") === "embedded" ? 1 : 4);
  return shared;
}

/** The URL of the test database, for code that opens its own connections (app processes, workers). */
export function testDatabaseUrl(): string {
  return inject("databaseUrl");
}
