import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  dbDateFromLocalDate,
  localDateFromDbDate,
  recurrenceFromColumns,
  recurrenceToColumns,
} from "../../../src/domain/recurrence/recurrence-columns.ts";
import { localDayArb, monthlyArb, weeklyArb } from "./recurrence-arbitraries.ts";

describe("recurrence columns", () => {
  it("store a weekly recurrence with its until day at UTC midnight", () => {
    expect(recurrenceToColumns({ every: "week", interval: 2, weekdays: ["mo", "th"], until: "2027-06-30" })).toEqual({
      recurrenceFrequency: "week",
      recurrenceInterval: 2,
      recurrenceWeekdays: ["mo", "th"],
      recurrenceUntil: new Date("2027-06-30T00:00:00.000Z"),
    });
  });

  it("store a one-off as empty columns and read them back as null", () => {
    const columns = recurrenceToColumns(null);
    expect(columns).toEqual({
      recurrenceFrequency: null,
      recurrenceInterval: null,
      recurrenceWeekdays: [],
      recurrenceUntil: null,
    });
    expect(recurrenceFromColumns(columns)).toBeNull();
  });

  it("read a monthly recurrence without weekdays, and a missing interval as 1", () => {
    expect(
      recurrenceFromColumns({
        recurrenceFrequency: "month",
        recurrenceInterval: null,
        recurrenceWeekdays: [],
        recurrenceUntil: null,
      }),
    ).toEqual({ every: "month", interval: 1 });
  });

  it("read stored weekdays back Monday first", () => {
    const recurrence = recurrenceFromColumns({
      recurrenceFrequency: "week",
      recurrenceInterval: 1,
      recurrenceWeekdays: ["su", "we", "mo"],
      recurrenceUntil: null,
    });
    expect(recurrence).toEqual({ every: "week", interval: 1, weekdays: ["mo", "we", "su"] });
  });

  it("round-trip any recurrence", () => {
    const recurrenceArb = fc
      .tuple(fc.oneof(weeklyArb, monthlyArb), fc.option(localDayArb))
      .map(([recurrence, until]) => (until === null ? recurrence : { ...recurrence, until }));
    fc.assert(
      fc.property(fc.option(recurrenceArb), (recurrence) => {
        expect(recurrenceFromColumns(recurrenceToColumns(recurrence))).toEqual(recurrence);
      }),
    );
  });
});

describe("@db.Date values", () => {
  it("are the UTC midnight of the local day, whatever the process zone", () => {
    expect(dbDateFromLocalDate("2027-03-28").toISOString()).toBe("2027-03-28T00:00:00.000Z");
    expect(localDateFromDbDate(new Date("2027-03-28T00:00:00.000Z"))).toBe("2027-03-28");
  });

  it("round-trip any day", () => {
    fc.assert(
      fc.property(localDayArb, (day) => {
        expect(localDateFromDbDate(dbDateFromLocalDate(day))).toBe(day);
      }),
    );
  });

  it("refuse days that do not exist", () => {
    expect(() => dbDateFromLocalDate("2027-02-29")).toThrow(RangeError);
    expect(() => localDateFromDbDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
