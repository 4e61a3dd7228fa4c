import { expandOccurrences, type Occurrence, type Range, type Series, seriesLastDay } from "./expand.ts";
import { type DayNumber, dayNumberFromLocalDate, instantAt } from "./local-calendar.ts";

/** How far ahead two open-ended series are compared, unless both are weekly. */
const OPEN_ENDED_HORIZON_DAYS = 2 * 365;

/**
 * The first time two series are both on, as the intersection of their first overlapping occurrences, or null.
 * Without a horizon, they are compared from the later first day to the earlier last day, over at most two years.
 * Two weekly series repeat together every lcm(intervals) weeks, so one common cycle is enough: the answer is exact and
 * cheap for them, as far as wall-clock times go (an overlap that only exists because a spring-forward gap stretched a
 * night-time occurrence is found only if it falls in that cycle).
 */
export function seriesOverlap(a: Series, b: Series, timezone: string, horizon?: Range): Occurrence | null {
  const range = horizon ?? defaultHorizon(a, b, timezone);
  if (range === null) return null;
  return firstIntersection(expandOccurrences({ ...a, timezone }, range), expandOccurrences({ ...b, timezone }, range));
}

function defaultHorizon(a: Series, b: Series, timezone: string): Range | null {
  const start = Math.max(dayNumberFromLocalDate(a.firstDay), dayNumberFromLocalDate(b.firstDay));
  const end = Math.min(
    lastDayNumber(a),
    lastDayNumber(b),
    start + (commonWeeklyCycleDays(a, b) ?? OPEN_ENDED_HORIZON_DAYS),
  );
  if (end < start) return null;
  // The day after the last one, plus one more for an occurrence pushed past midnight by a time-zone gap.
  return { from: instantAt(start, "00:00", timezone), to: instantAt(end + 2, "00:00", timezone) };
}

function lastDayNumber(series: Series): DayNumber {
  const lastDay = seriesLastDay(series);
  return lastDay === null ? Number.POSITIVE_INFINITY : dayNumberFromLocalDate(lastDay);
}

/**
 * One common cycle of two weekly series: from the later first day on, which days are on repeats every 7·lcm days,
 * so that many consecutive days hold every combination of weekday and week once.
 */
function commonWeeklyCycleDays(a: Series, b: Series): number | null {
  if (a.recurrence?.every !== "week" || b.recurrence?.every !== "week") return null;
  return 7 * lcm(a.recurrence.interval, b.recurrence.interval);
}

function lcm(x: number, y: number): number {
  const gcd = (m: number, n: number): number => (n === 0 ? m : gcd(n, m % n));
  return (x * y) / gcd(x, y);
}

/**
 * The earliest intersection of two sorted lists of occurrences, each made of disjoint occurrences (a series never
 * overlaps itself): a merge that always advances the occurrence that ends first.
 */
function firstIntersection(xs: Occurrence[], ys: Occurrence[]): Occurrence | null {
  let i = 0;
  let j = 0;
  while (i < xs.length && j < ys.length) {
    const x = xs[i]!;
    const y = ys[j]!;
    const startsAt = Math.max(x.startsAt.getTime(), y.startsAt.getTime());
    const endsAt = Math.min(x.endsAt.getTime(), y.endsAt.getTime());
    if (startsAt < endsAt) return { startsAt: new Date(startsAt), endsAt: new Date(endsAt) };
    if (x.endsAt <= y.endsAt) i++;
    else j++;
  }
  return null;
}
