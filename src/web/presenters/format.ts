// Dates and times as people read them, in French and in the organisation's time zone. Views call these; nothing
// else converts instants to local time for display.
import { DateTime } from "luxon";

const inZone = (instant: Date, timezone: string) => DateTime.fromJSDate(instant, { zone: timezone }).setLocale("fr");

/** « mardi 5 janvier 2027 » */
export function formatDate(instant: Date, timezone: string): string {
  return inZone(instant, timezone).toFormat("cccc d LLLL yyyy");
}

/** « 09:30 » */
export function formatTime(instant: Date, timezone: string): string {
  return inZone(instant, timezone).toFormat("HH:mm");
}

/** « mardi 5 janvier 2027 à 09:30 » */
export function formatDateTime(instant: Date, timezone: string): string {
  return inZone(instant, timezone).toFormat("cccc d LLLL yyyy 'à' HH:mm");
}

/** « 5 janv. 2027 09:30 », for tables. */
export function formatShortDateTime(instant: Date, timezone: string): string {
  return inZone(instant, timezone).toFormat("d LLL yyyy HH:mm");
}

/** The local day of an instant, "YYYY-MM-DD", for date inputs. */
export function localDateInput(instant: Date, timezone: string): string {
  return inZone(instant, timezone).toFormat("yyyy-MM-dd");
}

/** The local time of an instant, "HH:MM", for time inputs. */
export function localTimeInput(instant: Date, timezone: string): string {
  return inZone(instant, timezone).toFormat("HH:mm");
}
