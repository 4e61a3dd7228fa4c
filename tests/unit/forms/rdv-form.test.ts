// The RDV page form → the typed fields of the RDV actions: local day and time, checkboxes, empty fields, new usager.
import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/domain/errors.ts";
import { instantFromLocal } from "../../../src/web/forms/fields.ts";
import { parseRdvForm } from "../../../src/web/forms/rdv-form.ts";

const ID = "123e4567-e89b-42d3-a456-426614174000";

function fieldsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.fields ?? {};
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("local date and time of a form", () => {
  it("is read in the organisation's zone on both sides of the spring-forward change", () => {
    expect(instantFromLocal("2027-03-26", "09:00", "Europe/Paris")).toEqual(new Date("2027-03-26T08:00:00Z"));
    expect(instantFromLocal("2027-03-29", "09:00", "Europe/Paris")).toEqual(new Date("2027-03-29T07:00:00Z"));
    expect(instantFromLocal("2027-10-31", "09:00", "Europe/Paris")).toEqual(new Date("2027-10-31T08:00:00Z"));
    expect(instantFromLocal("2027-03-29", "09:00", "America/Cayenne")).toEqual(new Date("2027-03-29T12:00:00Z"));
  });

  it("refuses a time skipped when clocks go forward, with a French reason", () => {
    expect(instantFromLocal("2027-03-28", "02:30", "Europe/Paris")).toContain("02:30 n'existe pas ce jour-là");
    expect(instantFromLocal("2027-03-28", "03:00", "Europe/Paris")).toEqual(new Date("2027-03-28T01:00:00Z"));
  });

  it("reads a time repeated when clocks go back as one instant, the one after the change (winter time)", () => {
    expect(instantFromLocal("2027-10-31", "02:30", "Europe/Paris")).toEqual(new Date("2027-10-31T01:30:00Z"));
  });

  it("refuses a day that does not exist, in French", () => {
    expect(instantFromLocal("2026-02-30", "09:00", "Europe/Paris")).toBe(
      "Cette date et cette heure ne sont pas valides.",
    );
  });
});

describe("the RDV form", () => {
  const form = {
    motifId: ID,
    lieuId: "",
    date: "2027-03-29",
    time: "09:00",
    durationInMin: "",
    agentIds: ID,
    notes: "  ",
    userIds: [ID, ID],
    _csrf: "ignored",
  };

  it("turns strings, single checkboxes and empty fields into the fields of the action", () => {
    expect(parseRdvForm(form, "Europe/Paris")).toEqual({
      motifId: ID,
      lieuId: null,
      startsAt: new Date("2027-03-29T07:00:00Z"),
      durationInMin: undefined,
      agentIds: [ID],
      userIds: [ID],
      notes: null,
      newUser: null,
    });
  });

  it("reads a typed duration as a number of minutes", () => {
    expect(parseRdvForm({ ...form, durationInMin: " 45 " }, "UTC").durationInMin).toBe(45);
    expect(fieldsOf(() => parseRdvForm({ ...form, durationInMin: "45 min" }, "UTC"))).toEqual({
      durationInMin: "La durée doit être un nombre entier de minutes, entre 5 et 480.",
    });
  });

  it("reports each bad field under its form name, list errors under the whole list", () => {
    const fields = fieldsOf(() =>
      parseRdvForm(
        { ...form, date: "2027-13-01", time: "25:00", durationInMin: "4", agentIds: ["nope"] },
        "Europe/Paris",
      ),
    );
    expect(Object.keys(fields).sort()).toEqual(["agentIds", "date", "durationInMin", "time"]);
    expect(fields.durationInMin).toBe("La durée doit être comprise entre 5 et 480 minutes.");
  });

  it("says in French that 30 February does not exist, and that a missing day is missing", () => {
    expect(fieldsOf(() => parseRdvForm({ ...form, date: "2026-02-30" }, "Europe/Paris"))).toEqual({
      date: "La date doit être une date valide (AAAA-MM-JJ).",
    });
    expect(fieldsOf(() => parseRdvForm({ ...form, date: "", time: "" }, "Europe/Paris"))).toEqual({
      date: "Indiquez la date.",
      time: "Indiquez l'heure.",
    });
  });

  it("refuses a local time skipped by the spring-forward change, and years far from now", () => {
    expect(fieldsOf(() => parseRdvForm({ ...form, date: "2027-03-28", time: "02:30" }, "Europe/Paris")).time).toContain(
      "02:30 n'existe pas ce jour-là",
    );
    expect(fieldsOf(() => parseRdvForm({ ...form, date: "2207-03-28" }, "Europe/Paris"))).toEqual({
      time: "La date doit être comprise entre 2000 et 2100.",
    });
  });

  it("asks for the names of a usager to create, and for a usager when none is chosen", () => {
    expect(fieldsOf(() => parseRdvForm({ ...form, userIds: [], newUserEmail: "a@b.fr" }, "UTC"))).toEqual({
      newUserFirstName: "Indiquez le prénom.",
      newUserLastName: "Indiquez le nom.",
    });
    expect(fieldsOf(() => parseRdvForm({ ...form, userIds: [] }, "UTC"))).toEqual({
      userIds: "Choisissez au moins un usager, ou créez-en un.",
    });
  });

  it("gives the usager to create, its email lowercased and its phone without separators", () => {
    const parsed = parseRdvForm(
      {
        ...form,
        userIds: undefined,
        newUserFirstName: " Karim ",
        newUserLastName: "Benali",
        newUserEmail: "Karim@Example.org",
        newUserPhone: "06 12 34 56 78",
      },
      "UTC",
    );
    expect(parsed.userIds).toEqual([]);
    expect(parsed.newUser).toEqual({
      firstName: "Karim",
      lastName: "Benali",
      email: "karim@example.org",
      phone: "0612345678",
      birthDate: null,
    });
  });
});
