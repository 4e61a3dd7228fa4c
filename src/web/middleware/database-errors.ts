// Recognising, among the errors a request can end with, those that mean « the database is not there right now »
// (restarting, unreachable, every connection busy) — a 503 to retry later, not a bug — and those where PostgreSQL
// refused a value (a 400 that our validation should have caught first). The errors come in several shapes: Prisma's
// (code P1001…), its driver adapter's (kind DatabaseNotReachable…, or the SQLSTATE of a `postgres` kind), and the
// raw errors of the pg driver and of Node sockets, each possibly wrapped in the `cause` of another.

const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
const ADAPTER_UNAVAILABLE = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TransactionAlreadyClosed",
]);
const SOCKET_UNAVAILABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
/** SQLSTATE classes 08 (connection exception), 53 (insufficient resources) and 57P0x (server shutting down). */
const SQLSTATE_UNAVAILABLE = /^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P0[1-4])$/;
/** The pg driver's and pg-pool's own messages, which carry no code. */
const MESSAGE_UNAVAILABLE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Connection is closed|Can't reach database server|Timed out fetching a new connection|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Transaction already closed|Unable to start a transaction in the given time/i;

/** SQLSTATE class 22 (data exception: invalid text, out of range, NUL in text…) and the matching Prisma codes. */
const SQLSTATE_BAD_VALUE = /^22[0-9A-Z]{3}$/;
const PRISMA_BAD_VALUE = new Set(["P2000", "P2006", "P2007", "P2009", "P2012", "P2019", "P2020", "P2023", "P2033"]);
const ADAPTER_BAD_VALUE = new Set(["LengthMismatch", "ValueOutOfRange", "InvalidInputValue"]);

type Facts = { codes: string[]; kinds: string[]; messages: string[] };

/** The codes, kinds and messages of an error and of everything it wraps (bounded: causes can form cycles). */
function factsOf(error: unknown): Facts {
  const facts: Facts = { codes: [], kinds: [], messages: [] };
  const seen = new Set<object>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 20) {
    const value = queue.shift();
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    for (const key of ["code", "originalCode", "errorCode"]) {
      const code = Reflect.get(value, key);
      if (typeof code === "string") facts.codes.push(code);
    }
    const kind = Reflect.get(value, "kind");
    if (typeof kind === "string") facts.kinds.push(kind);
    for (const key of ["message", "originalMessage", "reason"]) {
      const message = Reflect.get(value, key);
      if (typeof message === "string") facts.messages.push(message);
    }
    for (const key of ["cause", "meta", "driverAdapterError", "originalError", "errors"]) {
      const inner = Reflect.get(value, key);
      if (Array.isArray(inner)) queue.push(...inner);
      else queue.push(inner);
    }
  }
  return facts;
}

/** Whether the request failed because the database could not be reached or used for a while (answer 503). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { codes, kinds, messages } = factsOf(error);
  return (
    codes.some(
      (code) => PRISMA_UNAVAILABLE.has(code) || SOCKET_UNAVAILABLE.has(code) || SQLSTATE_UNAVAILABLE.test(code),
    ) ||
    kinds.some((kind) => ADAPTER_UNAVAILABLE.has(kind)) ||
    messages.some((message) => MESSAGE_UNAVAILABLE.test(message))
  );
}

/** Whether PostgreSQL refused a value of the request (answer 400; the validation of that field is missing). */
export function isRefusedValue(error: unknown): boolean {
  const { codes, kinds } = factsOf(error);
  return (
    codes.some((code) => PRISMA_BAD_VALUE.has(code) || SQLSTATE_BAD_VALUE.test(code)) ||
    kinds.some((kind) => ADAPTER_BAD_VALUE.has(kind))
  );
}
