// Dates and times as people read them, in French and in the organisation's time zone: pages, emails, ICS texts and
// the history all format instants here, so that one RDV reads the same everywhere.
import { DateTime, IANAZone } from "luxon";

// An organisation has one zone and every page formats dozens of instants in it: build each zone once per process.
const zones = new Map<string, IANAZone>();

/** The luxon zone of an IANA name (« Europe/Paris »), built once and reused. */
export function zoneOf(timezone: string): IANAZone {
  let zone = zones.get(timezone);
  if (!zone) {
    zone = IANAZone.create(timezone);
    zones.set(timezone, zone);
  }
  return zone;
}

/** An instant as a French luxon date-time in the organisation's zone. */
function inZone(instant: Date, timezone: string): DateTime {
  return DateTime.fromJSDate(instant, { zone: zoneOf(timezone) }).setLocale("fr");
}

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

/** « mar. 5 janv. 09:30 », for events that span several days. */
export function formatShortDayTime(instant: Date, timezone: string): string {
  return inZone(instant, timezone).toFormat("ccc d LLL HH:mm");
}

/** The local day of an instant, "YYYY-MM-DD" (date inputs, grouping by day). */
export function localDateInput(instant: Date, timezone: string): string {
  return inZone(instant, timezone).toFormat("yyyy-MM-dd");
}

/** The local time of an instant, "HH:MM", for time inputs. */
export function localTimeInput(instant: Date, timezone: string): string {
  return inZone(instant, timezone).toFormat("HH:mm");
}

/** ISO 8601 with the zone's offset at that instant, « 2027-03-29T09:00:00+02:00 ». */
export function isoInZone(instant: Date, timezone: string): string {
  return inZone(instant, timezone).toISO({ suppressMilliseconds: true }) ?? instant.toISOString();
}
