import { DateTime, IANAZone } from "luxon";

// A VTIMEZONE must cover every instant a client evaluates: ical.js, for one, treats any time before the first
// observance as UTC. So we open with one observance valid since 1970 (the usual convention) that carries the offset in
// force at the start of the window, then list each real transition in the window with its own dated DTSTART.

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

type Transition = { atMs: number; offsetFrom: number; offsetTo: number };

/** VTIMEZONE content lines (unfolded) for `zone`, with its transitions from 1 January `fromYear` to the end of `toYear`. */
export function vtimezoneLines(zone: string, fromYear: number, toYear: number): string[] {
  const tz = IANAZone.create(zone);
  if (!tz.isValid) throw new RangeError(`Unknown time zone: ${zone}`);
  const windowStart = DateTime.fromObject({ year: fromYear, month: 1, day: 1 }, { zone: tz }).toMillis();
  const windowEnd = DateTime.fromObject(
    { year: Math.max(fromYear, toYear) + 1, month: 1, day: 1 },
    { zone: tz },
  ).toMillis();
  const initialOffset = tz.offset(windowStart);

  const lines = [`BEGIN:VTIMEZONE`, `TZID:${zone}`];
  lines.push(...observance(tz, windowStart, { atMs: windowStart, offsetFrom: initialOffset, offsetTo: initialOffset }));
  for (const transition of transitions(tz, windowStart, windowEnd)) {
    lines.push(...observance(tz, transition.atMs, transition));
  }
  lines.push("END:VTIMEZONE");
  return lines;
}

function transitions(tz: IANAZone, fromMs: number, toMs: number): Transition[] {
  const found: Transition[] = [];
  for (let t = fromMs; t < toMs; t += DAY_MS) {
    const next = Math.min(t + DAY_MS, toMs);
    const offsetFrom = tz.offset(t);
    const offsetTo = tz.offset(next);
    if (offsetFrom === offsetTo) continue;
    // Binary search, to the minute, for the first instant at the new offset.
    let low = Math.floor(t / MINUTE_MS);
    let high = Math.ceil(next / MINUTE_MS);
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (tz.offset(middle * MINUTE_MS) === offsetFrom) low = middle;
      else high = middle;
    }
    found.push({ atMs: high * MINUTE_MS, offsetFrom, offsetTo });
  }
  return found;
}

function observance(tz: IANAZone, atMs: number, { offsetFrom, offsetTo }: Transition): string[] {
  const at = DateTime.fromMillis(atMs, { zone: tz });
  const kind = at.isInDST ? "DAYLIGHT" : "STANDARD";
  const isInitial = offsetFrom === offsetTo;
  // RFC 5545: an observance's DTSTART is the local time just before the change, i.e. at TZOFFSETFROM.
  const localStart = isInitial ? "19700101T000000" : formatWallClock(new Date(atMs + offsetFrom * MINUTE_MS));
  return [
    `BEGIN:${kind}`,
    `DTSTART:${localStart}`,
    `TZOFFSETFROM:${formatOffset(offsetFrom)}`,
    `TZOFFSETTO:${formatOffset(offsetTo)}`,
    `TZNAME:${zoneAbbreviation(tz, atMs, offsetTo)}`,
    `END:${kind}`,
  ];
}

// Intl knows letters for a few zones only (CET, CEST); elsewhere it says "GMT-3", so we fall back to the numeric
// abbreviations of the tz database itself ("-03", "+0530").
function zoneAbbreviation(tz: IANAZone, atMs: number, offset: number): string {
  const name = tz.offsetName(atMs, { format: "short", locale: "en-GB" });
  if (name && /^[A-Z]{3,5}$/.test(name)) return name;
  const numeric = formatOffset(offset);
  return numeric.endsWith("00") ? numeric.slice(0, 3) : numeric;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60))}${pad(absolute % 60)}`;
}

/** `YYYYMMDDTHHMMSS` from the UTC fields of `date` (callers shift it to the wanted wall clock first). */
export function formatWallClock(date: Date): string {
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
  );
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}
