// How the forms read what browsers send: checkboxes, empty fields, repeated fields, typed numbers, local days.
import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/domain/errors.ts";
import {
  absenceFormValues,
  parseAbsenceForm,
  parseNewPlageForm,
  plageFormValues,
} from "../../../src/web/forms/agent-record-form.ts";
import { formBody, formCheckbox, formList, formString } from "../../../src/web/forms/fields.ts";
import { motifFormValues, parseMotifForm } from "../../../src/web/forms/motif-form.ts";
import { organisationFormValuesOf, parseOrganisationForm } from "../../../src/web/forms/organisation-form.ts";
import { parseUsagerForm } from "../../../src/web/forms/usager-form.ts";

function fieldsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.fields ?? {};
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("form fields", () => {
  it("read a checkbox as ticked only when the browser sends it", () => {
    expect(formCheckbox("on")).toBe(true);
    expect(formCheckbox(undefined)).toBe(false);
    expect(formCheckbox("")).toBe(false);
    expect(formCheckbox(["on", "on"])).toBe(false);
  });

  it("read a group of checkboxes sent once, several times or not at all as a list", () => {
    expect(formList("a")).toEqual(["a"]);
    expect(formList(["a", "", "b"])).toEqual(["a", "b"]);
    expect(formList(undefined)).toEqual([]);
    expect(formList({ x: "a" })).toEqual([]);
  });

  it("read a repeated or missing single field as empty, and a missing body as no field", () => {
    expect(formString(["a", "b"])).toBe("");
    expect(formString(undefined)).toBe("");
    expect(formBody(undefined)).toEqual({});
  });
});

describe("the motif form", () => {
  const form = { name: "Dossier RSA", defaultDurationInMin: "45", locationType: "home", color: "#AA00CC" };

  it("reads the typed duration as minutes and an unticked box as not bookable online", () => {
    expect(parseMotifForm(form)).toEqual({
      name: "Dossier RSA",
      defaultDurationInMin: 45,
      locationType: "home",
      color: "#aa00cc",
      bookableOnline: false,
    });
    expect(parseMotifForm({ ...form, bookableOnline: "on" }).bookableOnline).toBe(true);
    expect(motifFormValues({ ...form, bookableOnline: "on" }).bookableOnline).toBe(true);
  });

  it("explains an empty or non-numeric duration in French", () => {
    for (const defaultDurationInMin of ["", "45 min", "4"]) {
      expect(
        fieldsOf(() => parseMotifForm({ ...form, defaultDurationInMin })),
        defaultDurationInMin,
      ).toEqual({
        defaultDurationInMin: "La durée doit être un nombre entier de minutes, entre 5 et 480.",
      });
    }
  });
});

describe("the organisation settings form", () => {
  it("turns hours and days into minutes, and back for display", () => {
    const settings = parseOrganisationForm({
      name: "MDS",
      timezone: "Europe/Paris",
      bookingMinDelayHours: "1.5",
      bookingMaxDelayDays: "30",
      emailSenderName: "",
    });
    expect(settings).toEqual({
      name: "MDS",
      timezone: "Europe/Paris",
      bookingMinDelayMinutes: 90,
      bookingMaxDelayMinutes: 30 * 24 * 60,
      emailSenderName: null,
    });
    expect(organisationFormValuesOf(settings)).toMatchObject({ bookingMinDelayHours: 1.5, bookingMaxDelayDays: 30 });
  });

  it("names the field of the form, in days, when the maximum is not after the minimum", () => {
    const fields = fieldsOf(() =>
      parseOrganisationForm({
        name: "MDS",
        timezone: "Europe/Paris",
        bookingMinDelayHours: "48",
        bookingMaxDelayDays: "1",
      }),
    );
    expect(fields).toEqual({ bookingMaxDelayDays: "Le délai maximum doit être plus long que le délai minimum." });
  });
});

describe("the usager form", () => {
  it("reads a blank email, phone or birth date as none, and normalises the others", () => {
    expect(
      parseUsagerForm({ firstName: " Jeanne ", lastName: "Lefèvre", email: " ", phone: "", birthDate: "" }),
    ).toEqual({
      firstName: "Jeanne",
      lastName: "Lefèvre",
      email: null,
      phone: null,
      birthDate: null,
    });
    expect(parseUsagerForm({ firstName: "A", lastName: "B", email: "A@B.FR", phone: "06.12.34.56.78" })).toMatchObject({
      email: "a@b.fr",
      phone: "0612345678",
    });
  });
});

describe("the plage and absence forms", () => {
  const ID = "123e4567-e89b-42d3-a456-426614174000";

  it("name each missing field in French rather than a format message", () => {
    const values = plageFormValues({ title: "Permanence", motifIds: ID, firstDay: "", startTime: "", endTime: "" });
    expect(fieldsOf(() => parseNewPlageForm(values, ID))).toEqual({
      lieuId: "Choisissez un lieu.",
      firstDay: "Indiquez le premier jour.",
      startTime: "Indiquez l'heure de début.",
      endTime: "Indiquez l'heure de fin.",
    });
  });

  it("say in French that 30 February does not exist", () => {
    const values = absenceFormValues({
      title: "Congés",
      firstDay: "2026-02-30",
      startTime: "09:00",
      endDay: "2026-03-02",
      endTime: "18:00",
    });
    expect(fieldsOf(() => parseAbsenceForm(values))).toEqual({
      firstDay: "La date doit être une date valide (AAAA-MM-JJ).",
    });
  });

  it("read one ticked motif box and a weekly recurrence with one weekday box", () => {
    const values = plageFormValues({
      title: "Permanence",
      lieuId: ID,
      motifIds: ID,
      firstDay: "2027-01-04",
      startTime: "09:00",
      endTime: "12:00",
      recurrenceEvery: "week",
      recurrenceInterval: "2",
      recurrenceWeekdays: "mo",
    });
    expect(parseNewPlageForm(values, ID)).toMatchObject({
      organisationId: ID,
      motifIds: [ID],
      recurrence: { every: "week", interval: 2, weekdays: ["mo"] },
    });
  });
});
