import { DateTime, IANAZone } from "luxon";

/**
 * A local calendar day as the number of days since 1970-01-01. Recurrence rules are about calendar days, and integer
 * arithmetic on them cannot be disturbed by time zones or daylight saving; luxon only steps in to turn a day and a
 * wall-clock time into an instant.
 */
export type DayNumber = number;

const MS_PER_DAY = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The day number of a "YYYY-MM-DD" date; throws a RangeError for anything that is not a real calendar date. */
export function dayNumberFromLocalDate(date: string): DayNumber {
  const match = LOCAL_DATE.exec(date);
  if (match) {
    const day = dayNumberFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
    // Date.UTC rolls 2027-02-30 over to 2 March: a real date is one that survives the round trip.
    if (localDateFromDayNumber(day) === date) return day;
  }
  throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
}

/** The day number of a year, a month (1–12, may overflow into the next years) and a day of the month. */
export function dayNumberFromParts(year: number, month: number, day: number): DayNumber {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** The "YYYY-MM-DD" form of a day number. */
export function localDateFromDayNumber(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The UTC-midnight Date that stands for a day number, as Prisma `@db.Date` columns hold it. */
export function utcMidnightOfDayNumber(day: DayNumber): Date {
  return new Date(day * MS_PER_DAY);
}

/** The day number of the UTC calendar day of a Date (for `@db.Date` values, which sit at UTC midnight). */
export function dayNumberOfUtcDate(date: Date): DayNumber {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Invalid Date");
  return Math.floor(ms / MS_PER_DAY);
}

/** The weekday of a day number, 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday). */
export function weekdayIndex(day: DayNumber): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Year, month (1–12) and day of the month of a day number. */
export function partsOfDayNumber(day: DayNumber): { year: number; month: number; day: number } {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The local day, in the zone, on which an instant falls. */
export function dayNumberOfInstant(instant: Date, zone: string): DayNumber {
  const key = `${zone} ${instant.getTime()}`;
  const cached = localDayCache.get(key);
  if (cached !== undefined) return cached;
  const local = DateTime.fromJSDate(instant, { zone: checkedZone(zone) });
  if (!local.isValid) throw new RangeError("Invalid Date");
  return remember(localDayCache, key, dayNumberFromParts(local.year, local.month, local.day));
}

/**
 * The instant at which the wall clock of the zone shows `time` ("HH:MM") on that day. A time skipped by a
 * spring-forward change (02:30 in Paris on the last Sunday of March) does not exist: luxon moves it forward by the
 * length of the gap (03:30 summer time). A time seen twice when clocks go back is resolved as luxon resolves it.
 */
export function instantAt(day: DayNumber, time: string, zone: string): Date {
  const { hour, minute } = parseLocalTime(time);
  let cache = instantCaches.get(zone);
  const key = day * MINUTES_PER_DAY + hour * 60 + minute;
  const cached = cache?.get(key);
  if (cached !== undefined) return new Date(cached);
  const instant = DateTime.fromObject({ ...partsOfDayNumber(day), hour, minute }, { zone: checkedZone(zone) });
  if (!cache) {
    cache = new Map();
    instantCaches.set(zone, cache);
  }
  return new Date(remember(cache, key, instant.toMillis()));
}

// Finding a zone's offset is most of the cost of these two pure functions (luxon asks Intl for it), and expanding the
// plages of a whole organisation (the créneaux engine) asks again and again for the same days, times and bounds: their
// answers are remembered, keyed by zone and arguments (only valid ones: invalid arguments throw before). The caches
// are emptied when they grow too large, so a long-running server never holds more than a few megabytes.
const CACHE_LIMIT = 50_000;
const MINUTES_PER_DAY = 1440;
const instantCaches = new Map<string, Map<number, number>>();
const localDayCache = new Map<string, DayNumber>();

function remember<K, T>(cache: Map<K, T>, key: K, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** Hours and minutes of an "HH:MM" time; throws a RangeError for anything outside 00:00–23:59. */
function parseLocalTime(time: string): { hour: number; minute: number } {
  const match = LOCAL_TIME.exec(time);
  if (!match) throw new RangeError(`Not a local time (HH:MM): ${time}`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/**
 * Refuses unknown zones loudly: luxon would otherwise produce invalid dates that turn into NaN instants. Zones come
 * from luxon's cache, as checking a name builds an Intl formatter, which is far slower than the date maths itself.
 */
function checkedZone(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`Unknown time zone: ${name}`);
  return zone;
}
