// The Prisma client, always through the pg driver adapter (the same code path for the embedded and the real database),
// on a connection pool sized for the machine with a bounded wait for a connection.
import { availableParallelism } from "node:os";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { type Prisma, PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;
/** The transaction client handed down to every write of a domain action. */
export type Tx = Prisma.TransactionClient;

/**
 * How long a query or a transaction waits for a free connection before it gives up with {@link DatabaseBusyError}.
 * Under a burst, requests queue this long (a few seconds of work at our rate), then fail fast rather than pile up.
 */
export const POOL_WAIT_MS = 10_000;
/** How long an interactive transaction may stay open once started (Prisma's default, 5 s, is short under a burst). */
export const TRANSACTION_TIMEOUT_MS = 15_000;

/**
 * Connections of one process to a PostgreSQL server: about two per core (PostgreSQL's own rule of thumb for a
 * CPU-bound server on the same machine), at least 4 and at most 20. More connections than the server has cores only
 * queue the same work inside PostgreSQL, where nothing bounds the wait.
 */
export function serverPoolSize(cores: number = availableParallelism()): number {
  return Math.min(20, Math.max(4, 2 * cores + 1));
}

/**
 * No connection became free within the pool's wait (POOL_WAIT_MS): the database is saturated, the request may be
 * retried shortly. The error middleware answers it with 503 and Retry-After. Recognise it with `instanceof`: it has no
 * `code`, because Prisma re-wraps any error that has one into a PrismaClientKnownRequestError.
 */
export class DatabaseBusyError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("no database connection became free in time", options);
    this.name = "DatabaseBusyError";
  }
}

// pg-pool rejects a wait for a free connection past connectionTimeoutMillis, and pg a new connection whose handshake
// takes longer than that, with plain Errors (no code): the only place that knows them turns them into a typed error,
// on both of pg-pool's calling conventions (promise, and the callback that `pool.query` uses).
const POOL_TIMEOUT_MESSAGES = new Set([
  "timeout exceeded when trying to connect",
  "Connection terminated due to connection timeout",
]);
type ConnectCallback = (
  err: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

function busyOr(error: Error | undefined): Error | undefined {
  return error && POOL_TIMEOUT_MESSAGES.has(error.message) ? new DatabaseBusyError({ cause: error }) : error;
}

class BoundedWaitPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | undefined {
    if (callback) {
      super.connect((err, client, done) => callback(busyOr(err), client, done));
      return undefined;
    }
    return super.connect().catch((error: Error) => {
      throw busyOr(error);
    });
  }
}

/**
 * A Prisma client on `url`; `poolMax` is 1 for the embedded database, which is a single session anyway; `waitMs` bounds
 * the wait for a connection (tests shorten it). `namedStatements` (on a server, that is with more than one connection)
 * prepares each SQL text once per connection: see `statementNamer`.
 */
export function createPrisma(
  url: string,
  poolMax: number = serverPoolSize(),
  waitMs: number = POOL_WAIT_MS,
  namedStatements: boolean = poolMax > 1,
): Db {
  const pool = new BoundedWaitPool({ connectionString: url, max: poolMax, connectionTimeoutMillis: waitMs });
  const adapter = new PrismaPg(pool, {
    disposeExternalPool: true,
    ...(namedStatements && { statementNameGenerator: statementNamer() }),
  });
  // maxWait is longer than the pool's wait, so that a transaction that cannot start fails with the pool's
  // DatabaseBusyError like any other query (and not with Prisma's P2028, which also means other things).
  return new PrismaClient({
    adapter,
    transactionOptions: { maxWait: waitMs + 1_000, timeout: TRANSACTION_TIMEOUT_MS },
  });
}

/**
 * Names for prepared statements: PostgreSQL then parses and plans each SQL text once per connection instead of on
 * every call (planning was half of the agenda feed's database time; the feed went from about 22 % to 32 % of its
 * ceiling). Bounded: pg and PostgreSQL keep a named statement for the life of the connection, and Prisma's own SQL
 * varies with the length of its IN lists, so past `max` texts new ones go unnamed (""). Not for the embedded database,
 * whose connections all share one session (two of them would prepare the same name), nor behind a pooler that hands
 * out sessions per transaction.
 */
export function statementNamer(max = 500): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < max) {
      name = `rdv_${names.size}`;
      names.set(sql, name);
    }
    return name ?? "";
  };
}
