// Dates and times as people read them, in French and in the organisation's time zone: pages, emails, ICS texts and
// the history all format instants here, so that one RDV reads the same everywhere.
//
// Speed: a page or feed formats hundreds of instants, and a zoned luxon DateTime per instant cost up to a fifth of
// the CPU of the RDV list and the agenda feed (luxon's `partsOffset` asks Intl for the zone's offset on every call).
// So the zone's offset is asked once per UTC day (per quarter hour on a day of change) and kept, the wall-clock fields come from
// plain UTC arithmetic, and the French day and month names come from tables that luxon itself wrote at start-up:
// the strings are exactly luxon's (tests/unit/vocabulary/dates-fast.test.ts compares them across DST changes).
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

/** An instant as a French luxon date-time in the organisation's zone: the reference the fast path must equal. */
function inZone(instant: Date, timezone: string): DateTime {
  return DateTime.fromJSDate(instant, { zone: zoneOf(timezone) }).setLocale("fr");
}

// Offsets change at most once a day, on a quarter hour of UTC time (tzdata's transitions): one offset per zone and UTC
// day is exact when both ends of the day agree; on a day of change, one per quarter hour when both ends of the quarter
// agree; and in the quarter that holds the change, the instant's own offset, not kept.
const DAY_MS = 86_400_000;
const QUARTER_MS = 15 * 60_000;
const MAX_CACHED = 20_000;
const offsets = new Map<string, { days: Map<number, number>; quarters: Map<number, number> }>();

/** The offset in minutes that a zone keeps over [start, start + length[, or null when it changes inside. */
function steadyOffset(zone: IANAZone, start: number, length: number): number | null {
  const first = zone.offset(start);
  return first === zone.offset(start + length - 1) ? first : null;
}

/** The zone's offset in minutes at an instant, from the cache when its day or quarter hour is known. */
function offsetAt(zone: IANAZone, ts: number): number {
  let cache = offsets.get(zone.name);
  if (!cache) {
    cache = { days: new Map(), quarters: new Map() };
    offsets.set(zone.name, cache);
  }
  const day = Math.floor(ts / DAY_MS);
  const ofDay = cache.days.get(day);
  if (ofDay !== undefined) return ofDay;
  const quarter = Math.floor(ts / QUARTER_MS);
  const ofQuarter = cache.quarters.get(quarter);
  if (ofQuarter !== undefined) return ofQuarter;
  const steadyDay = steadyOffset(zone, day * DAY_MS, DAY_MS);
  if (steadyDay !== null) {
    if (cache.days.size >= MAX_CACHED) cache.days.clear();
    cache.days.set(day, steadyDay);
    return steadyDay;
  }
  const steadyQuarter = steadyOffset(zone, quarter * QUARTER_MS, QUARTER_MS);
  if (steadyQuarter === null) return zone.offset(ts);
  if (cache.quarters.size >= MAX_CACHED) cache.quarters.clear();
  cache.quarters.set(quarter, steadyQuarter);
  return steadyQuarter;
}

/** The offset in minutes of a valid zone at an instant, as luxon's `IANAZone#offset` gives it (cached per day). */
export function zoneOffsetAt(instant: Date, timezone: string): number {
  return offsetAt(zoneOf(timezone), instant.getTime());
}

/** An instant's wall clock in a zone; `date` holds it as UTC fields. */
type Local = { date: Date; offset: number };

/** The wall clock of an instant in a zone, or null where luxon must answer (bad zone or date, odd offset or year). */
function localOf(instant: Date, timezone: string): Local | null {
  const ts = instant.getTime();
  const zone = zoneOf(timezone);
  if (!zone.isValid || Number.isNaN(ts)) return null;
  const offset = offsetAt(zone, ts);
  // Local mean times before 1900 have offsets in seconds; years outside 1–9999 change the ISO form: luxon does those.
  if (!Number.isInteger(offset)) return null;
  const date = new Date(ts + offset * 60_000);
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  return { date, offset };
}

// French names exactly as luxon writes them with this runtime's ICU (`cccc`, `ccc`, `LLLL`, `LLL`).
// 2024-01-01 was a Monday: index 0 is Sunday, like Date#getUTCDay.
const WEEKDAYS = [7, 1, 2, 3, 4, 5, 6].map((day) => DateTime.utc(2024, 1, day).setLocale("fr"));
const WEEKDAY_LONG = WEEKDAYS.map((date) => date.toFormat("cccc"));
const WEEKDAY_SHORT = WEEKDAYS.map((date) => date.toFormat("ccc"));
const MONTHS = Array.from({ length: 12 }, (_, index) => DateTime.utc(2024, index + 1, 1).setLocale("fr"));
const MONTH_LONG = MONTHS.map((date) => date.toFormat("LLLL"));
const MONTH_SHORT = MONTHS.map((date) => date.toFormat("LLL"));

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function pad4(value: number): string {
  return String(value).padStart(4, "0");
}

function hhmm(date: Date): string {
  return `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`;
}

function longDate(date: Date): string {
  return `${WEEKDAY_LONG[date.getUTCDay()]} ${date.getUTCDate()} ${MONTH_LONG[date.getUTCMonth()]} ${pad4(date.getUTCFullYear())}`;
}

function isoDate(date: Date): string {
  return `${pad4(date.getUTCFullYear())}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/** « mardi 5 janvier 2027 » */
export function formatDate(instant: Date, timezone: string): string {
  const local = localOf(instant, timezone);
  if (!local) return inZone(instant, timezone).toFormat("cccc d LLLL yyyy");
  return longDate(local.date);
}

/** « 09:30 » */
export function formatTime(instant: Date, timezone: string): string {
  const local = localOf(instant, timezone);
  if (!local) return inZone(instant, timezone).toFormat("HH:mm");
  return hhmm(local.date);
}

/** « mardi 5 janvier 2027 à 09:30 » */
export function formatDateTime(instant: Date, timezone: string): string {
  const local = localOf(instant, timezone);
  if (!local) return inZone(instant, timezone).toFormat("cccc d LLLL yyyy 'à' HH:mm");
  return `${longDate(local.date)} à ${hhmm(local.date)}`;
}

/** « 5 janv. 2027 09:30 », for tables. */
export function formatShortDateTime(instant: Date, timezone: string): string {
  const local = localOf(instant, timezone);
  if (!local) return inZone(instant, timezone).toFormat("d LLL yyyy HH:mm");
  const { date } = local;
  return `${date.getUTCDate()} ${MONTH_SHORT[date.getUTCMonth()]} ${pad4(date.getUTCFullYear())} ${hhmm(date)}`;
}

/** « mar. 5 janv. 09:30 », for events that span several days. */
export function formatShortDayTime(instant: Date, timezone: string): string {
  const local = localOf(instant, timezone);
  if (!local) return inZone(instant, timezone).toFormat("ccc d LLL HH:mm");
  const { date } = local;
  return `${WEEKDAY_SHORT[date.getUTCDay()]} ${date.getUTCDate()} ${MONTH_SHORT[date.getUTCMonth()]} ${hhmm(date)}`;
}

/** The local day of an instant, "YYYY-MM-DD" (date inputs, grouping by day). */
export function localDateInput(instant: Date, timezone: string): string {
  const local = localOf(instant, timezone);
  if (!local) return inZone(instant, timezone).toFormat("yyyy-MM-dd");
  return isoDate(local.date);
}

/** The local time of an instant, "HH:MM", for time inputs. */
export function localTimeInput(instant: Date, timezone: string): string {
  return formatTime(instant, timezone);
}

/** ISO 8601 with the zone's offset at that instant, « 2027-03-29T09:00:00+02:00 ». */
export function isoInZone(instant: Date, timezone: string): string {
  const local = localOf(instant, timezone);
  if (!local) return inZone(instant, timezone).toISO({ suppressMilliseconds: true }) ?? instant.toISOString();
  const { date, offset } = local;
  const millisecond = date.getUTCMilliseconds();
  const fraction = millisecond === 0 ? "" : `.${String(millisecond).padStart(3, "0")}`;
  const sign = offset < 0 ? "-" : "+";
  const absolute = Math.abs(offset);
  return (
    `${isoDate(date)}T${hhmm(date)}:${pad2(date.getUTCSeconds())}${fraction}` +
    `${sign}${pad2(Math.trunc(absolute / 60))}:${pad2(absolute % 60)}`
  );
}
