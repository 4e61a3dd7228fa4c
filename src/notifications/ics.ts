// Calendar files for the emails agents receive (RDVs, plages d'ouverture, absences), following the team's calendar checklist
// (CALENDARS.md: stable UID, growing SEQUENCE, REQUEST then CANCEL, TZID + VTIMEZONE for recurring items).
//
// We write the iCalendar text ourselves instead of using the `ics` package (v3.12), because what we would have to fix
// in its output is most of it:
// - it folds at 75 characters, not octets (a SUMMARY of 100 « é » gave a 142-octet line);
// - it has no TZID or VTIMEZONE, so recurring items would need their DTSTART/DTEND rewritten anyway;
// - it lets a lone CR through text values, and escapes `"` in parameters as `\"`, which RFC 5545 does not allow;
// - DTSTAMP is always Date.now() (no deterministic tests) and it adds X-PUBLISHED-TTL, a feed property.
// Our serializer is a list of content lines, escaped and folded here in one place, and tested by parsing it back.

import { DateTime } from "luxon";
import { zoneOf, zoneOffsetAt } from "../vocabulary/dates.ts";
import { formatWallClock, vtimezoneLines } from "./vtimezone.ts";

export type IcsMethod = "REQUEST" | "CANCEL";
/** An instant, or a wall-clock time "YYYY-MM-DDTHH:MM" in the event's time zone. */
export type IcsTime = { utc: Date } | { local: string };
export type IcsPerson = { name: string; email: string };
export type IcsEventInput = {
  method: IcsMethod;
  uid: string;
  sequence: number;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  timezone: string;
  start: IcsTime;
  end: IcsTime;
  rrule?: string;
  transparent: boolean;
  organizer: IcsPerson;
  attendee: IcsPerson;
  now?: Date;
};
export type IcsKind = "rdv" | "plage" | "absence";

const PRODID = "-//rdv-agents//Notifications//FR";
const OPEN_ENDED_YEARS = 10;
const MINUTE_MS = 60_000;
const CONTROL = /\p{Cc}/u;

/** A one-event calendar (VEVENT, plus its VTIMEZONE when times are local) that mail clients apply as an invitation or a cancellation. */
export function buildIcs(input: IcsEventInput): string {
  const zone = checkedZone(input.timezone);
  const rrule = input.rrule === undefined ? undefined : checkedRrule(input.rrule);
  // A UTC DTSTART with an RRULE drifts by an hour across daylight saving: recurring items are always zoned.
  const zoned = rrule !== undefined || "local" in input.start || "local" in input.end;
  const start = resolveTime(input.start, zone, "start");
  const end = resolveTime(input.end, zone, "end");
  if (end.ms <= start.ms) throw new RangeError("ICS end must be after start");
  if (!Number.isInteger(input.sequence) || input.sequence < 0)
    throw new RangeError("ICS sequence must be an integer ≥ 0");

  const dateTime = (name: string, time: ResolvedTime) =>
    zoned ? `${name};TZID=${zone}:${time.wallClock}` : `${name}:${formatWallClock(new Date(time.ms))}Z`;

  const lines = ["BEGIN:VCALENDAR", `PRODID:${PRODID}`, "VERSION:2.0", "CALSCALE:GREGORIAN", `METHOD:${input.method}`];
  if (zoned) {
    const untilYear = rrule === undefined ? undefined : untilYearOf(rrule);
    const lastYear = rrule === undefined ? end.year : (untilYear ?? start.year + OPEN_ENDED_YEARS);
    lines.push(...cachedVtimezoneLines(zone, start.year, lastYear));
  }
  lines.push(
    "BEGIN:VEVENT",
    `UID:${escapeText(checkedPlain(input.uid, "uid"))}`,
    `SEQUENCE:${input.sequence}`,
    `DTSTAMP:${formatWallClock(input.now ?? new Date())}Z`,
    dateTime("DTSTART", start),
    dateTime("DTEND", end),
  );
  if (rrule !== undefined) lines.push(`RRULE:${rrule}`);
  lines.push(`SUMMARY:${escapeText(input.summary)}`);
  if (input.description) lines.push(`DESCRIPTION:${escapeText(input.description)}`);
  if (input.location) lines.push(`LOCATION:${escapeText(input.location)}`);
  if (input.url) lines.push(`URL:${checkedUrl(input.url)}`);
  lines.push(
    `ORGANIZER${nameParameter(input.organizer.name)}:mailto:${checkedEmail(input.organizer.email)}`,
    `ATTENDEE${nameParameter(input.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE` +
      `:mailto:${checkedEmail(input.attendee.email)}`,
    `STATUS:${input.method === "CANCEL" ? "CANCELLED" : "CONFIRMED"}`,
    `TRANSP:${input.transparent ? "TRANSPARENT" : "OPAQUE"}`,
    "END:VEVENT",
    "END:VCALENDAR",
  );
  return lines.map((line) => `${foldLine(line)}\r\n`).join("");
}

// A VTIMEZONE is the zone's transitions over the years an event spans: the same few for every email of an organisation,
// and finding them scans luxon offsets over whole years. Kept per zone and years (a handful of entries per process).
const vtimezones = new Map<string, readonly string[]>();

function cachedVtimezoneLines(zone: string, fromYear: number, toYear: number): readonly string[] {
  const key = `${zone}|${fromYear}|${toYear}`;
  let lines = vtimezones.get(key);
  if (!lines) {
    lines = vtimezoneLines(zone, fromYear, toYear);
    if (vtimezones.size >= 1_000) vtimezones.clear();
    vtimezones.set(key, lines);
  }
  return lines;
}

/** The attachment name agents see for each kind of item. */
export function icsFilename(kind: IcsKind): string {
  return { rdv: "rdv.ics", plage: "plage-ouverture.ics", absence: "absence.ics" }[kind];
}

/** TEXT value (RFC 5545 §3.3.11): CR and other control characters dropped, `\ ; ,` and newlines escaped. */
export function escapeText(value: string): string {
  return value
    .replace(/\p{Cc}/gu, (char) => (char === "\n" || char === "\t" ? char : ""))
    .replace(/[\\;,\n]/g, (char) => (char === "\n" ? "\\n" : `\\${char}`));
}

/** Folds a content line at 75 octets of UTF-8, never inside a character or an escape pair; continuations start with a space. */
export function foldLine(line: string): string {
  // Most lines are short: no need to walk them character by character (a UTF-16 unit is at most 3 octets).
  if (line.length <= 25 || (line.length <= 75 && utf8Length(line) <= 75)) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const unit of line.match(/\\[\s\S]|[\s\S]/gu) ?? []) {
    const size = utf8Length(unit);
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = 74; // the leading space counts
    }
    current += unit;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

// A parameter value may not hold control characters or `"`: names become one line, and `"` and `^` use RFC 6868
// (`^'`, `^^`). Values with `:`, `;` or `,` are quoted so that they cannot end the parameter list.
function nameParameter(name: string): string {
  const clean = name
    .replace(/\p{Cc}+/gu, " ")
    .trim()
    .replace(/[\^"]/g, (char) => (char === "^" ? "^^" : "^'"));
  if (clean === "") return "";
  return /[:;,]/.test(clean) ? `;CN="${clean}"` : `;CN=${clean}`;
}

type ResolvedTime = { ms: number; wallClock: string; year: number };

function resolveTime(time: IcsTime, zone: string, label: string): ResolvedTime {
  if ("utc" in time) {
    const ms = time.utc.getTime();
    if (Number.isNaN(ms)) throw new RangeError(`ICS ${label} is an invalid date`);
    const local = new Date(ms + zoneOffsetAt(time.utc, zone) * MINUTE_MS);
    return { ms, wallClock: formatWallClock(local), year: local.getUTCFullYear() };
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(time.local);
  const [, year = "", month = "", day = "", hour = "", minute = ""] = match ?? [];
  const parsed = match
    ? DateTime.fromObject(
        { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute) },
        { zone },
      )
    : undefined;
  if (!parsed?.isValid) throw new RangeError(`ICS ${label} must be "YYYY-MM-DDTHH:MM", got "${time.local}"`);
  // The wall clock is written as given, even inside a DST gap (02:30 on the spring-forward night). RFC 5545 §3.3.5 and
  // luxon both read it with the offset before the gap (01:30Z), but ical.js gives 00:30Z: such times are best refused
  // upstream.
  return { ms: parsed.toMillis(), wallClock: `${year}${month}${day}T${hour}${minute}00`, year: Number(year) };
}

function checkedZone(zone: string): string {
  // zoneOf keeps one luxon zone per name, whose validity was checked once (isValidZone builds an Intl formatter).
  if (!zoneOf(zone).isValid) throw new RangeError(`Unknown time zone: ${zone}`);
  return zone;
}

// With a TZID start, UNTIL must be a UTC date-time (RFC 5545 §3.3.10); the rule text itself goes out unescaped.
function checkedRrule(rrule: string): string {
  if (!/^[A-Za-z0-9=;,+-]+$/.test(rrule) || !/(^|;)FREQ=/.test(rrule)) throw new RangeError(`Invalid RRULE: ${rrule}`);
  const until = /(?:^|;)UNTIL=([^;]*)/.exec(rrule)?.[1];
  if (until !== undefined && !/^\d{8}T\d{6}Z$/.test(until)) throw new RangeError(`RRULE UNTIL must be UTC: ${until}`);
  return rrule;
}

function untilYearOf(rrule: string): number | undefined {
  const year = /(?:^|;)UNTIL=(\d{4})/.exec(rrule)?.[1];
  return year === undefined ? undefined : Number(year);
}

function checkedPlain(value: string, label: string): string {
  if (value === "" || CONTROL.test(value)) throw new RangeError(`ICS ${label} is empty or holds control characters`);
  return value;
}

function checkedEmail(email: string): string {
  if (!/^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+$/u.test(email)) throw new RangeError(`Invalid email address: ${email}`);
  return email;
}

function checkedUrl(url: string): string {
  if (CONTROL.test(url) || /\s/.test(url) || !URL.canParse(url)) throw new RangeError(`Invalid URL: ${url}`);
  return url;
}

function utf8Length(text: string): number {
  let octets = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    octets += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return octets;
}
