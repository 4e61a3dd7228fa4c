// The day phrases of the subjects (src/notifications/emails/common.ts) are written with the vocabulary's cached
// offsets and name tables, not a zoned luxon DateTime per email: they must read exactly as the luxon code they replace
// wrote them, around midnight, across daylight-saving changes and new years, in zones of every kind of offset.
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { Series } from "../../../src/domain/recurrence/expand.ts";
import { dayReference, momentPhrase, seriesWhen } from "../../../src/notifications/emails/common.ts";

/** What dayReference, momentPhrase and seriesWhen wrote with luxon (the code before). */
function reference(instant: Date, now: Date, timezone: string) {
  const day = DateTime.fromJSDate(instant, { zone: timezone }).setLocale("fr").startOf("day");
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf("day");
  const days = Math.round(
    DateTime.utc(day.year, day.month, day.day).diff(DateTime.utc(today.year, today.month, today.day), "days").days,
  );
  const relative = days === 0 ? "today" : days === 1 ? "tomorrow" : null;
  const local = DateTime.fromJSDate(instant, { zone: timezone }).setLocale("fr");
  const text = local.toFormat(local.year === today.year ? "cccc d LLLL 'à' HH:mm" : "cccc d LLLL yyyy 'à' HH:mm");
  return {
    dayReference: { relative, date: day.toFormat(day.year === today.year ? "d LLLL" : "d LLLL yyyy") },
    momentPhrase: relative === "today" ? `${text} (aujourd'hui)` : relative === "tomorrow" ? `${text} (demain)` : text,
  };
}

function referenceSeriesWhen(series: Series, now: Date, timezone: string): string {
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf("day");
  const dayText = (iso: string) => {
    const day = DateTime.fromISO(iso, { zone: timezone, locale: "fr" });
    return day.toFormat(day.year === today.year ? "cccc d LLLL" : "cccc d LLLL yyyy");
  };
  const first = DateTime.fromISO(series.firstDay, { zone: timezone });
  const days = Math.round(
    DateTime.utc(first.year, first.month, first.day).diff(DateTime.utc(today.year, today.month, today.day), "days")
      .days,
  );
  const relative = days === 0 ? " (aujourd'hui)" : days === 1 ? " (demain)" : "";
  const endDay = series.endDay ?? series.firstDay;
  if (endDay !== series.firstDay) return `du ${dayText(series.firstDay)}${relative} au ${dayText(endDay)}`;
  if (series.recurrence !== null) return `à partir du ${dayText(series.firstDay)}${relative}`;
  return `le ${dayText(series.firstDay)}${relative}`;
}

const fast = (instant: Date, now: Date, timezone: string) => ({
  dayReference: dayReference(instant, now, timezone),
  momentPhrase: momentPhrase(instant, now, timezone),
});

const ZONES = [
  "Europe/Paris",
  "America/New_York",
  "Australia/Lord_Howe", // half-hour daylight saving
  "Pacific/Chatham", // +12:45 / +13:45
  "America/Miquelon",
  "Pacific/Noumea",
  "Pacific/Kiritimati", // +14:00
  "Pacific/Pago_Pago", // -11:00
  "UTC",
];

const MINUTE = 60_000;

describe("subject day phrases, without luxon, against luxon", () => {
  it.each<[string, string]>([
    ["Europe/Paris", "2027-03-28T01:00:00Z"], // 02:00 → 03:00: a 23-hour day
    ["Europe/Paris", "2027-10-31T01:00:00Z"], // 03:00 → 02:00: a 25-hour day
    ["America/New_York", "2027-03-14T07:00:00Z"],
    ["America/Miquelon", "2027-11-07T04:00:00Z"],
    ["Australia/Lord_Howe", "2027-04-03T15:00:00Z"],
    ["Pacific/Chatham", "2027-04-03T14:00:00Z"],
    ["Europe/Paris", "2027-12-31T23:00:00Z"], // midnight of a new year in Paris
    ["Pacific/Kiritimati", "2027-12-31T10:00:00Z"],
  ])("in %s, around %s: every quarter hour of the change and RDVs over the next three days", (timezone, change) => {
    const centre = Date.parse(change);
    for (let step = -16; step <= 16; step++) {
      const now = new Date(centre + step * 15 * MINUTE + 59_999);
      for (let ahead = -2 * 60; ahead <= 3 * 24 * 60; ahead += 97) {
        const instant = new Date(centre + ahead * MINUTE);
        expect(fast(instant, now, timezone), `${instant.toISOString()} from ${now.toISOString()}`).toEqual(
          reference(instant, now, timezone),
        );
      }
    }
  });

  it("on random instants and changes from 1950 to 2100 in every zone", () => {
    const instant = fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) });
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: -400 * 86_400_000, max: 400 * 86_400_000 }),
        fc.constantFrom(...ZONES),
        (at, distance, timezone) => {
          const now = new Date(at);
          const when = new Date(at + distance);
          expect(fast(when, now, timezone)).toEqual(reference(when, now, timezone));
          // Often on today or tomorrow, which the distances above rarely hit.
          const soon = new Date(at + (distance % (2 * 86_400_000)));
          expect(fast(soon, now, timezone)).toEqual(reference(soon, now, timezone));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("for the series of plages and absences: one day, several days, repeating, in this year or another", () => {
    const day = (dayNumber: number) => new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
    const series = fc.record({
      first: fc.integer({ min: 20_000, max: 22_000 }),
      length: fc.constantFrom(0, 0, 1, 4, 40),
      recurrence: fc.constantFrom<Series["recurrence"]>(null, { every: "week", interval: 1, weekdays: ["tu"] }),
    });
    fc.assert(
      fc.property(
        series,
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom(...ZONES),
        ({ first, length, recurrence }, at, timezone) => {
          const s: Series = {
            firstDay: day(first),
            startTime: "09:00",
            ...(length > 0 && { endDay: day(first + length) }),
            endTime: "12:00",
            recurrence,
          };
          // The change close to the first day, so that « aujourd'hui » and « demain » come up.
          for (const now of [new Date(at), new Date(first * 86_400_000 - (at % (3 * 86_400_000)))]) {
            expect(seriesWhen(s, now, timezone)).toBe(referenceSeriesWhen(s, now, timezone));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
