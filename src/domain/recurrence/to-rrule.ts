import { DateTime } from "luxon";
import { monthlyPosition } from "./monthly-position.ts";
import { type Recurrence, WEEKDAYS, type Weekday } from "./recurrence.schemas.ts";

/** A recurring plage or absence; startTime is part of the series but UNTIL covers the whole day, so it is unused. */
export type RruleInput = { recurrence: Recurrence; firstDay: string; startTime: string; timezone: string };

const byDay = (weekday: Weekday) => weekday.toUpperCase();

/**
 * The RFC 5545 RRULE value (without "RRULE:") of a recurrence, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;
 * UNTIL=20270630T215959Z;WKST=MO". The matching DTSTART is the first occurrence in the organisation's zone (RFC 5545
 * leaves a DTSTART that is not an occurrence undefined). UNTIL is the end of the until day in that zone, in UTC as the
 * RFC requires with a zoned DTSTART, so that day's occurrence is included whatever its start time.
 */
export function toRrule({ recurrence, firstDay, timezone }: RruleInput): string {
  const parts =
    recurrence.every === "week"
      ? ["FREQ=WEEKLY", `INTERVAL=${recurrence.interval}`, `BYDAY=${weeklyByDay(recurrence.weekdays)}`]
      : ["FREQ=MONTHLY", `INTERVAL=${recurrence.interval}`, `BYDAY=${monthlyByDay(firstDay)}`];
  if (recurrence.until !== undefined) parts.push(`UNTIL=${endOfDayUtc(recurrence.until, timezone)}`);
  // Weeks of an INTERVAL count from WKST: RFC 5545 defaults it to Monday, but some clients assume Sunday, which would
  // shift which weeks are active when a series starts on a Sunday.
  if (recurrence.every === "week" && recurrence.interval > 1) parts.push("WKST=MO");
  return parts.join(";");
}

function weeklyByDay(weekdays: readonly Weekday[]): string {
  return WEEKDAYS.filter((day) => weekdays.includes(day))
    .map(byDay)
    .join(",");
}

function monthlyByDay(firstDay: string): string {
  const { ordinal, weekday } = monthlyPosition(firstDay);
  return `${ordinal}${byDay(weekday)}`;
}

function endOfDayUtc(day: string, timezone: string): string {
  const endOfDay = DateTime.fromISO(day, { zone: timezone }).endOf("day").set({ millisecond: 0 });
  if (!endOfDay.isValid) throw new RangeError(`Invalid until day or time zone: ${day}, ${timezone}`);
  return endOfDay.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
}
