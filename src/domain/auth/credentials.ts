// Checking an email and a password, for the sign-in form and for API tokens alike: both count attempts in the same
// table, per email and per client address, so neither door lets more guesses through than the other.
//
// An attempt is counted BEFORE its password is checked, by one upsert per key that reads the attempts of the window
// and adds this one in the same statement (the row stays locked until the statement ends): of 200 concurrent guesses
// at one email, exactly the first 10 find room and are checked. Counting after the check, as before, let every
// concurrent guess read the same count. A successful attempt is then taken back out, so that only failures count,
// as documented in docs/api.md.
import { DateTime } from "luxon";
import type { Db } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { AppError } from "../errors.ts";
import { verifyPassword } from "./password.ts";

// Failed attempts tolerated in the window, per email and per client address; kept in the database so that every
// web instance counts the same attempts.
const WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_EMAIL = 10;
const MAX_FAILURES_PER_IP = 50;

export type CredentialsCheck = { email: string; password: string; ip: string; now: Date };

/**
 * The id of the agent with this email and password. Refuses (`rate_limited`) once too many attempts failed lately for
 * the email or the address, and (`invalid`, the same message whichever part is wrong) a wrong pair, counting it.
 */
export async function checkCredentials(db: Db, check: CredentialsCheck): Promise<string> {
  return (await checkAgentCredentials(db, check)).id;
}

/**
 * Like checkCredentials, with the password hash that was verified: what is issued against it (an API token) can then
 * be bound to the password still being that one when it is stored.
 */
export async function checkAgentCredentials(
  db: Db,
  { email, password, ip, now }: CredentialsCheck,
): Promise<{ id: string; passwordHash: string }> {
  const keys = { email: `email:${email}`, ip: `ip:${ip}` };
  const counted = await countAttempt(db, keys, now);
  if (!counted.email || !counted.ip) {
    // Refused before any check: it is not a failure, so it leaves the other key as it found it.
    await Promise.all([
      counted.email ? forgetAttempt(db, keys.email, now) : null,
      counted.ip ? forgetAttempt(db, keys.ip, now) : null,
    ]);
    throw new AppError("rate_limited", "Trop de tentatives de connexion. Réessayez dans quelques minutes.");
  }
  const agent = await db.agent.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  // An invited agent has no password yet.
  const passwordHash = agent?.passwordHash ?? null;
  // Verify even for an unknown email so that response time does not reveal which emails exist.
  const ok = await verifyPassword(passwordHash ?? DUMMY_HASH, password);
  if (!agent || passwordHash === null || !ok) {
    throw new AppError("invalid", "Email ou mot de passe incorrect.", { password: "Email ou mot de passe incorrect." });
  }
  // A success is not a failure: it gives its place back (it neither counts nor clears the earlier failures).
  await Promise.all([forgetAttempt(db, keys.email, now), forgetAttempt(db, keys.ip, now)]);
  return { id: agent.id, passwordHash };
}

/**
 * Count an attempt for both keys, in one statement: each key's row drops the attempts older than the window and adds
 * this one only if there is room under its limit, which `lastCounted` says back. Rows are always locked email first,
 * then address (the order of VALUES), and forgetAttempt locks one row at a time, so concurrent attempts cannot
 * deadlock.
 */
async function countAttempt(
  db: Db,
  keys: { email: string; ip: string },
  now: Date,
): Promise<{ email: boolean; ip: boolean }> {
  const since = DateTime.fromJSDate(now).minus({ minutes: WINDOW_MINUTES }).toJSDate();
  // Read from the row as it was before this attempt (`l`), under its lock.
  const recent = Prisma.sql`ARRAY(SELECT a FROM unnest(l."attempts") AS a WHERE a >= ${since}::timestamptz)`;
  const limit = Prisma.sql`CASE WHEN l."key" = ${keys.email} THEN ${MAX_FAILURES_PER_EMAIL}::int ELSE ${MAX_FAILURES_PER_IP}::int END`;
  const free = Prisma.sql`cardinality(${recent}) < ${limit}`;
  const rows = await db.$queryRaw<{ key: string; lastCounted: boolean }[]>`
    INSERT INTO "SignInLimit" AS l ("key", "attempts", "lastCounted")
    VALUES (${keys.email}, ARRAY[${now}::timestamptz], true), (${keys.ip}, ARRAY[${now}::timestamptz], true)
    ON CONFLICT ("key") DO UPDATE SET
      "attempts" = CASE WHEN ${free} THEN ${recent} || ${now}::timestamptz ELSE ${recent} END,
      "lastCounted" = ${free}
    RETURNING "key", "lastCounted"`;
  const counted = (key: string) => rows.some((row) => row.key === key && row.lastCounted);
  return { email: counted(keys.email), ip: counted(keys.ip) };
}

/** Take one counted attempt made at `now` back out of a key's window. */
async function forgetAttempt(db: Db, key: string, now: Date): Promise<void> {
  await db.$executeRaw`
    UPDATE "SignInLimit" SET "attempts" =
      "attempts"[:array_position("attempts", ${now}::timestamptz) - 1]
      || "attempts"[array_position("attempts", ${now}::timestamptz) + 1:]
    WHERE "key" = ${key} AND array_position("attempts", ${now}::timestamptz) IS NOT NULL`;
}

// argon2id hash of a random string, checked against when the email is unknown.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$pNqKJbO885Fo1bxewL+vKg$XnwP90aOcJ7i6CfZ37x8gozdVbqjPLvHD0HUGKNQOXk";
