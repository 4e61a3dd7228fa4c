import { describe, expect, it } from "vitest";
import {
  localDateSchema,
  localTimeSchema,
  nullableRecurrenceSchema,
  recurrenceSchema,
  requiredLocalDate,
  requiredLocalTime,
} from "../../../src/domain/recurrence/recurrence.schemas.ts";

function messages(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]);
}

describe("recurrenceSchema", () => {
  it("accepts a weekly recurrence and returns its weekdays Monday first", () => {
    const parsed = recurrenceSchema.parse({ every: "week", interval: 2, weekdays: ["th", "mo"], until: "2027-06-30" });
    expect(parsed).toEqual({ every: "week", interval: 2, weekdays: ["mo", "th"], until: "2027-06-30" });
  });

  it("defaults the interval to 1", () => {
    expect(recurrenceSchema.parse({ every: "month" })).toEqual({ every: "month", interval: 1 });
  });

  it("accepts a monthly recurrence with an empty weekday list and drops the list", () => {
    expect(recurrenceSchema.parse({ every: "month", interval: 3, weekdays: [] })).toEqual({
      every: "month",
      interval: 3,
    });
  });

  it.each([[{ every: "week" }], [{ every: "week", weekdays: [] }]])(
    "asks for at least one weekday in French for a weekly recurrence (%j)",
    (input) => {
      expect(messages(recurrenceSchema.safeParse(input))).toEqual([
        ["weekdays", "Choisissez au moins un jour de la semaine."],
      ]);
    },
  );

  it("refuses the same weekday twice", () => {
    expect(messages(recurrenceSchema.safeParse({ every: "week", weekdays: ["mo", "tu", "mo"] }))).toEqual([
      ["weekdays", "Chaque jour de la semaine ne peut être choisi qu'une fois."],
    ]);
  });

  it("refuses an unknown weekday", () => {
    expect(messages(recurrenceSchema.safeParse({ every: "week", weekdays: ["lundi"] }))).toEqual([
      ["weekdays.0", "Ce jour de la semaine n'existe pas."],
    ]);
  });

  it("refuses weekdays on a monthly recurrence, whose day comes from its first day", () => {
    expect(messages(recurrenceSchema.safeParse({ every: "month", weekdays: ["tu"] }))).toEqual([
      [
        "weekdays",
        "Une récurrence mensuelle suit le jour de la première date : ne choisissez pas de jour de la semaine.",
      ],
    ]);
  });

  it.each([0, 13, 1.5])("refuses an interval of %s", (interval) => {
    const result = recurrenceSchema.safeParse({ every: "week", interval, weekdays: ["mo"] });
    expect(messages(result)[0]?.[0]).toBe("interval");
    expect(messages(result)[0]?.[1]).toMatch(/^L'intervalle de récurrence doit être/);
  });

  it.each(["2027-02-29", "2027-13-01", "30/06/2027", "2027-6-30"])("refuses the until day %s", (until) => {
    expect(messages(recurrenceSchema.safeParse({ every: "month", until }))).toEqual([
      ["until", "La date de fin de récurrence doit être une date valide."],
    ]);
  });

  it("accepts 29 February in a leap year as the until day", () => {
    expect(recurrenceSchema.parse({ every: "month", until: "2028-02-29" }).until).toBe("2028-02-29");
  });

  it.each([[{ every: "day" }], [{}]])("asks for a frequency in French (%j)", (input) => {
    expect(messages(recurrenceSchema.safeParse(input))).toEqual([
      ["every", "Choisissez une fréquence de récurrence : toutes les semaines ou tous les mois."],
    ]);
  });

  it("accepts null only through nullableRecurrenceSchema", () => {
    expect(nullableRecurrenceSchema.parse(null)).toBeNull();
    expect(recurrenceSchema.safeParse(null).success).toBe(false);
  });
});

describe("localDateSchema and localTimeSchema", () => {
  it("accept real days and times of the day", () => {
    expect(localDateSchema.parse("2028-02-29")).toBe("2028-02-29");
    expect(localTimeSchema.parse("00:00")).toBe("00:00");
    expect(localTimeSchema.parse("23:59")).toBe("23:59");
  });

  it.each(["2027-02-29", "2027-04-31", "2027-00-10", "27-01-01", ""])("refuse the day %j in French", (day) => {
    expect(messages(localDateSchema.safeParse(day))).toEqual([["", "La date doit être une date valide (AAAA-MM-JJ)."]]);
  });

  it.each(["24:00", "9:00", "09:60", "0900", ""])("refuse the time %j in French", (time) => {
    expect(messages(localTimeSchema.safeParse(time))).toEqual([
      ["", "L'heure doit être au format HH:MM, entre 00:00 et 23:59."],
    ]);
  });

  it("refuse what is not a string", () => {
    expect(messages(localDateSchema.safeParse(20270101))).toEqual([
      ["", "La date doit être une date valide (AAAA-MM-JJ)."],
    ]);
    expect(messages(localTimeSchema.safeParse(900))).toEqual([["", "L'heure doit être au format HH:MM."]]);
  });
});

describe("requiredLocalDate and requiredLocalTime", () => {
  const day = requiredLocalDate("Indiquez le premier jour.");
  const time = requiredLocalTime("Indiquez l'heure de début.");

  it.each([[undefined], [null], [""]])("give the field's own message when it is missing or empty (%j)", (input) => {
    expect(messages(day.safeParse(input))).toEqual([["", "Indiquez le premier jour."]]);
    expect(messages(time.safeParse(input))).toEqual([["", "Indiquez l'heure de début."]]);
  });

  it("keep the format messages for a value that is not a day or a time", () => {
    expect(messages(day.safeParse("2027-02-30"))).toEqual([["", "La date doit être une date valide (AAAA-MM-JJ)."]]);
    expect(messages(day.safeParse(20270205))).toEqual([["", "La date doit être une date valide (AAAA-MM-JJ)."]]);
    expect(messages(time.safeParse("25:00"))).toEqual([
      ["", "L'heure doit être au format HH:MM, entre 00:00 et 23:59."],
    ]);
    expect(day.parse("2027-02-05")).toBe("2027-02-05");
    expect(time.parse("09:30")).toBe("09:30");
  });
});
