import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/domain/errors.ts";
import { parseNewRdvBody, parseRdvPatchBody } from "../../../src/domain/rdvs/rdv.schemas.ts";

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

describe("the API body", () => {
  it("takes only the fields sent in a PATCH", () => {
    expect(parseRdvPatchBody({ agentIds: [ID2, ID2] })).toEqual({ agentIds: [ID2] });
    expect(parseRdvPatchBody({ lieuId: null, notes: "" })).toEqual({ lieuId: null, notes: null });
  });

  it("refuses a start without offset or with a wrong one", () => {
    for (const startsAt of [
      "2027-03-29T09:00:00",
      "2027-03-29T09:00:00+1:00",
      "2027-03-29 09:00+01:00",
      "2027-03-29",
    ]) {
      expect(Object.keys(fieldsOf(() => parseRdvPatchBody({ startsAt }))), startsAt).toEqual(["startsAt"]);
    }
    expect(parseRdvPatchBody({ startsAt: "2027-03-29T09:00:00-03:00" }).startsAt).toEqual(
      new Date("2027-03-29T12:00:00Z"),
    );
  });

  it("gives a new RDV without lieu nor notes null ones, and no usager to create", () => {
    const body = { organisationId: ID, motifId: ID, startsAt: "2027-03-29T09:00:00Z", agentIds: [ID], userIds: [ID2] };
    expect(parseNewRdvBody(body)).toEqual({
      organisationId: ID,
      motifId: ID,
      lieuId: null,
      startsAt: new Date("2027-03-29T09:00:00Z"),
      durationInMin: undefined,
      agentIds: [ID],
      userIds: [ID2],
      notes: null,
      newUser: null,
    });
  });
});
