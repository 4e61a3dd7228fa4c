// The connection pool's bounded wait: under a burst, a request queues for a connection, and only past the wait fails
// with DatabaseBusyError (which the error middleware answers with 503), never hangs nor breaks the pool.
import { afterEach, describe, expect, it } from "vitest";
import { createPrisma, DatabaseBusyError, type Db, serverPoolSize } from "../../../src/db/client.ts";
import { testDatabaseUrl } from "../../support/db.ts";

const clients: Db[] = [];
const holds: Promise<unknown>[] = [];
afterEach(async () => {
  await Promise.allSettled(holds.splice(0));
  await Promise.all(clients.splice(0).map((client) => client.$disconnect()));
});

/** A client with one connection, and a transaction holding it for `holdMs` (resolves once it holds it). */
async function holdTheOnlyConnection(waitMs: number, holdMs: number) {
  const db = createPrisma(testDatabaseUrl(), 1, waitMs);
  clients.push(db);
  let holding: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    holding = resolve;
  });
  const hold = db.$transaction(async (tx) => {
    holding();
    await tx.$executeRaw`SELECT pg_sleep(${holdMs / 1000})`;
  });
  holds.push(hold);
  // A hold that fails (it could not connect) must fail the test, not leave it waiting.
  await Promise.race([held, hold]);
  return { db, hold };
}

describe("the connection pool's bounded wait", () => {
  it("fails a query and a transaction that wait longer than the wait with DatabaseBusyError, then serves again", async () => {
    const { db, hold } = await holdTheOnlyConnection(1_000, 5_000);
    const started = Date.now();
    await expect(db.organisation.count()).rejects.toBeInstanceOf(DatabaseBusyError);
    await expect(db.$transaction((tx) => tx.organisation.count())).rejects.toBeInstanceOf(DatabaseBusyError);
    expect(Date.now() - started).toBeLessThan(4_500);
    await hold;
    await expect(db.organisation.count()).resolves.toBeGreaterThanOrEqual(0);
  });

  it("lets a request that gets a connection within the wait queue and succeed", async () => {
    const { db, hold } = await holdTheOnlyConnection(5_000, 300);
    const [count, inTransaction] = await Promise.all([
      db.organisation.count(),
      db.$transaction((tx) => tx.organisation.count()),
    ]);
    expect(count).toBeGreaterThanOrEqual(0);
    expect(inTransaction).toBe(count);
    await hold;
  });

  it("sizes the server pool at about two connections per core, between 4 and 20", () => {
    expect(serverPoolSize(1)).toBe(4);
    expect(serverPoolSize(2)).toBe(5);
    expect(serverPoolSize(8)).toBe(17);
    expect(serverPoolSize(64)).toBe(20);
  });
});
