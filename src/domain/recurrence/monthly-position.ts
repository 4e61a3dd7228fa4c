import { dayNumberFromLocalDate, partsOfDayNumber, weekdayIndex } from "./local-calendar.ts";
import { WEEKDAYS, type Weekday } from "./recurrence.schemas.ts";

/** Which weekday of the month a monthly recurrence falls on: the 1st to 4th, or -1 for the last. */
export type MonthlyPosition = { ordinal: 1 | 2 | 3 | 4 | -1; weekday: Weekday };

/**
 * The position of a monthly recurrence, read from its first day: 2027-01-12 is the 2nd Tuesday. A first day in the
 * fifth week (29th or later) means the last such weekday, since most months have no fifth one.
 */
export function monthlyPosition(firstDay: string): MonthlyPosition {
  const day = dayNumberFromLocalDate(firstDay);
  const weekday = WEEKDAYS[weekdayIndex(day)]!;
  const week = Math.ceil(partsOfDayNumber(day).day / 7);
  return { ordinal: week === 1 || week === 2 || week === 3 || week === 4 ? week : -1, weekday };
}
