import fc from "fast-check";
import { DateTime } from "luxon";
import type { Occurrence, Series } from "../../../src/domain/recurrence/expand.ts";
import { type Recurrence, WEEKDAYS, type Weekday } from "../../../src/domain/recurrence/recurrence.schemas.ts";

/** The zones of French organisations: mainland and overseas, with and without daylight saving. */
export const FRENCH_ZONES = [
  "Europe/Paris",
  "America/Guadeloupe",
  "America/Martinique",
  "America/Cayenne",
  "Indian/Reunion",
  "Indian/Mayotte",
  "America/Miquelon",
  "Pacific/Tahiti",
  "Pacific/Noumea",
  "Pacific/Wallis",
] as const;

/** Occurrences as "yyyy-MM-dd HH:mm → yyyy-MM-dd HH:mm" in the zone, so expectations read like a calendar. */
export function localTimes(occurrences: Occurrence[], zone: string): string[] {
  const format = (instant: Date) => DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd HH:mm");
  return occurrences.map(({ startsAt, endsAt }) => `${format(startsAt)} → ${format(endsAt)}`);
}

/** Local start days only, for expectations about which days a rule picks. */
export function localDays(occurrences: Occurrence[], zone: string): string[] {
  return occurrences.map(({ startsAt }) => DateTime.fromJSDate(startsAt, { zone }).toISODate() ?? "");
}

/** An instant written in UTC, e.g. utc("2027-03-28T07:00"). */
export function utc(isoWithoutZone: string): Date {
  return new Date(`${isoWithoutZone}:00.000Z`);
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

const isoDay = (day: DateTime) => day.toISODate() ?? "";

const START = DateTime.fromISO("2024-01-01", { zone: "utc" });

/** A day between 2024 and 2031, where daylight-saving rules of our zones are known. */
export const localDayArb = fc.integer({ min: 0, max: 8 * 365 }).map((offset) => isoDay(START.plus({ days: offset })));

const intervalArb = fc.integer({ min: 1, max: 12 });

export const weeklyArb: fc.Arbitrary<Recurrence> = fc.record({
  every: fc.constant("week" as const),
  interval: intervalArb,
  weekdays: fc.subarray([...WEEKDAYS], { minLength: 1 }),
});

export const monthlyArb: fc.Arbitrary<Recurrence> = fc.record({
  every: fc.constant("month" as const),
  interval: intervalArb,
});

type SeriesOptions = {
  zones: readonly string[];
  firstDay: fc.Arbitrary<string>;
  startMinutes: fc.Arbitrary<number>;
  recurrence: fc.Arbitrary<Recurrence>;
};

function zonedSeriesArbWith({
  zones,
  firstDay,
  startMinutes,
  recurrence,
}: SeriesOptions): fc.Arbitrary<Series & { timezone: string }> {
  return fc
    .record({
      timezone: fc.constantFrom(...zones),
      firstDay,
      start: startMinutes,
      length: fc.integer({ min: 1, max: 1439 }),
      spanDays: fc.oneof(
        { weight: 6, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) },
      ),
      recurrence: fc.option(recurrence, { freq: 5 }),
      untilAfter: fc.option(fc.integer({ min: -3, max: 900 }), { freq: 3 }),
    })
    .map(({ timezone, firstDay, start, length, spanDays, recurrence, untilAfter }) => {
      const first = DateTime.fromISO(firstDay, { zone: "utc" });
      // A single-day occurrence must end after it starts; one spanning days may end at any time.
      const end = spanDays === 0 ? start + 1 + (length % (1439 - start)) : length;
      const until = untilAfter === null ? undefined : isoDay(first.plus({ days: untilAfter }));
      return {
        timezone,
        firstDay,
        startTime: hhmm(start),
        endDay: isoDay(first.plus({ days: spanDays })),
        endTime: hhmm(end),
        recurrence: recurrence && (until === undefined ? recurrence : { ...recurrence, until }),
      };
    });
}

/** A plage or absence in any of our zones: mostly single-day slots, recurring or not, sometimes a multi-day absence. */
export const zonedSeriesArb = zonedSeriesArbWith({
  zones: FRENCH_ZONES,
  firstDay: localDayArb,
  startMinutes: fc.integer({ min: 0, max: 1438 }),
  recurrence: fc.oneof(weeklyArb, monthlyArb),
});

/** Local days on which the clocks of a zone change, between 2024 and 2031. */
function clockChangeDays(zone: string): string[] {
  const days: string[] = [];
  for (let date = START.setZone(zone, { keepLocalTime: true }); date.year < 2032; date = date.plus({ days: 1 })) {
    if (date.offset !== date.plus({ days: 1 }).offset) days.push(isoDay(date));
  }
  return days;
}

const CLOCK_CHANGE_DAYS = [...new Set(["Europe/Paris", "America/Miquelon"].flatMap(clockChangeDays))];

/**
 * A series in a zone with daylight saving, starting up to five weeks before a clock change, with a start time in the
 * small hours where the changes happen.
 */
export const clockChangeSeriesArb = zonedSeriesArbWith({
  zones: ["Europe/Paris", "America/Miquelon"],
  firstDay: fc
    .tuple(fc.constantFrom(...CLOCK_CHANGE_DAYS), fc.integer({ min: 0, max: 35 }))
    .map(([change, daysBefore]) => isoDay(DateTime.fromISO(change, { zone: "utc" }).minus({ days: daysBefore }))),
  startMinutes: fc.integer({ min: 90, max: 210 }),
  // Clocks change on Sundays: recur often, and on Sundays, so that the change day is hit.
  recurrence: fc.oneof(
    fc.record({
      every: fc.constant("week" as const),
      interval: fc.integer({ min: 1, max: 2 }),
      weekdays: fc.subarray(WEEKDAYS.filter((day) => day !== "su")).map((days): Weekday[] => [...days, "su"]),
    }),
    fc.record({ every: fc.constant("month" as const), interval: fc.constant(1) }),
  ),
});

/** A range [from, to) placed around the series' first day: from an hour to two months long. */
export function rangeArb(firstDay: string): fc.Arbitrary<{ from: Date; to: Date }> {
  return rangeArbWith(
    firstDay,
    fc.oneof(fc.integer({ min: -3 * 1440, max: 45 * 1440 }), fc.integer({ min: -40 * 1440, max: 800 * 1440 })),
    fc.integer({ min: 60, max: 62 * 1440 }),
  );
}

/** A range from just before the first day to at least five weeks later, so it covers a clock change ahead. */
export function coveringRangeArb(firstDay: string): fc.Arbitrary<{ from: Date; to: Date }> {
  return rangeArbWith(firstDay, fc.integer({ min: -2 * 1440, max: 0 }), fc.integer({ min: 38 * 1440, max: 62 * 1440 }));
}

function rangeArbWith(
  firstDay: string,
  offsetMinutesArb: fc.Arbitrary<number>,
  lengthMinutesArb: fc.Arbitrary<number>,
): fc.Arbitrary<{ from: Date; to: Date }> {
  const origin = DateTime.fromISO(firstDay, { zone: "utc" }).toMillis();
  return fc
    .record({ offsetMinutes: offsetMinutesArb, lengthMinutes: lengthMinutesArb })
    .map(({ offsetMinutes, lengthMinutes }) => {
      const from = origin + offsetMinutes * 60_000;
      return { from: new Date(from), to: new Date(from + lengthMinutes * 60_000) };
    });
}
