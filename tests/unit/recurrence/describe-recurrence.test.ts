import { describe, expect, it } from "vitest";
import { describeRecurrence } from "../../../src/domain/recurrence/describe-recurrence.ts";

describe("describeRecurrence", () => {
  it("describes a plage every 2 weeks on two days, with its first and last days", () => {
    expect(
      describeRecurrence({
        firstDay: "2027-01-05",
        startTime: "09:00",
        endTime: "12:00",
        recurrence: { every: "week", interval: 2, weekdays: ["th", "mo"], until: "2027-06-30" },
      }),
    ).toBe(
      "Toutes les 2 semaines, les lundis et jeudis de 09:00 à 12:00, à partir du 5 janvier 2027, jusqu'au 30 juin 2027",
    );
  });

  it("describes a weekly plage on one day, without an end", () => {
    expect(
      describeRecurrence({
        firstDay: "2027-01-05",
        startTime: "14:00",
        endTime: "17:00",
        recurrence: { every: "week", interval: 1, weekdays: ["tu"] },
      }),
    ).toBe("Toutes les semaines, le mardi de 14:00 à 17:00, à partir du 5 janvier 2027");
  });

  it("lists three days or more with commas and « et »", () => {
    expect(
      describeRecurrence({
        firstDay: "2027-01-04",
        startTime: "08:30",
        endTime: "12:00",
        recurrence: { every: "week", interval: 1, weekdays: ["mo", "we", "fr", "su"] },
      }),
    ).toBe(
      "Toutes les semaines, les lundis, mercredis, vendredis et dimanches de 08:30 à 12:00, à partir du 4 janvier 2027",
    );
  });

  it.each([
    ["2027-01-12", 1, "Tous les mois, le 2e mardi du mois de 09:00 à 12:00, à partir du 12 janvier 2027"],
    ["2027-01-05", 1, "Tous les mois, le 1er mardi du mois de 09:00 à 12:00, à partir du 5 janvier 2027"],
    ["2027-01-26", 3, "Tous les 3 mois, le 4e mardi du mois de 09:00 à 12:00, à partir du 26 janvier 2027"],
    ["2027-03-30", 1, "Tous les mois, le dernier mardi du mois de 09:00 à 12:00, à partir du 30 mars 2027"],
  ])("describes a monthly plage starting on %s, every %i month(s)", (firstDay, interval, expected) => {
    expect(
      describeRecurrence({ firstDay, startTime: "09:00", endTime: "12:00", recurrence: { every: "month", interval } }),
    ).toBe(expected);
  });

  it("describes a one-off plage", () => {
    expect(describeRecurrence({ firstDay: "2027-01-05", startTime: "09:00", endTime: "12:00", recurrence: null })).toBe(
      "Le 5 janvier 2027 de 09:00 à 12:00",
    );
  });

  it("writes the first day of a month as « 1er »", () => {
    expect(describeRecurrence({ firstDay: "2027-03-01", startTime: "09:00", endTime: "12:00", recurrence: null })).toBe(
      "Le 1er mars 2027 de 09:00 à 12:00",
    );
    expect(
      describeRecurrence({
        firstDay: "2027-02-01",
        startTime: "09:00",
        endTime: "12:00",
        recurrence: { every: "week", interval: 1, weekdays: ["mo"], until: "2027-07-01" },
      }),
    ).toBe("Toutes les semaines, le lundi de 09:00 à 12:00, à partir du 1er février 2027, jusqu'au 1er juillet 2027");
  });

  it("describes an absence spanning several days from its start to its end, and never as recurring", () => {
    expect(
      describeRecurrence({
        firstDay: "2027-01-05",
        startTime: "09:00",
        endDay: "2027-01-08",
        endTime: "18:00",
        recurrence: { every: "week", interval: 1, weekdays: ["tu"] },
      }),
    ).toBe("Du 5 janvier 2027 à 09:00 au 8 janvier 2027 à 18:00");
  });
});
