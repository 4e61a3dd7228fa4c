// Requests of the public pages and API, counted per client address across every web instance in the table of the
// sign-in limits (SignInLimit, keys `public-read:…` and `public-write:…`), the same way credentials.ts counts sign-in
// attempts: one upsert reads the window and adds the request in the same statement, so concurrent requests cannot
// all read the same count.
import type { Db } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { AppError } from "../errors.ts";

/** Reading (pages, créneaux) or writing (booking, moving, cancelling): writes are far scarcer. */
export type PublicRequestKind = "read" | "write";

const WINDOW_MINUTES = 10;
/** Requests per address and window: a person clicking through the pages never comes near; a script does. */
export const PUBLIC_LIMITS: Readonly<Record<PublicRequestKind, number>> = { read: 300, write: 20 };

/** Count one public request of `ip`; refuse it (`rate_limited`, 429) once the address used up its window. */
export async function countPublicRequest(
  db: Db,
  request: { kind: PublicRequestKind; ip: string; now: Date },
): Promise<void> {
  const { kind, ip, now } = request;
  const key = `public-${kind}:${ip}`;
  const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000);
  const recent = Prisma.sql`ARRAY(SELECT a FROM unnest(l."attempts") AS a WHERE a >= ${since}::timestamptz)`;
  const free = Prisma.sql`cardinality(${recent}) < ${PUBLIC_LIMITS[kind]}::int`;
  const rows = await db.$queryRaw<{ lastCounted: boolean }[]>`
    INSERT INTO "SignInLimit" AS l ("key", "attempts", "lastCounted")
    VALUES (${key}, ARRAY[${now}::timestamptz], true)
    ON CONFLICT ("key") DO UPDATE SET
      "attempts" = CASE WHEN ${free} THEN ${recent} || ${now}::timestamptz ELSE ${recent} END,
      "lastCounted" = ${free}
    RETURNING "lastCounted"`;
  if (!rows[0]?.lastCounted) {
    throw new AppError("rate_limited", "Trop de demandes depuis votre connexion. Réessayez dans quelques minutes.");
  }
}
