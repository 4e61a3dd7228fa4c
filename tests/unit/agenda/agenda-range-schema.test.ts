// The events feed's range is read without luxon for the days and whole minutes FullCalendar sends: every bound must
// still be the instant luxon's DateTime.fromISO(value, { zone }) gives, around daylight-saving changes too, and every
// value luxon refuses must still be refused.
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { agendaRangeSchema } from "../../../src/domain/agenda/agenda.schemas.ts";

const ZONES = [
  "Europe/Paris",
  "America/New_York",
  "Australia/Lord_Howe", // half-hour daylight saving
  "Pacific/Chatham", // +12:45
  "Pacific/Kiritimati", // +14, skipped 1994-12-31 entirely
  "America/Guadeloupe",
  "Pacific/Pago_Pago",
  "Asia/Kolkata",
];

/** What luxon reads, or null when it refuses the value. */
function luxonInstant(value: string, zone: string): number | null {
  const parsed = DateTime.fromISO(value, { zone });
  return parsed.isValid ? parsed.toMillis() : null;
}

/** What the feed reads as `start` (the same field schema as `end`), or null when it answers 400 for it. */
function feedInstant(value: string, zone: string): number | null {
  const result = agendaRangeSchema(zone).shape.start.safeParse(value);
  return result.success ? result.data.getTime() : null;
}

/** Every wall-clock minute of the local days around `day` (and with ":00" seconds, as FullCalendar writes them). */
function minutesOf(day: string): string[] {
  const values: string[] = [day];
  for (let minute = 0; minute < 1440; minute += 1) {
    const time = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
    values.push(`${day}T${time}`, `${day}T${time}:00`);
  }
  return values;
}

describe("the events feed's range bounds", () => {
  it("are luxon's instants for every minute of the days of daylight-saving changes", () => {
    const days: [string, string][] = [
      ["Europe/Paris", "2027-03-28"],
      ["Europe/Paris", "2027-10-31"],
      ["America/New_York", "2027-03-14"],
      ["America/New_York", "2027-11-07"],
      ["Australia/Lord_Howe", "2027-04-04"],
      ["Australia/Lord_Howe", "2027-10-03"],
      ["Pacific/Chatham", "2027-04-04"],
      ["Pacific/Chatham", "2027-09-26"],
      ["Pacific/Kiritimati", "1994-12-30"],
      ["Pacific/Kiritimati", "1994-12-31"],
      ["Pacific/Kiritimati", "1995-01-01"],
    ];
    for (const [zone, day] of days) {
      for (const value of minutesOf(day))
        expect(feedInstant(value, zone), `${value} ${zone}`).toBe(luxonInstant(value, zone));
    }
  });

  it("are luxon's instants, or refused as luxon refuses them, for any ISO-looking value", () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
    const value = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0")),
        two(13),
        two(32),
        fc.option(fc.tuple(two(25), two(60), fc.option(fc.constantFrom(":00", ":00.000", ":07", ":59.5", ":60")))),
        fc.option(fc.constantFrom("Z", "+02:00", "-0430", "+14:00")),
      )
      .map(([year, month, day, time, offset]) => {
        const clock = time ? `T${time[0]}:${time[1]}${time[2] ?? ""}` : "";
        return `${year}-${month}-${day}${clock}${clock && offset ? offset : ""}`;
      });
    fc.assert(
      fc.property(value, fc.constantFrom(...ZONES), (text, zone) => {
        expect(feedInstant(text, zone), `${text} ${zone}`).toBe(luxonInstant(text, zone));
      }),
      { numRuns: 5_000 },
    );
  });

  it("refuse week and ordinal dates, which luxon would read", () => {
    for (const value of ["2027-W12", "2027-W12-1", "2027-081"]) {
      expect(luxonInstant(value, "Europe/Paris")).not.toBeNull();
      expect(feedInstant(value, "Europe/Paris")).toBeNull();
    }
  });
});
