// /api/v1/plages_ouverture with fetch and a bearer token: the documented answers, and every bad input refused with a
// clear 4xx and the database unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, idOf } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createOrganisation } from "../../support/factories.ts";
import { plageBody, rowCounts, scheduleTeam } from "./schedule-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe("/api/v1/plages_ouverture", () => {
  it("creates, reads, lists, updates and deletes a plage with the documented fields", async () => {
    const team = await scheduleTeam();
    const api = await apiClient(app.url, team.agent1.email);
    const created = await api.call(
      "POST",
      "/plages_ouverture",
      plageBody(team, { recurrence: { every: "week", interval: 2, weekdays: ["th", "mo"], until: "2027-06-30" } }),
    );
    expect(created.status).toBe(201);
    const id = idOf(created.body);
    expect(created.location).toBe(`/api/v1/plages_ouverture/${id}`);
    expect(created.body).toEqual({
      id,
      organisationId: team.organisation.id,
      agentId: team.agent1.id,
      lieuId: team.organisation.lieu.id,
      title: "Permanence",
      motifIds: [team.organisation.motif.id],
      firstDay: "2027-01-04",
      startTime: "09:00",
      endTime: "12:00",
      recurrence: { every: "week", interval: 2, weekdays: ["mo", "th"], until: "2027-06-30" },
      uid: expect.stringMatching(/^plage-[0-9a-f-]{36}@rdv-agents\.fr$/),
      sequence: 0,
    });

    const read = await api.call("GET", `/plages_ouverture/${id}`);
    expect(read).toMatchObject({ status: 200, body: created.body });
    const list = await api.call(
      "GET",
      `/plages_ouverture?organisationId=${team.organisation.id}&agentId=${team.agent1.id}`,
    );
    expect(list).toMatchObject({ status: 200, body: { plagesOuverture: [created.body] } });

    const patched = await api.call("PATCH", `/plages_ouverture/${id}`, {
      startTime: "08:30",
      recurrence: { every: "month", interval: 1 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      startTime: "08:30",
      recurrence: { every: "month", interval: 1 },
      sequence: 1,
    });
    const oneOff = await api.call("PATCH", `/plages_ouverture/${id}`, { recurrence: null });
    expect(oneOff.body).toMatchObject({ recurrence: null, sequence: 2 });

    expect((await api.call("DELETE", `/plages_ouverture/${id}`)).status).toBe(204);
    expect(await api.call("GET", `/plages_ouverture/${id}`)).toMatchObject({
      status: 404,
      body: { error: { code: "not_found" } },
    });
    const history = await testDb().historyEntry.findMany({ where: { recordId: id }, orderBy: { createdAt: "asc" } });
    expect(history.map((h) => h.action)).toEqual(["created", "updated", "updated", "deleted"]);
  });

  it("lists by organisation and agent: an admin sees everyone's, an agent its own", async () => {
    const team = await scheduleTeam();
    const admin = await apiClient(app.url, team.admin.email);
    for (const [agentId, title] of [
      [team.agent1.id, "A"],
      [team.agent2.id, "B"],
    ]) {
      expect((await admin.call("POST", "/plages_ouverture", plageBody(team, { agentId, title }))).status).toBe(201);
    }
    const all = await admin.call("GET", `/plages_ouverture?organisationId=${team.organisation.id}`);
    expect(all.body).toEqual({
      plagesOuverture: [
        expect.objectContaining({ agentId: team.agent1.id }),
        expect.objectContaining({ agentId: team.agent2.id }),
      ],
    });
    const agent1 = await apiClient(app.url, team.agent1.email);
    const own = await agent1.call("GET", "/plages_ouverture");
    expect(own.body).toEqual({ plagesOuverture: [expect.objectContaining({ agentId: team.agent1.id })] });
  });

  it("refuses an overlapping plage with 409, naming the other plage in a field message", async () => {
    const team = await scheduleTeam();
    const api = await apiClient(app.url, team.agent1.email);
    await api.call("POST", "/plages_ouverture", plageBody(team, { title: "Matin" }));
    const before = await rowCounts(team.organisation.id);
    const response = await api.call(
      "POST",
      "/plages_ouverture",
      plageBody(team, { title: "Chevauchante", firstDay: "2027-02-01", recurrence: null, startTime: "11:30" }),
    );
    const message =
      "Cette plage chevauche la plage « Matin » : toutes deux sont ouvertes le lundi 1 février 2027 de 11:30 à 12:00.";
    expect(response).toMatchObject({
      status: 409,
      body: { error: { code: "conflict", message, fields: { startTime: message } } },
    });
    expect(await rowCounts(team.organisation.id)).toEqual(before);
  });

  describe("bad input gets a clear 4xx and leaves the database unchanged", () => {
    const cases: [
      string,
      (
        team: Awaited<ReturnType<typeof scheduleTeam>>,
        other: { lieuId: string; motifId: string; organisationId: string },
      ) => unknown,
      number,
      Record<string, string> | null,
    ][] = [
      ["an empty body", () => ({}), 422, { organisationId: expect.any(String), title: "Saisissez un titre." }],
      ["no body at all", () => undefined, 422, null],
      ["a JSON array", () => [], 422, null],
      ["malformed JSON", () => "{title: oops", 400, null],
      ["a missing title", (t) => plageBody(t, { title: undefined }), 422, { title: "Saisissez un titre." }],
      ["a number as title", (t) => plageBody(t, { title: 12 }), 422, { title: "Saisissez un titre." }],
      [
        "motifIds as a string",
        (t) => plageBody(t, { motifIds: t.organisation.motif.id }),
        422,
        { motifIds: "Choisissez au moins un motif." },
      ],
      [
        "the interval as a string",
        (t) => plageBody(t, { recurrence: { every: "week", interval: "2", weekdays: ["mo"] } }),
        422,
        { "recurrence.interval": "L'intervalle de récurrence doit être un nombre." },
      ],
      [
        "an interval of 13",
        (t) => plageBody(t, { recurrence: { every: "week", interval: 13, weekdays: ["mo"] } }),
        422,
        { "recurrence.interval": "L'intervalle de récurrence doit être compris entre 1 et 12." },
      ],
      [
        "an unknown frequency",
        (t) => plageBody(t, { recurrence: { every: "day" } }),
        422,
        { "recurrence.every": expect.any(String) },
      ],
      [
        "an unknown weekday",
        (t) => plageBody(t, { recurrence: { every: "week", weekdays: ["xx"] } }),
        422,
        { "recurrence.weekdays.0": "Ce jour de la semaine n'existe pas." },
      ],
      [
        "the end before the start",
        (t) => plageBody(t, { startTime: "12:00", endTime: "11:00" }),
        422,
        { endTime: "L'heure de fin doit être après l'heure de début." },
      ],
      [
        "a recurrence end before the first day",
        (t) => plageBody(t, { recurrence: { every: "week", weekdays: ["mo"], until: "2026-12-31" } }),
        422,
        { "recurrence.until": "La date de fin de récurrence doit être après le premier jour." },
      ],
      [
        "weekdays for a monthly recurrence",
        (t) => plageBody(t, { recurrence: { every: "month", weekdays: ["tu"] } }),
        422,
        { "recurrence.weekdays": expect.stringContaining("mensuelle") },
      ],
      [
        "30 February",
        (t) => plageBody(t, { firstDay: "2027-02-30" }),
        422,
        { firstDay: "La date doit être une date valide (AAAA-MM-JJ)." },
      ],
      [
        "a date with a time and offset",
        (t) => plageBody(t, { firstDay: "2027-01-04T09:00:00+01:00" }),
        422,
        { firstDay: "La date doit être une date valide (AAAA-MM-JJ)." },
      ],
      ["a time with seconds", (t) => plageBody(t, { startTime: "09:00:00" }), 422, { startTime: expect.any(String) }],
      [
        "a huge title",
        (t) => plageBody(t, { title: "a".repeat(50_000) }),
        422,
        { title: "Le titre ne peut pas dépasser 200 caractères." },
      ],
      ["a body over 100 kB", (t) => plageBody(t, { title: "a".repeat(200_000) }), 413, null],
      [
        "a lieu of another organisation",
        (t, o) => plageBody(t, { lieuId: o.lieuId }),
        422,
        { lieuId: "Choisissez un lieu de l'organisation." },
      ],
      [
        "a motif of another organisation",
        (t, o) => plageBody(t, { motifIds: [o.motifId] }),
        422,
        { motifIds: "Choisissez des motifs de l'organisation." },
      ],
      [
        "an unknown motif id",
        (t) => plageBody(t, { motifIds: ["00000000-0000-4000-8000-000000000000"] }),
        422,
        { motifIds: "Choisissez des motifs de l'organisation." },
      ],
      [
        "another organisation's id",
        (t, o) => plageBody(t, { organisationId: o.organisationId, lieuId: o.lieuId, motifIds: [o.motifId] }),
        404,
        null,
      ],
      ["a colleague as agent", (t) => plageBody(t, { agentId: t.agent2.id }), 403, null],
    ];

    it.each(cases)("%s", async (_case, body, status, fields) => {
      const team = await scheduleTeam();
      const other = await createOrganisation(testDb());
      const api = await apiClient(app.url, team.agent1.email);
      const before = await rowCounts(team.organisation.id);
      const response = await api.call(
        "POST",
        "/plages_ouverture",
        body(team, { lieuId: other.lieu.id, motifId: other.motif.id, organisationId: other.id }),
      );
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      if (fields) expect(response.body).toMatchObject({ error: { fields } });
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/);
      expect(await rowCounts(team.organisation.id)).toEqual(before);
    });

    it("refuses bad PATCHes the same way, leaving the plage as it was", async () => {
      const team = await scheduleTeam();
      const api = await apiClient(app.url, team.agent1.email);
      const id = idOf((await api.call("POST", "/plages_ouverture", plageBody(team))).body);
      const before = await rowCounts(team.organisation.id);
      const stored = await testDb().plageOuverture.findUniqueOrThrow({ where: { id } });
      for (const [patch, status] of [
        [{ endTime: "08:00" }, 422],
        [{ title: null }, 422],
        [{ motifIds: [] }, 422],
        [{ recurrence: { every: "week", weekdays: ["mo"], until: "2027-01-04" } }, 422],
        [{ agentId: team.agent2.id }, 422],
        [{ firstDay: "2027-13-01" }, 422],
        ["not json", 400],
      ] as const) {
        expect((await api.call("PATCH", `/plages_ouverture/${id}`, patch)).status).toBe(status);
      }
      expect(await rowCounts(team.organisation.id)).toEqual(before);
      expect(await testDb().plageOuverture.findUniqueOrThrow({ where: { id } })).toEqual(stored);
    });

    it("answers 401 without a valid token", async () => {
      const response = await fetch(`${app.url}/api/v1/plages_ouverture`);
      expect(response.status).toBe(401);
      const forged = await fetch(`${app.url}/api/v1/plages_ouverture`, { headers: { authorization: "Bearer nope" } });
      expect(forged.status).toBe(401);
    });

    it("refuses list filters that are not single ids", async () => {
      const team = await scheduleTeam();
      const api = await apiClient(app.url, team.agent1.email);
      const response = await api.call("GET", `/plages_ouverture?agentId=a&agentId=b`);
      expect(response.status).toBe(422);
    });
  });
});
