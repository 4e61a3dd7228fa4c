// The recurrence fields of the forms, to the domain's `recurrence` input and back.
import { describe, expect, it } from "vitest";
import { nullableRecurrenceSchema } from "../../../src/domain/recurrence/recurrence.schemas.ts";
import { parseInput } from "../../../src/domain/validation.ts";
import { recurrenceFormValues, recurrenceFormValuesOf, recurrenceFromForm } from "../../../src/web/forms/recurrence.ts";

describe("recurrence form fields", () => {
  it("reads a weekly recurrence posted with one or several weekday boxes", () => {
    const one = recurrenceFormValues({ recurrenceEvery: "week", recurrenceInterval: "2", recurrenceWeekdays: "th" });
    expect(recurrenceFromForm(one)).toEqual({ every: "week", interval: 2, weekdays: ["th"], until: undefined });
    const two = recurrenceFormValues({
      recurrenceEvery: "week",
      recurrenceInterval: "",
      recurrenceWeekdays: ["th", "mo"],
      recurrenceUntil: "2027-06-30",
    });
    expect(parseInput(nullableRecurrenceSchema, recurrenceFromForm(two))).toEqual({
      every: "week",
      interval: 1,
      weekdays: ["mo", "th"],
      until: "2027-06-30",
    });
  });

  it("drops the weekday boxes of a monthly recurrence and gives null for none", () => {
    const monthly = recurrenceFormValues({
      recurrenceEvery: "month",
      recurrenceInterval: "3",
      recurrenceWeekdays: ["mo"],
    });
    expect(recurrenceFromForm(monthly)).toEqual({ every: "month", interval: 3, until: undefined });
    expect(recurrenceFromForm(recurrenceFormValues({}))).toBeNull();
  });

  it("lets the schema refuse what is not a number or not a frequency", () => {
    const letters = recurrenceFromForm(recurrenceFormValues({ recurrenceEvery: "week", recurrenceInterval: "deux" }));
    expect(() => parseInput(nullableRecurrenceSchema, letters)).toThrow();
    const unknown = recurrenceFromForm(recurrenceFormValues({ recurrenceEvery: "daily" }));
    expect(() => parseInput(nullableRecurrenceSchema, unknown)).toThrow();
  });

  it("shows a stored recurrence in the fields", () => {
    expect(recurrenceFormValuesOf({ every: "week", interval: 2, weekdays: ["mo", "th"], until: "2027-06-30" })).toEqual(
      {
        recurrenceEvery: "week",
        recurrenceInterval: "2",
        recurrenceWeekdays: ["mo", "th"],
        recurrenceUntil: "2027-06-30",
      },
    );
    expect(recurrenceFormValuesOf(null)).toEqual({
      recurrenceEvery: "none",
      recurrenceInterval: "1",
      recurrenceWeekdays: [],
      recurrenceUntil: "",
    });
  });
});
