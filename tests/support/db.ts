// The test database, shared by the tests of one worker. Tests never wipe tables: factories create their own data.
import { inject } from "vitest";
import { createPrisma, type Db } from "../../src/db/client.ts";

let shared: Db | undefined;

/** The URL of this worker's test database, for code that opens its own connections (app processes, workers). */
export function testDatabaseUrl(): string {
  const urls = inject("databaseUrls");
  const worker = Number(process.env.VITEST_POOL_ID ?? "1");
  const url = urls[(worker - 1) % urls.length];
  if (!url) throw new Error("no test database URL");
  return url;
}

/** The Prisma client of this test worker. */
export function testDb(): Db {
  shared ??= createPrisma(testDatabaseUrl(), inject("databaseKind") === "embedded" ? 1 : 4);
  return shared;
}
