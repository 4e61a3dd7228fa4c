import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { expandOccurrences, type Occurrence, type Series } from "../../../src/domain/recurrence/expand.ts";
import { WEEKDAYS } from "../../../src/domain/recurrence/recurrence.schemas.ts";
import { clockChangeSeriesArb, coveringRangeArb, rangeArb, zonedSeriesArb } from "./recurrence-arbitraries.ts";

type ZonedSeries = Series & { timezone: string };

/** A series and a range, half of them around a clock change in a zone with daylight saving. */
const caseArb = fc.oneof(
  zonedSeriesArb.chain((series) => fc.record({ series: fc.constant(series), range: rangeArb(series.firstDay) })),
  clockChangeSeriesArb.chain((series) =>
    fc.record({ series: fc.constant(series), range: coveringRangeArb(series.firstDay) }),
  ),
);

const day = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const wallClock = (date: DateTime, time: string) => {
  const [hour, minute] = time.split(":").map(Number);
  return { year: date.year, month: date.month, day: date.day, hour, minute };
};

/** The recurrence that applies: an absence spanning several days never recurs. */
function effectiveRecurrence(series: Series) {
  const multiDay = series.endDay !== undefined && series.endDay !== series.firstDay;
  return multiDay ? null : series.recurrence;
}

/** Whether a series happens on a local day, written from the definitions, day by day, with luxon calendar maths. */
function happensOn(series: ZonedSeries, date: DateTime): boolean {
  const first = day(series.firstDay);
  const recurrence = effectiveRecurrence(series);
  if (date < first) return false;
  if (recurrence === null) return date.equals(first);
  if (recurrence.until !== undefined && date > day(recurrence.until)) return false;
  if (recurrence.every === "week") {
    const weeks = date.startOf("week").diff(first.startOf("week"), "weeks").weeks;
    return recurrence.weekdays.includes(WEEKDAYS[date.weekday - 1]!) && Math.round(weeks) % recurrence.interval === 0;
  }
  const months = date.year * 12 + date.month - (first.year * 12 + first.month);
  const samePosition =
    first.day >= 29 ? date.day + 7 > (date.daysInMonth ?? 0) : Math.ceil(date.day / 7) === Math.ceil(first.day / 7);
  return months % recurrence.interval === 0 && date.weekday === first.weekday && samePosition;
}

/** A slow, obviously correct expansion: try every local day around the range. */
function referenceExpansion(series: ZonedSeries, { from, to }: { from: Date; to: Date }): Occurrence[] {
  const zone = series.timezone;
  const span = day(series.endDay ?? series.firstDay).diff(day(series.firstDay), "days").days;
  const firstCandidate = DateTime.fromJSDate(from, { zone })
    .startOf("day")
    .minus({ days: span + 1 });
  const lastCandidate = DateTime.fromJSDate(to, { zone }).startOf("day").plus({ days: 1 });
  const occurrences: Occurrence[] = [];
  for (
    let date = day(firstCandidate.toISODate()!);
    date <= day(lastCandidate.toISODate()!);
    date = date.plus({ days: 1 })
  ) {
    if (!happensOn(series, date)) continue;
    const startsAt = DateTime.fromObject(wallClock(date, series.startTime), { zone }).toJSDate();
    const endsAt = DateTime.fromObject(wallClock(date.plus({ days: span }), series.endTime), { zone }).toJSDate();
    if (startsAt < endsAt && startsAt < to && endsAt > from) occurrences.push({ startsAt, endsAt });
  }
  return occurrences;
}

/** Either the wall clock shows `time`, or `time` did not exist that day and the clock jumped over it. */
function showsOrSkipped(instant: Date, time: string, zone: string): boolean {
  const local = DateTime.fromJSDate(instant, { zone });
  if (local.toFormat("HH:mm") === time) return true;
  // The clock reads `time` plus the jump: compare wall-clock minutes, as an instant minus the jump lands before the gap.
  const jump = local.offset - local.minus({ hours: 3 }).offset;
  const [hour = 0, minute = 0] = time.split(":").map(Number);
  return jump > 0 && local.hour * 60 + local.minute === hour * 60 + minute + jump;
}

const iso = (occurrences: Occurrence[]) =>
  occurrences.map(({ startsAt, endsAt }) => `${startsAt.toISOString()}/${endsAt.toISOString()}`);

describe("expandOccurrences, for random series in the zones of French organisations", () => {
  it("gives exactly what a day-by-day reference gives", () => {
    fc.assert(
      fc.property(caseArb, ({ series, range }) => {
        expect(iso(expandOccurrences(series, range))).toEqual(iso(referenceExpansion(series, range)));
      }),
      { numRuns: 400 },
    );
  });

  it("starts every occurrence at the local start time (unless skipped by a gap), on an allowed day, within the series", () => {
    fc.assert(
      fc.property(caseArb, ({ series, range }) => {
        const zone = series.timezone;
        for (const { startsAt, endsAt } of expandOccurrences(series, range)) {
          const start = DateTime.fromJSDate(startsAt, { zone });
          const startDay = day(start.toISODate()!);
          expect(showsOrSkipped(startsAt, series.startTime, zone)).toBe(true);
          expect(happensOn(series, startDay)).toBe(true);
          expect(startDay >= day(series.firstDay)).toBe(true);
          const until = effectiveRecurrence(series)?.until;
          if (until) expect(startDay <= day(until)).toBe(true);
          // The end is the end time, span days later in local wall-clock terms.
          const span = day(series.endDay ?? series.firstDay).diff(day(series.firstDay), "days").days;
          const end = DateTime.fromJSDate(endsAt, { zone });
          expect(showsOrSkipped(endsAt, series.endTime, zone)).toBe(true);
          expect(day(end.toISODate()!).diff(startDay, "days").days).toBe(span);
          expect(startsAt < range.to && endsAt > range.from && startsAt < endsAt).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("returns occurrences sorted and without duplicates", () => {
    fc.assert(
      fc.property(caseArb, ({ series, range }) => {
        const starts = expandOccurrences(series, range).map(({ startsAt }) => startsAt.getTime());
        expect(starts.every((start, index) => index === 0 || start > starts[index - 1]!)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("loses nothing at range boundaries: [a, c) is [a, b) together with [b, c)", () => {
    const splitArb = caseArb.chain(({ series, range }) =>
      fc.record({
        series: fc.constant(series),
        range: fc.constant(range),
        cut: fc.integer({ min: range.from.getTime(), max: range.to.getTime() }).map((ms) => new Date(ms)),
      }),
    );
    fc.assert(
      fc.property(splitArb, ({ series, range, cut }) => {
        const before = expandOccurrences(series, { from: range.from, to: cut });
        const after = expandOccurrences(series, { from: cut, to: range.to });
        const union = [...new Set([...iso(before), ...iso(after)])].sort();
        expect(union).toEqual(iso(expandOccurrences(series, range)));
      }),
      { numRuns: 400 },
    );
  });
});
