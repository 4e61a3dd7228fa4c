import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/domain/errors.ts";
import { instantFromLocal, parseRdvCreateInput, parseRdvUpdateInput } from "../../../src/domain/rdvs/rdv.schemas.ts";

const ID = "123e4567-e89b-42d3-a456-426614174000";
const ID2 = "223e4567-e89b-42d3-a456-426614174000";

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

  it("refuses years far from now", () => {
    expect(instantFromLocal("2207-03-28", "09:00", "Europe/Paris")).toBe(
      "La date doit être comprise entre 2000 et 2100.",
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

  it("turns strings, single checkboxes and empty fields into the input of the action", () => {
    expect(parseRdvCreateInput(form, "form", "Europe/Paris")).toEqual({
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

  it("reports each bad field under its form name, list errors under the whole list", () => {
    const fields = fieldsOf(() =>
      parseRdvCreateInput(
        { ...form, date: "2027-13-01", time: "25:00", durationInMin: "4", agentIds: ["nope"] },
        "form",
        "Europe/Paris",
      ),
    );
    expect(Object.keys(fields).sort()).toEqual(["agentIds", "date", "durationInMin", "time"]);
    expect(fields.durationInMin).toBe("La durée doit être comprise entre 5 et 480 minutes.");
  });

  it("asks for the names of a usager to create, and for a usager when none is chosen", () => {
    expect(
      fieldsOf(() => parseRdvCreateInput({ ...form, userIds: [], newUserEmail: "a@b.fr" }, "form", "UTC")),
    ).toEqual({
      newUserFirstName: "Indiquez le prénom.",
      newUserLastName: "Indiquez le nom.",
    });
    expect(fieldsOf(() => parseRdvCreateInput({ ...form, userIds: [] }, "form", "UTC"))).toEqual({
      userIds: "Choisissez au moins un usager, ou créez-en un.",
    });
  });
});

describe("the API body", () => {
  it("takes only the fields sent in a PATCH", () => {
    expect(parseRdvUpdateInput({ agentIds: [ID2, ID2] }, "api", "UTC", ID)).toEqual({ agentIds: [ID2], newUser: null });
    expect(parseRdvUpdateInput({ lieuId: null, notes: "" }, "api", "UTC", ID)).toEqual({
      lieuId: null,
      notes: null,
      newUser: null,
    });
  });

  it("refuses a start without offset or with a wrong one", () => {
    for (const startsAt of [
      "2027-03-29T09:00:00",
      "2027-03-29T09:00:00+1:00",
      "2027-03-29 09:00+01:00",
      "2027-03-29",
    ]) {
      expect(Object.keys(fieldsOf(() => parseRdvUpdateInput({ startsAt }, "api", "UTC", ID))), startsAt).toEqual([
        "startsAt",
      ]);
    }
    expect(parseRdvUpdateInput({ startsAt: "2027-03-29T09:00:00-03:00" }, "api", "UTC", ID).startsAt).toEqual(
      new Date("2027-03-29T12:00:00Z"),
    );
  });
});
