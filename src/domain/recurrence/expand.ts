import {
  type DayNumber,
  dayNumberFromLocalDate,
  dayNumberFromParts,
  dayNumberOfInstant,
  instantAt,
  partsOfDayNumber,
  weekdayIndex,
} from "./local-calendar.ts";
import { monthlyPosition } from "./monthly-position.ts";
import { type Recurrence, WEEKDAYS, type Weekday } from "./recurrence.schemas.ts";

/** A plage or an absence as far as time goes: local days and wall-clock times, and how it repeats. */
export type Series = {
  firstDay: string;
  startTime: string;
  /** Defaults to firstDay; an absence spanning several days never recurs. */
  endDay?: string;
  endTime: string;
  recurrence: Recurrence | null;
};

/** One occurrence of a series, as UTC instants. */
export type Occurrence = { startsAt: Date; endsAt: Date };

/** A half-open interval of instants [from, to). */
export type Range = { from: Date; to: Date };

/** Wider windows are a caller's mistake (a calendar shows a week or a month), not something to grind through. */
const MAX_EXPANSION_DAYS = 4 * 366;

/**
 * The occurrences of a series that intersect [from, to), sorted. Each starts at startTime on its local day in the
 * organisation's zone, so 09:00 stays 09:00 across daylight-saving changes; a time skipped by a spring-forward change
 * is moved forward by the gap, as luxon does (02:30 becomes 03:30), and an occurrence left with no duration is dropped.
 */
export function expandOccurrences(series: Series & { timezone: string }, range: Range): Occurrence[] {
  const { from, to } = range;
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new RangeError("Invalid Date in range");
  if (from >= to) return [];
  const { timezone } = series;
  const { firstDay, lastStartDay, span, recurrence } = seriesDays(series);
  // An occurrence starting on day d starts on or after d's midnight and ends on day d+span (or just after, if a gap
  // pushes its end past midnight), so only these start days can meet the range.
  const first = Math.max(firstDay, dayNumberOfInstant(from, timezone) - span - 1);
  const last = Math.min(lastStartDay, dayNumberOfInstant(to, timezone));
  if (last - first >= MAX_EXPANSION_DAYS) {
    throw new RangeError(`Expansion window too wide: ${last - first + 1} days (at most ${MAX_EXPANSION_DAYS})`);
  }
  const days =
    recurrence === null
      ? [firstDay].filter((day) => day >= first && day <= last)
      : recurrence.every === "week"
        ? weeklyDays(firstDay, recurrence.interval, recurrence.weekdays, first, last)
        : monthlyDays(series.firstDay, recurrence.interval, first, last);
  // Days come in increasing order and a gap shift is shorter than a day, so the occurrences are already sorted.
  return days
    .map((day) => ({
      startsAt: instantAt(day, series.startTime, timezone),
      endsAt: instantAt(day + span, series.endTime, timezone),
    }))
    .filter(({ startsAt, endsAt }) => startsAt < endsAt && startsAt < to && endsAt > from);
}

/** The last local day a series covers ("YYYY-MM-DD"), or null when it repeats forever. */
export function seriesLastDay(series: Series): string | null {
  const { recurrence, endDay, firstDay } = series;
  const spansDays = endDay !== undefined && endDay !== firstDay;
  if (recurrence && !spansDays) return recurrence.until ?? null;
  return endDay ?? firstDay;
}

/** The days an occurrence may start on, how many days each lasts beyond its first, and the effective recurrence. */
function seriesDays(series: Series) {
  const firstDay = dayNumberFromLocalDate(series.firstDay);
  const span = (series.endDay === undefined ? firstDay : dayNumberFromLocalDate(series.endDay)) - firstDay;
  const recurrence = span === 0 ? series.recurrence : null;
  const until = recurrence ? recurrence.until : series.firstDay;
  const lastStartDay = until === undefined ? Number.POSITIVE_INFINITY : dayNumberFromLocalDate(until);
  return { firstDay, lastStartDay, span, recurrence };
}

/** Days of the weeks 0, N, 2N… counted from the (Monday-based) week of the first day, within first..last. */
function weeklyDays(
  firstDay: DayNumber,
  interval: number,
  weekdays: readonly Weekday[],
  first: DayNumber,
  last: DayNumber,
): DayNumber[] {
  const offsets = WEEKDAYS.flatMap((weekday, index) => (weekdays.includes(weekday) ? [index] : []));
  const origin = firstDay - weekdayIndex(firstDay);
  const period = 7 * interval;
  // Jump straight to the first active week that reaches the window, instead of walking from the first day.
  const skippedPeriods = Math.ceil((first - weekdayIndex(first) - origin) / period);
  const days: DayNumber[] = [];
  for (let monday = origin + skippedPeriods * period; monday <= last; monday += period) {
    for (const offset of offsets) {
      const day = monday + offset;
      if (day >= first && day <= last) days.push(day);
    }
  }
  return days;
}

/** The Nth (or last) weekday of the months 0, N, 2N… counted from the month of the first day, within first..last. */
function monthlyDays(firstDay: string, interval: number, first: DayNumber, last: DayNumber): DayNumber[] {
  const { ordinal, weekday } = monthlyPosition(firstDay);
  const target = WEEKDAYS.indexOf(weekday);
  const monthIndex = (day: DayNumber) => {
    const { year, month } = partsOfDayNumber(day);
    return year * 12 + month - 1;
  };
  const origin = monthIndex(dayNumberFromLocalDate(firstDay));
  const days: DayNumber[] = [];
  const start = origin + Math.ceil((monthIndex(first) - origin) / interval) * interval;
  for (let index = start; index <= monthIndex(last); index += interval) {
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    const day =
      ordinal === -1
        ? lastWeekdayOfMonth(year, month, target)
        : firstWeekdayOfMonth(year, month, target) + 7 * (ordinal - 1);
    if (day >= first && day <= last) days.push(day);
  }
  return days;
}

function firstWeekdayOfMonth(year: number, month: number, weekday: number): DayNumber {
  const firstOfMonth = dayNumberFromParts(year, month, 1);
  return firstOfMonth + ((weekday - weekdayIndex(firstOfMonth) + 7) % 7);
}

function lastWeekdayOfMonth(year: number, month: number, weekday: number): DayNumber {
  const lastOfMonth = dayNumberFromParts(year, month + 1, 0);
  return lastOfMonth - ((weekdayIndex(lastOfMonth) - weekday + 7) % 7);
}
