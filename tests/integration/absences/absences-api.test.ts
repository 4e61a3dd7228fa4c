// /api/v1/absences with fetch and a bearer token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, idOf } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createOrganisation } from "../../support/factories.ts";
import { absenceBody, rowCounts, scheduleTeam } from "../plages/schedule-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const COLLEAGUE = "<agent2>";
const OTHER_ORGANISATION = "<other organisation>";

describe("/api/v1/absences", () => {
  it("creates, reads, lists, updates and deletes an absence with the documented fields", async () => {
    const team = await scheduleTeam();
    const api = await apiClient(app.url, team.agent1.email);
    const created = await api.call("POST", "/absences", absenceBody(team));
    expect(created.status).toBe(201);
    const id = idOf(created.body);
    expect(created.location).toBe(`/api/v1/absences/${id}`);
    expect(created.body).toEqual({
      id,
      organisationId: team.organisation.id,
      agentId: team.agent1.id,
      title: "Congés",
      firstDay: "2027-02-08",
      startTime: "08:00",
      endDay: "2027-02-12",
      endTime: "18:00",
      recurrence: null,
      uid: expect.stringMatching(/^absence-[0-9a-f-]{36}@rdv-agents\.fr$/),
      sequence: 0,
    });
    expect(await api.call("GET", `/absences/${id}`)).toMatchObject({ status: 200, body: created.body });
    expect(await api.call("GET", `/absences?organisationId=${team.organisation.id}`)).toMatchObject({
      status: 200,
      body: { absences: [created.body] },
    });
    const patched = await api.call("PATCH", `/absences/${id}`, {
      endDay: "2027-02-08",
      endTime: "12:00",
      recurrence: { every: "week", weekdays: ["mo"], until: "2027-03-29" },
    });
    expect(patched).toMatchObject({
      status: 200,
      body: {
        endDay: "2027-02-08",
        recurrence: { every: "week", interval: 1, weekdays: ["mo"], until: "2027-03-29" },
        sequence: 1,
      },
    });
    expect((await api.call("DELETE", `/absences/${id}`)).status).toBe(204);
    expect((await api.call("DELETE", `/absences/${id}`)).status).toBe(404);
  });

  it.each([
    ["a multi-day absence that recurs", { recurrence: { every: "week", weekdays: ["mo"] } }, 422, "recurrence"],
    ["the end before the start", { endDay: "2027-02-08", endTime: "07:59" }, 422, "endTime"],
    ["an end day before the first day", { endDay: "2027-01-31" }, 422, "endDay"],
    ["a missing start time", { startTime: undefined }, 422, "startTime"],
    ["an end time as a number", { endTime: 1800 }, 422, "endTime"],
    ["an impossible date", { firstDay: "2027-04-31" }, 422, "firstDay"],
    ["a huge title", { title: "x".repeat(20_000) }, 422, "title"],
    [
      "weekdays on a monthly recurrence",
      { endDay: "2027-02-08", recurrence: { every: "month", weekdays: ["mo"] } },
      422,
      "recurrence.weekdays",
    ],
    ["a colleague as agent", { agentId: COLLEAGUE }, 403, null],
    ["another organisation", { organisationId: OTHER_ORGANISATION }, 404, null],
  ] satisfies [string, Record<string, unknown>, number, string | null][])(
    "refuses %s with a clear 4xx and the database unchanged",
    async (_case, overrides, status, field) => {
      const team = await scheduleTeam();
      const other = await createOrganisation(testDb());
      const api = await apiClient(app.url, team.agent1.email);
      const before = await rowCounts(team.organisation.id);
      // Placeholders stand for ids that exist only once the case runs.
      const placeholders: Record<string, string> = { [COLLEAGUE]: team.agent2.id, [OTHER_ORGANISATION]: other.id };
      const body = Object.fromEntries(
        Object.entries({ ...absenceBody(team), ...overrides }).map(([key, value]) => [
          key,
          typeof value === "string" ? (placeholders[value] ?? value) : value,
        ]),
      );
      const response = await api.call("POST", "/absences", body);
      expect(response.status).toBe(status);
      if (field)
        expect(response.body).toMatchObject({ error: { code: "invalid", fields: { [field]: expect.any(String) } } });
      expect(await rowCounts(team.organisation.id)).toEqual(before);
    },
  );
});
