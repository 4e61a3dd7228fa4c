// The fast formatting of src/vocabulary/dates.ts (offsets cached per quarter hour, names from tables) must write
// exactly what luxon writes for a zoned French DateTime, also on the hours around each daylight-saving change.
import fc from "fast-check";
import { DateTime, IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import {
  formatDate,
  formatDateTime,
  formatShortDateTime,
  formatShortDayTime,
  formatTime,
  isoInZone,
  localDateInput,
  localTimeInput,
  zoneOffsetAt,
} from "../../../src/vocabulary/dates.ts";

/** What each function wrote when it built a luxon DateTime per call (the code before the cache). */
function reference(instant: Date, timezone: string) {
  const zoned = DateTime.fromJSDate(instant, { zone: IANAZone.create(timezone) }).setLocale("fr");
  return {
    formatDate: zoned.toFormat("cccc d LLLL yyyy"),
    formatTime: zoned.toFormat("HH:mm"),
    formatDateTime: zoned.toFormat("cccc d LLLL yyyy 'à' HH:mm"),
    formatShortDateTime: zoned.toFormat("d LLL yyyy HH:mm"),
    formatShortDayTime: zoned.toFormat("ccc d LLL HH:mm"),
    localDateInput: zoned.toFormat("yyyy-MM-dd"),
    localTimeInput: zoned.toFormat("HH:mm"),
    isoInZone: zoned.toISO({ suppressMilliseconds: true }) ?? instant.toISOString(),
  };
}

function fast(instant: Date, timezone: string) {
  return {
    formatDate: formatDate(instant, timezone),
    formatTime: formatTime(instant, timezone),
    formatDateTime: formatDateTime(instant, timezone),
    formatShortDateTime: formatShortDateTime(instant, timezone),
    formatShortDayTime: formatShortDayTime(instant, timezone),
    localDateInput: localDateInput(instant, timezone),
    localTimeInput: localTimeInput(instant, timezone),
    isoInZone: isoInZone(instant, timezone),
  };
}

/** Every minute (and a few odd seconds and milliseconds) from three hours before to three hours after `around`. */
function minutesAround(around: string): Date[] {
  const centre = Date.parse(around);
  const instants: Date[] = [];
  for (let minute = -180; minute <= 180; minute++) {
    instants.push(new Date(centre + minute * 60_000));
    instants.push(new Date(centre + minute * 60_000 + 59_999));
  }
  return instants;
}

const ZONES = [
  "Europe/Paris",
  "America/New_York",
  "Australia/Lord_Howe", // half-hour daylight saving
  "Pacific/Chatham", // +12:45 / +13:45
  "America/Cayenne",
  "Indian/Reunion",
  "Pacific/Noumea",
  "UTC",
];

describe("dates in a zone, fast path against luxon", () => {
  it.each<[string, string]>([
    ["Europe/Paris", "2027-03-28T01:00:00Z"], // 02:00 → 03:00
    ["Europe/Paris", "2027-10-31T01:00:00Z"], // 03:00 → 02:00, the hour that repeats
    ["Europe/Paris", "2026-03-29T01:00:00Z"],
    ["America/New_York", "2027-03-14T07:00:00Z"],
    ["America/New_York", "2027-11-07T06:00:00Z"],
    ["Australia/Lord_Howe", "2027-04-03T15:00:00Z"],
    ["Australia/Lord_Howe", "2027-10-02T15:30:00Z"],
    ["Pacific/Chatham", "2027-04-03T14:00:00Z"],
  ])("in %s, every minute around the change of %s reads the same", (timezone, change) => {
    for (const instant of minutesAround(change)) {
      expect(fast(instant, timezone), instant.toISOString()).toEqual(reference(instant, timezone));
    }
  });

  it("the repeated hour of October in Paris gives two different offsets for the same wall clock", () => {
    expect(isoInZone(new Date("2027-10-31T00:30:00Z"), "Europe/Paris")).toBe("2027-10-31T02:30:00+02:00");
    expect(isoInZone(new Date("2027-10-31T01:30:00Z"), "Europe/Paris")).toBe("2027-10-31T02:30:00+01:00");
    expect(formatDateTime(new Date("2027-01-05T08:30:00Z"), "Europe/Paris")).toBe("mardi 5 janvier 2027 à 09:30");
    expect(formatShortDateTime(new Date("2027-01-05T08:30:00Z"), "Europe/Paris")).toBe("5 janv. 2027 09:30");
  });

  it("any instant from 1950 to 2100, in any of the zones, reads the same, twice in a row (cache filled)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("1950-01-01T00:00:00Z"), max: Date.parse("2100-12-31T23:59:59Z") }),
        fc.constantFrom(...ZONES),
        (ts, timezone) => {
          const instant = new Date(ts);
          const expected = reference(instant, timezone);
          expect(fast(instant, timezone)).toEqual(expected);
          expect(fast(instant, timezone)).toEqual(expected);
          expect(zoneOffsetAt(instant, timezone)).toBe(IANAZone.create(timezone).offset(ts));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("an unknown zone, an invalid date and a year before 1900 still read as luxon reads them", () => {
    for (const [instant, timezone] of [
      [new Date("2027-01-05T08:30:00Z"), "Mars/Olympus"],
      [new Date("1890-06-01T12:00:00Z"), "Europe/Paris"],
      [new Date("2027-01-05T08:30:00.250Z"), "Europe/Paris"],
    ] as const) {
      expect(fast(instant, timezone)).toEqual(reference(instant, timezone));
    }
    const invalid = new Date(Number.NaN);
    expect(formatDateTime(invalid, "Europe/Paris")).toBe("Invalid DateTime");
    expect(localDateInput(invalid, "Europe/Paris")).toBe("Invalid DateTime");
    // An invalid date has no ISO form: luxon answers null and toISOString() throws, before as now.
    expect(() => isoInZone(invalid, "Europe/Paris")).toThrow(RangeError);
  });
});
