import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { expandOccurrences, type Series } from "../../../src/domain/recurrence/expand.ts";
import type { Recurrence, Weekday } from "../../../src/domain/recurrence/recurrence.schemas.ts";
import { localDays, localTimes, utc } from "./recurrence-arbitraries.ts";

const PARIS = "Europe/Paris";

function weekly(weekdays: Weekday[], interval = 1, until?: string): Recurrence {
  return { every: "week", interval, weekdays, ...(until && { until }) };
}

function plage(firstDay: string, startTime: string, endTime: string, recurrence: Recurrence | null): Series {
  return { firstDay, startTime, endTime, recurrence };
}

function between(from: string, to: string) {
  return { from: new Date(`${from}T00:00:00.000Z`), to: new Date(`${to}T00:00:00.000Z`) };
}

const instants = (occurrences: { startsAt: Date; endsAt: Date }[]) =>
  occurrences.map(({ startsAt, endsAt }) => [startsAt.toISOString(), endsAt.toISOString()]);

describe("expandOccurrences across daylight-saving changes", () => {
  it("keeps a Sunday plage at 09:00 in Paris when clocks go forward on 28 March 2027", () => {
    const series = { ...plage("2027-03-14", "09:00", "12:00", weekly(["su"])), timezone: PARIS };
    expect(instants(expandOccurrences(series, between("2027-03-14", "2027-04-05")))).toEqual([
      ["2027-03-14T08:00:00.000Z", "2027-03-14T11:00:00.000Z"],
      ["2027-03-21T08:00:00.000Z", "2027-03-21T11:00:00.000Z"],
      ["2027-03-28T07:00:00.000Z", "2027-03-28T10:00:00.000Z"],
      ["2027-04-04T07:00:00.000Z", "2027-04-04T10:00:00.000Z"],
    ]);
  });

  it("keeps a Sunday plage at 09:00 in Paris when clocks go back on 31 October 2027", () => {
    const series = { ...plage("2027-10-17", "09:00", "12:00", weekly(["su"])), timezone: PARIS };
    expect(instants(expandOccurrences(series, between("2027-10-17", "2027-11-08")))).toEqual([
      ["2027-10-17T07:00:00.000Z", "2027-10-17T10:00:00.000Z"],
      ["2027-10-24T07:00:00.000Z", "2027-10-24T10:00:00.000Z"],
      ["2027-10-31T08:00:00.000Z", "2027-10-31T11:00:00.000Z"],
      ["2027-11-07T08:00:00.000Z", "2027-11-07T11:00:00.000Z"],
    ]);
  });

  it("follows the North American changes of Saint-Pierre-et-Miquelon (14 March and 7 November 2027)", () => {
    const zone = "America/Miquelon";
    const series = { ...plage("2027-03-01", "09:00", "10:00", weekly(["mo"])), timezone: zone };
    expect(instants(expandOccurrences(series, between("2027-03-01", "2027-03-16"))).map(([start]) => start)).toEqual([
      "2027-03-01T12:00:00.000Z",
      "2027-03-08T12:00:00.000Z",
      "2027-03-15T11:00:00.000Z",
    ]);
    expect(instants(expandOccurrences(series, between("2027-11-01", "2027-11-09"))).map(([start]) => start)).toEqual([
      "2027-11-01T11:00:00.000Z",
      "2027-11-08T12:00:00.000Z",
    ]);
  });

  it("keeps the same UTC time all year in La Réunion, which has no daylight saving", () => {
    const series = { ...plage("2027-01-03", "09:00", "12:00", weekly(["su"])), timezone: "Indian/Reunion" };
    const starts = expandOccurrences(series, between("2027-01-01", "2028-01-01")).map(({ startsAt }) =>
      startsAt.toISOString().slice(11),
    );
    expect(starts).toHaveLength(52);
    expect(new Set(starts)).toEqual(new Set(["05:00:00.000Z"]));
  });

  it("moves a start inside the spring-forward gap forward by the gap: 02:30 becomes 03:30 summer time", () => {
    const series = { ...plage("2027-03-21", "02:30", "04:00", weekly(["su"])), timezone: PARIS };
    expect(localTimes(expandOccurrences(series, between("2027-03-21", "2027-04-05")), PARIS)).toEqual([
      "2027-03-21 02:30 → 2027-03-21 04:00",
      "2027-03-28 03:30 → 2027-03-28 04:00",
      "2027-04-04 02:30 → 2027-04-04 04:00",
    ]);
  });

  it("drops an occurrence that lies entirely in the spring-forward gap, as it never happens", () => {
    const series = { ...plage("2027-03-21", "02:00", "03:00", weekly(["su"])), timezone: PARIS };
    expect(localDays(expandOccurrences(series, between("2027-03-21", "2027-04-05")), PARIS)).toEqual([
      "2027-03-21",
      "2027-04-04",
    ]);
  });
});

describe("expandOccurrences of weekly series", () => {
  it("counts the weeks of an interval from the Monday-based week of the first day", () => {
    // 6 January 2027 is a Wednesday: its week starts on Monday 4 January, which is before the first day.
    const series = { ...plage("2027-01-06", "09:00", "12:00", weekly(["mo", "th"], 2)), timezone: PARIS };
    expect(localDays(expandOccurrences(series, between("2027-01-01", "2027-02-06")), PARIS)).toEqual([
      "2027-01-07",
      "2027-01-18",
      "2027-01-21",
      "2027-02-01",
      "2027-02-04",
    ]);
  });

  it("starts the week of a Sunday first day on the Monday before, so the next Monday is in the off week", () => {
    const series = { ...plage("2027-01-10", "09:00", "12:00", weekly(["mo", "su"], 2)), timezone: PARIS };
    expect(localDays(expandOccurrences(series, between("2027-01-01", "2027-02-01")), PARIS)).toEqual([
      "2027-01-10",
      "2027-01-18",
      "2027-01-24",
    ]);
  });

  it("includes the until day, even late in the evening", () => {
    const series = {
      ...plage("2027-06-02", "23:00", "23:30", weekly(["we"], 1, "2027-06-30")),
      timezone: PARIS,
    };
    const occurrences = expandOccurrences(series, between("2027-06-01", "2027-08-01"));
    expect(localDays(occurrences, PARIS)).toEqual([
      "2027-06-02",
      "2027-06-09",
      "2027-06-16",
      "2027-06-23",
      "2027-06-30",
    ]);
    expect(occurrences.at(-1)?.startsAt.toISOString()).toBe("2027-06-30T21:00:00.000Z");
  });

  it("finds the right weeks far from the first day without walking there", () => {
    const series = { ...plage("2027-01-04", "09:00", "12:00", weekly(["mo"], 3)), timezone: PARIS };
    const days = localDays(expandOccurrences(series, between("2090-01-01", "2090-03-01")), PARIS);
    const weeksSinceFirst = days.map(
      (day) =>
        DateTime.fromISO(day, { zone: "utc" }).diff(DateTime.fromISO("2027-01-04", { zone: "utc" }), "weeks").weeks,
    );
    expect(days.length).toBeGreaterThanOrEqual(2);
    expect(weeksSinceFirst.every((weeks) => Number.isInteger(weeks) && weeks % 3 === 0)).toBe(true);
  });
});

describe("expandOccurrences of monthly series", () => {
  const monthly = (interval = 1): Recurrence => ({ every: "month", interval });

  it("repeats on the Nth weekday of the first day: 12 January 2027 is the 2nd Tuesday", () => {
    const series = { ...plage("2027-01-12", "09:00", "12:00", monthly()), timezone: PARIS };
    expect(localDays(expandOccurrences(series, between("2027-01-01", "2027-05-01")), PARIS)).toEqual([
      "2027-01-12",
      "2027-02-09",
      "2027-03-09",
      "2027-04-13",
    ]);
  });

  it("skips months by the interval", () => {
    const series = { ...plage("2027-01-12", "09:00", "12:00", monthly(2)), timezone: PARIS };
    expect(localDays(expandOccurrences(series, between("2027-01-01", "2027-06-01")), PARIS)).toEqual([
      "2027-01-12",
      "2027-03-09",
      "2027-05-11",
    ]);
  });

  it("means the last Friday when the first day is in the fifth week, whether or not months have a fifth Friday", () => {
    const series = { ...plage("2027-01-29", "09:00", "12:00", monthly()), timezone: PARIS };
    expect(localTimes(expandOccurrences(series, between("2027-01-01", "2027-08-01")), PARIS)).toEqual([
      "2027-01-29 09:00 → 2027-01-29 12:00",
      "2027-02-26 09:00 → 2027-02-26 12:00",
      "2027-03-26 09:00 → 2027-03-26 12:00",
      "2027-04-30 09:00 → 2027-04-30 12:00",
      "2027-05-28 09:00 → 2027-05-28 12:00",
      "2027-06-25 09:00 → 2027-06-25 12:00",
      "2027-07-30 09:00 → 2027-07-30 12:00",
    ]);
  });

  it("turns a first day on the 31st into the last weekday, including in February and on the day clocks change", () => {
    // 31 January 2027 is a Sunday; the last Sunday of March 2027 is the spring-forward day.
    const series = { ...plage("2027-01-31", "10:00", "11:00", monthly()), timezone: PARIS };
    expect(instants(expandOccurrences(series, between("2027-02-01", "2027-05-01")))).toEqual([
      ["2027-02-28T09:00:00.000Z", "2027-02-28T10:00:00.000Z"],
      ["2027-03-28T08:00:00.000Z", "2027-03-28T09:00:00.000Z"],
      ["2027-04-25T08:00:00.000Z", "2027-04-25T09:00:00.000Z"],
    ]);
  });

  it("finds the last Monday of a February with four Mondays, in a leap year", () => {
    const series = { ...plage("2027-03-29", "09:00", "12:00", monthly()), timezone: PARIS };
    expect(localDays(expandOccurrences(series, between("2028-02-01", "2028-03-01")), PARIS)).toEqual(["2028-02-28"]);
  });

  it("stops after the until day", () => {
    const series = { ...plage("2027-01-12", "09:00", "12:00", { ...monthly(), until: "2027-03-08" }), timezone: PARIS };
    expect(localDays(expandOccurrences(series, between("2027-01-01", "2028-01-01")), PARIS)).toEqual([
      "2027-01-12",
      "2027-02-09",
    ]);
  });
});

describe("expandOccurrences of one-off series and ranges", () => {
  it("returns a one-off plage once, when it meets the range", () => {
    const series = { ...plage("2027-01-05", "09:00", "12:00", null), timezone: PARIS };
    expect(localTimes(expandOccurrences(series, between("2027-01-01", "2027-02-01")), PARIS)).toEqual([
      "2027-01-05 09:00 → 2027-01-05 12:00",
    ]);
    expect(expandOccurrences(series, between("2027-01-06", "2027-02-01"))).toEqual([]);
  });

  it("returns an absence spanning several days in any range it meets, and never repeats it", () => {
    const absence = {
      ...plage("2027-01-05", "09:00", "18:00", weekly(["tu"])),
      endDay: "2027-01-08",
      timezone: PARIS,
    };
    expect(localTimes(expandOccurrences(absence, between("2027-01-07", "2027-01-08")), PARIS)).toEqual([
      "2027-01-05 09:00 → 2027-01-08 18:00",
    ]);
    expect(expandOccurrences(absence, between("2027-01-09", "2027-03-01"))).toEqual([]);
  });

  it("treats the range as half-open: an occurrence ending at `from` or starting at `to` is outside", () => {
    const series = { ...plage("2027-01-05", "09:00", "12:00", null), timezone: PARIS };
    expect(expandOccurrences(series, { from: utc("2027-01-05T11:00"), to: utc("2027-01-06T00:00") })).toEqual([]);
    expect(expandOccurrences(series, { from: utc("2027-01-05T00:00"), to: utc("2027-01-05T08:00") })).toEqual([]);
    expect(expandOccurrences(series, { from: utc("2027-01-05T08:00"), to: utc("2027-01-05T08:01") })).toHaveLength(1);
  });

  it("returns nothing for an empty or reversed range", () => {
    const series = { ...plage("2027-01-05", "09:00", "12:00", weekly(["tu"])), timezone: PARIS };
    expect(expandOccurrences(series, between("2027-02-01", "2027-02-01"))).toEqual([]);
    expect(expandOccurrences(series, between("2027-03-01", "2027-02-01"))).toEqual([]);
  });

  it("refuses to expand an open-ended series over more than four years", () => {
    const series = { ...plage("2027-01-05", "09:00", "12:00", weekly(["tu"])), timezone: PARIS };
    expect(() => expandOccurrences(series, between("2027-01-01", "2037-01-01"))).toThrow(RangeError);
  });

  it("accepts a huge range around a series that is bounded", () => {
    const series = { ...plage("2027-01-05", "09:00", "12:00", weekly(["tu"], 1, "2027-01-19")), timezone: PARIS };
    expect(expandOccurrences(series, between("1970-01-01", "2100-01-01"))).toHaveLength(3);
  });

  it("refuses an unknown time zone rather than returning invalid dates", () => {
    const series = { ...plage("2027-01-05", "09:00", "12:00", null), timezone: "Europe/Lutece" };
    expect(() => expandOccurrences(series, between("2027-01-01", "2027-02-01"))).toThrow(RangeError);
  });
});
