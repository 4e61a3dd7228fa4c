import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { expandOccurrences, type Occurrence, type Series } from "../../../src/domain/recurrence/expand.ts";
import { seriesOverlap } from "../../../src/domain/recurrence/overlap.ts";
import type { Recurrence, Weekday } from "../../../src/domain/recurrence/recurrence.schemas.ts";
import { localTimes, weeklyArb } from "./recurrence-arbitraries.ts";

const PARIS = "Europe/Paris";

const weekly = (weekdays: Weekday[], interval = 1, until?: string): Recurrence => ({
  every: "week",
  interval,
  weekdays,
  ...(until && { until }),
});

function series(firstDay: string, startTime: string, endTime: string, recurrence: Recurrence | null): Series {
  return { firstDay, startTime, endTime, recurrence };
}

const shown = (overlap: Occurrence | null) => (overlap ? localTimes([overlap], PARIS)[0] : null);

describe("seriesOverlap", () => {
  it("finds the first shared hour of two weekly plages on the same weekday", () => {
    const morning = series("2027-01-04", "09:00", "12:00", weekly(["mo", "we"]));
    const lateMorning = series("2027-01-13", "11:00", "13:00", weekly(["we"]));
    expect(shown(seriesOverlap(morning, lateMorning, PARIS))).toBe("2027-01-13 11:00 → 2027-01-13 12:00");
  });

  it("does not count plages that only touch as overlapping", () => {
    const morning = series("2027-01-04", "09:00", "12:00", weekly(["mo"]));
    const afternoon = series("2027-01-04", "12:00", "17:00", weekly(["mo"]));
    expect(seriesOverlap(morning, afternoon, PARIS)).toBeNull();
  });

  it("tells apart plages that alternate weeks", () => {
    const evenWeeks = series("2027-01-04", "09:00", "12:00", weekly(["mo"], 2));
    const oddWeeks = series("2027-01-11", "09:00", "12:00", weekly(["mo"], 2));
    const evenWeeksToo = series("2027-01-18", "10:00", "11:00", weekly(["mo"], 2));
    expect(seriesOverlap(evenWeeks, oddWeeks, PARIS)).toBeNull();
    expect(shown(seriesOverlap(oddWeeks, evenWeeksToo, PARIS))).toBeNull();
    expect(shown(seriesOverlap(evenWeeks, evenWeeksToo, PARIS))).toBe("2027-01-18 10:00 → 2027-01-18 11:00");
  });

  it("is exact for weekly plages whose first common week is more than two years away", () => {
    // Weeks 0, 12, 24… and weeks 10, 21, 32… of 2027-01-04 first meet in week 120, on 23 April 2029.
    const every12Weeks = series("2027-01-04", "10:00", "11:00", weekly(["mo"], 12));
    const every11Weeks = series("2027-03-15", "10:30", "12:00", weekly(["mo"], 11));
    expect(shown(seriesOverlap(every12Weeks, every11Weeks, PARIS))).toBe("2029-04-23 10:30 → 2029-04-23 11:00");
  });

  it("finds a monthly plage on the 2nd Tuesday inside a weekly Tuesday plage", () => {
    const weeklyTuesday = series("2027-01-05", "09:00", "10:30", weekly(["tu"]));
    const secondTuesday = series("2027-03-09", "10:00", "11:00", { every: "month", interval: 1 });
    expect(shown(seriesOverlap(weeklyTuesday, secondTuesday, PARIS))).toBe("2027-03-09 10:00 → 2027-03-09 10:30");
  });

  it("finds a one-off plage during an absence spanning several days", () => {
    const absence = { ...series("2027-01-05", "14:00", "12:00", null), endDay: "2027-01-08" };
    const plage = series("2027-01-04", "09:00", "17:00", weekly(["mo", "th"]));
    expect(shown(seriesOverlap(absence, plage, PARIS))).toBe("2027-01-07 09:00 → 2027-01-07 17:00");
  });

  it("finds nothing when one series ends before the other starts", () => {
    const before = series("2027-01-04", "09:00", "12:00", weekly(["mo"], 1, "2027-03-01"));
    const after = series("2027-03-02", "09:00", "12:00", weekly(["mo"]));
    expect(seriesOverlap(before, after, PARIS)).toBeNull();
    expect(seriesOverlap(after, before, PARIS)).toBeNull();
  });

  it("sees the overlap created on the spring-forward day, when a plage ending at 02:30 is stretched to 03:30", () => {
    const night = series("2027-01-03", "01:00", "02:30", weekly(["su"]));
    const early = series("2027-01-03", "03:00", "04:00", weekly(["su"]));
    const spring = { from: new Date("2027-03-01T00:00:00Z"), to: new Date("2027-04-01T00:00:00Z") };
    const overlap = seriesOverlap(night, early, PARIS, spring);
    expect(overlap?.startsAt.toISOString()).toBe("2027-03-28T01:00:00.000Z");
    expect(overlap?.endsAt.toISOString()).toBe("2027-03-28T01:30:00.000Z");
  });

  it("only looks within the horizon it is given", () => {
    const a = series("2027-01-04", "09:00", "12:00", weekly(["mo"]));
    const b = series("2027-01-04", "11:00", "12:00", weekly(["mo"]));
    const horizon = { from: new Date("2027-02-02T00:00:00Z"), to: new Date("2027-02-09T00:00:00Z") };
    expect(shown(seriesOverlap(a, b, PARIS, horizon))).toBe("2027-02-08 11:00 → 2027-02-08 12:00");
  });
});

/** The earliest intersection among all pairs of occurrences: quadratic, but obviously right. */
function bruteForceOverlap(a: Series, b: Series, horizon: { from: Date; to: Date }): Occurrence | null {
  const times = (series: Series) =>
    expandOccurrences({ ...series, timezone: PARIS }, horizon).map(({ startsAt, endsAt }) => [
      startsAt.getTime(),
      endsAt.getTime(),
    ]);
  const ys = times(b);
  let first: [number, number] | null = null;
  for (const [xStart = 0, xEnd = 0] of times(a)) {
    for (const [yStart = 0, yEnd = 0] of ys) {
      const startsAt = Math.max(xStart, yStart);
      const endsAt = Math.min(xEnd, yEnd);
      if (startsAt < endsAt && (first === null || startsAt < first[0])) first = [startsAt, endsAt];
    }
  }
  return first && { startsAt: new Date(first[0]), endsAt: new Date(first[1]) };
}

/** Slots on a coarse grid, so that random plages often meet or just touch. */
const slotArb = fc
  .tuple(fc.integer({ min: 7, max: 17 }), fc.integer({ min: 1, max: 3 }))
  .map(([hour, hours]) => ({ startTime: hhmm(hour), endTime: hhmm(hour + hours) }));

const hhmm = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** A day of the given year. */
const dayInArb = (year: number) =>
  fc.integer({ min: 0, max: 364 }).map((offset) => DateTime.utc(year, 1, 1).plus({ days: offset }).toISODate()!);

function plageArb(year: number, recurrence: fc.Arbitrary<Recurrence | null>): fc.Arbitrary<Series> {
  return fc
    .record({ firstDay: dayInArb(year), slot: slotArb, recurrence })
    .map(({ firstDay, slot, recurrence }) => ({ firstDay, ...slot, recurrence }));
}

describe("seriesOverlap, for random plages", () => {
  it("finds the same first overlap as comparing every pair of occurrences, whichever series comes first", () => {
    const horizon = { from: new Date("2024-01-01T00:00:00Z"), to: new Date("2025-01-01T00:00:00Z") };
    const nearbyPlageArb = plageArb(
      2024,
      fc.option(fc.oneof(weeklyArb, fc.constant<Recurrence>({ every: "month", interval: 1 })), { freq: 4 }),
    );
    fc.assert(
      fc.property(nearbyPlageArb, nearbyPlageArb, (a, b) => {
        const expected = bruteForceOverlap(a, b, horizon);
        expect(seriesOverlap(a, b, PARIS, horizon)).toEqual(expected);
        expect(seriesOverlap(b, a, PARIS, horizon)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("misses no overlap of open-ended weekly plages within three years when left to its own horizon", () => {
    const weeklyPlageArb = plageArb(2027, weeklyArb);
    fc.assert(
      fc.property(weeklyPlageArb, weeklyPlageArb, (a, b) => {
        const from = new Date(`${[a.firstDay, b.firstDay].sort()[1]}T00:00:00Z`);
        const threeYears = { from, to: new Date(from.getTime() + 3 * 365 * 86_400_000) };
        expect(seriesOverlap(a, b, PARIS)).toEqual(bruteForceOverlap(a, b, threeYears));
      }),
      { numRuns: 100 },
    );
  });
});
