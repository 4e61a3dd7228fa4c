import type { Series } from "./expand.ts";
import {
  dayNumberFromLocalDate,
  dayNumberOfUtcDate,
  localDateFromDayNumber,
  utcMidnightOfDayNumber,
} from "./local-calendar.ts";
import { type Recurrence, WEEKDAYS, type Weekday } from "./recurrence.schemas.ts";

/** The recurrence columns of `PlageOuverture` and `Absence`, as Prisma reads and writes them. */
export type RecurrenceColumns = {
  recurrenceFrequency: "week" | "month" | null;
  recurrenceInterval: number | null;
  recurrenceWeekdays: Weekday[];
  recurrenceUntil: Date | null;
};

/** The columns a plage's or an absence's series is read from (an absence's `endDay` aside), for a Prisma `select`. */
export const seriesColumns = {
  firstDay: true,
  startTime: true,
  endTime: true,
  recurrenceFrequency: true,
  recurrenceInterval: true,
  recurrenceWeekdays: true,
  recurrenceUntil: true,
} as const;

/** The series (first day, times, recurrence) of a row read with `seriesColumns`; an absence adds its `endDay`. */
export function seriesFromColumns(
  row: RecurrenceColumns & { firstDay: Date; startTime: string; endTime: string },
): Pick<Series, "firstDay" | "startTime" | "endTime" | "recurrence"> {
  return {
    firstDay: localDateFromDbDate(row.firstDay),
    startTime: row.startTime,
    endTime: row.endTime,
    recurrence: recurrenceFromColumns(row),
  };
}

/** The recurrence stored in the columns, or null for a one-off. */
export function recurrenceFromColumns(columns: RecurrenceColumns): Recurrence | null {
  const { recurrenceFrequency, recurrenceInterval, recurrenceUntil } = columns;
  if (recurrenceFrequency === null) return null;
  const common = {
    interval: recurrenceInterval ?? 1,
    ...(recurrenceUntil && { until: localDateFromDbDate(recurrenceUntil) }),
  };
  if (recurrenceFrequency === "month") return { every: "month", ...common };
  const weekdays = WEEKDAYS.filter((day) => columns.recurrenceWeekdays.includes(day));
  return { every: "week", ...common, weekdays };
}

/** The columns that store a recurrence (all empty for a one-off). */
export function recurrenceToColumns(recurrence: Recurrence | null): RecurrenceColumns {
  return {
    recurrenceFrequency: recurrence?.every ?? null,
    recurrenceInterval: recurrence?.interval ?? null,
    recurrenceWeekdays: recurrence?.every === "week" ? [...recurrence.weekdays] : [],
    recurrenceUntil: recurrence?.until ? dbDateFromLocalDate(recurrence.until) : null,
  };
}

/** The "YYYY-MM-DD" day of a Prisma `@db.Date` value (a Date at UTC midnight of that day). */
export function localDateFromDbDate(date: Date): string {
  return localDateFromDayNumber(dayNumberOfUtcDate(date));
}

/** The Prisma `@db.Date` value (a Date at UTC midnight) of a "YYYY-MM-DD" day. */
export function dbDateFromLocalDate(date: string): Date {
  return utcMidnightOfDayNumber(dayNumberFromLocalDate(date));
}

/** Two `@db.Date` values (or nulls) that stand for the same day. */
export function sameDay(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

/** Two sets of strings with the same members, whatever their order. */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return [...a].sort().join() === [...b].sort().join();
}

/** Whether two plages or absences repeat the same way, column by column. */
export function sameRecurrence(a: RecurrenceColumns, b: RecurrenceColumns): boolean {
  return (
    a.recurrenceFrequency === b.recurrenceFrequency &&
    a.recurrenceInterval === b.recurrenceInterval &&
    sameList(a.recurrenceWeekdays, b.recurrenceWeekdays) &&
    sameDay(a.recurrenceUntil, b.recurrenceUntil)
  );
}
