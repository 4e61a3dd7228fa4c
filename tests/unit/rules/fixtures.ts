// Shared helpers for the notification rules tests: wall-clock instants in a named zone, and fast-check arbitraries.
import fc from "fast-check";
import { DateTime } from "luxon";
import type { Author } from "../../../src/domain/author.ts";
import type { RdvEventForAgent, RdvNotificationsLevel } from "../../../src/notifications/rules.ts";

/** The instant at which the wall clock of `zone` shows `localIso` (e.g. "2027-03-28T14:00"). */
export function at(localIso: string, zone = "Europe/Paris"): Date {
  const local = DateTime.fromISO(localIso, { zone });
  if (!local.isValid) throw new Error(`Bad fixture: ${localIso} in ${zone}`);
  return local.toJSDate();
}

export const RECIPIENT = "agent-recipient";
export const COLLEAGUE = "agent-colleague";

export const authors = {
  self: { kind: "agent", agentId: RECIPIENT },
  colleague: { kind: "agent", agentId: COLLEAGUE },
  usager: { kind: "user", userId: "user-1" },
} satisfies Record<string, Author>;

export type AuthorName = keyof typeof authors;

export const LEVELS: readonly RdvNotificationsLevel[] = ["all", "others", "soon", "none"];

/** Zones of French organisations (and two odd ones) where the local day and the UTC day differ. */
export const TIMEZONES = [
  "Europe/Paris",
  "Pacific/Noumea",
  "America/Cayenne",
  "Indian/Reunion",
  "Indian/Mayotte",
  "America/Martinique",
  "Pacific/Tahiti",
  "America/Miquelon",
  "Pacific/Chatham",
  "America/Sao_Paulo",
  "UTC",
] as const;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// 2026 to 2029: several DST nights in every zone that has them.
export const nowArb = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2029, 11, 31) }).map((ms) => new Date(ms));

/** An offset from now, biased towards the interesting range: a few days around now, down to the millisecond. */
export const offsetArb = fc.oneof(
  fc.integer({ min: -3 * DAY, max: 3 * DAY }),
  fc.integer({ min: -60 * DAY, max: 60 * DAY }),
  fc.integer({ min: -2 * MINUTE, max: 2 * MINUTE }),
);

export const levelArb = fc.constantFrom(...LEVELS);
export const timezoneArb = fc.constantFrom(...TIMEZONES);

export const authorArb: fc.Arbitrary<Author> = fc.oneof(
  fc.constant<Author>(authors.self),
  fc.constant<Author>(authors.colleague),
  fc.constant<Author>(authors.usager),
  fc.string({ minLength: 1, maxLength: 8 }).map((agentId): Author => ({ kind: "agent", agentId })),
);

/** An event whose starts are `now` shifted by the given offsets. */
export function eventArb(now: Date, offsets: fc.Arbitrary<number> = offsetArb): fc.Arbitrary<RdvEventForAgent> {
  const shifted = offsets.map((offset) => new Date(now.getTime() + offset));
  return fc.oneof(
    shifted.map((startsAt): RdvEventForAgent => ({ type: "created", startsAt })),
    shifted.map((startsAt): RdvEventForAgent => ({ type: "cancelled", startsAt })),
    fc
      .tuple(shifted, shifted)
      .map(([oldStartsAt, newStartsAt]): RdvEventForAgent => ({ type: "updated", oldStartsAt, newStartsAt })),
  );
}

/** The starts of an event: one, or the old and the new for a move. */
export function startsOf(event: RdvEventForAgent): [Date] | [Date, Date] {
  return event.type === "updated" ? [event.oldStartsAt, event.newStartsAt] : [event.startsAt];
}
