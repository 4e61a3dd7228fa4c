import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../../../src/domain/auth/sign-in.ts";
import { apiClient, apiError, field } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createAgent, createOrganisation, createUser, TEST_PASSWORD } from "../../support/factories.ts";
import { apiBody, bookRdv, createRdvTeam, rowCounts } from "./rdv-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const JSON_KEYS = [
  "agentIds",
  "createdAt",
  "durationInMin",
  "id",
  "lieuId",
  "motifId",
  "notes",
  "organisationId",
  "sequence",
  "startsAt",
  "status",
  "uid",
  "updatedAt",
  "userIds",
];

describe("POST /api/v1/rdvs", () => {
  it("books an RDV and answers 201 with the documented JSON shape", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const api = await apiClient(app.url, team.secretary.email);
    const response = await api.post("/rdvs", apiBody(team, { durationInMin: 45 }));
    expect(response.status).toBe(201);
    const body = response.body;
    expect(Object.keys(body as object).sort()).toEqual(JSON_KEYS);
    expect(body).toMatchObject({
      organisationId: team.organisation.id,
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      startsAt: "2027-03-29T07:00:00.000Z",
      durationInMin: 45,
      status: "unknown",
      notes: "Apporter l'avis d'imposition",
      agentIds: [team.agent1.id],
      userIds: [team.usager.id],
      sequence: 0,
    });
    expect(field(body, "uid")).toMatch(/^rdv-.+@rdv-agents\.fr$/);
    expect(response.headers.get("location")).toBe(`/api/v1/rdvs/${field(body, "id")}`);
    const history = await db.historyEntry.findMany({ where: { recordId: String(field(body, "id")) } });
    expect(history.map((h) => h.authorAgentId)).toEqual([team.secretary.id]);
  });

  it("refuses every bad body with a clear 4xx and leaves the database unchanged", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const other = await createOrganisation(db);
    const stranger = await createAgent(db, { organisationId: other.id });
    const foreignUser = await createUser(db, other.id);
    const api = await apiClient(app.url, team.secretary.email);
    const before = await rowCounts(db, team.organisation.id);
    const cases: [string, unknown, number, string][] = [
      ["missing motif", apiBody(team, { motifId: undefined }), 422, "motifId"],
      ["motif as a number", apiBody(team, { motifId: 3 }), 422, "motifId"],
      ["agentIds as a string", apiBody(team, { agentIds: team.agent1.id }), 422, "agentIds"],
      ["no usager", apiBody(team, { userIds: [] }), 422, "userIds"],
      ["duration 0", apiBody(team, { durationInMin: 0 }), 422, "durationInMin"],
      ["duration 10000", apiBody(team, { durationInMin: 10000 }), 422, "durationInMin"],
      ["start without offset", apiBody(team, { startsAt: "2027-03-29T09:00:00" }), 422, "startsAt"],
      ["impossible offset", apiBody(team, { startsAt: "2027-03-29T09:00:00+24:00" }), 422, "startsAt"],
      ["30 February", apiBody(team, { startsAt: "2027-02-30T09:00:00+01:00" }), 422, "startsAt"],
      [
        "ends the next day",
        apiBody(team, { startsAt: "2027-03-29T23:00:00+02:00", durationInMin: 90 }),
        422,
        "durationInMin",
      ],
      ["foreign motif", apiBody(team, { motifId: other.motif.id }), 422, "motifId"],
      ["foreign lieu", apiBody(team, { lieuId: other.lieu.id }), 422, "lieuId"],
      ["foreign agent", apiBody(team, { agentIds: [stranger.id] }), 422, "agentIds"],
      ["foreign usager", apiBody(team, { userIds: [foreignUser.id] }), 422, "userIds"],
      ["other organisation", apiBody(team, { organisationId: other.id }), 422, "organisationId"],
      ["40 000 accented notes", apiBody(team, { notes: "é".repeat(40_000) }), 422, "notes"],
      ["unknown field", apiBody(team, { status: "seen" }), 422, "_"],
      ["not an object", [1, 2, 3], 422, "_"],
    ];
    for (const [label, body, status, key] of cases) {
      const response = await api.post("/rdvs", body);
      expect(response.status, label).toBe(status);
      const error = apiError(response.body);
      expect(error.code, label).toBe("invalid");
      expect(Object.keys(error.fields ?? {}), label).toContain(key);
      expect(error.fields?.[key], label).toMatch(/\S/);
    }
    const notes100k = await api.post("/rdvs", apiBody(team, { notes: "x".repeat(100_000) }));
    expect(notes100k.status).toBe(422);
    expect(apiError(notes100k.body).fields?.notes).toBe("Les notes font au plus 5000 caractères.");
    const tooBig = await api.post("/rdvs", apiBody(team, { notes: "x".repeat(200_000) }));
    expect(tooBig.status).toBe(413);
    expect(apiError(tooBig.body).code).toBe("bad_request");
    const malformed = await api.call("POST", "/rdvs", "{not json");
    expect(malformed.status).toBe(400);
    expect(apiError(malformed.body).code).toBe("bad_request");
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);
  });

  it("refuses calls without a token, and ignores a browser session cookie", async () => {
    const team = await createRdvTeam(testDb());
    const anonymous = await fetch(`${app.url}/api/v1/rdvs`);
    expect(anonymous.status).toBe(401);
    const { sessionToken } = await signIn(testDb(), {
      raw: { email: team.secretary.email, password: TEST_PASSWORD },
      ip: "127.0.0.1",
      sessionTtlHours: 1,
    });
    const withCookie = await fetch(`${app.url}/api/v1/rdvs`, { headers: { cookie: `rdv_session=${sessionToken}` } });
    expect(withCookie.status).toBe(401);
    const page = await fetch(`${app.url}/rdvs`, {
      headers: { cookie: `rdv_session=${sessionToken}` },
      redirect: "manual",
    });
    expect(page.status).toBe(200);
  });
});

describe("GET /api/v1/rdvs", () => {
  it("lists the RDVs of one organisation or of all the actor's, filtered by period and agent", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const second = await createRdvTeam(db);
    await db.agentRole.create({
      data: { agentId: team.secretary.id, organisationId: second.organisation.id, level: "secretary" },
    });
    const a = await bookRdv(team, { startsAt: "2027-05-03T09:00:00+02:00" });
    const b = await bookRdv(team, { startsAt: "2027-05-04T09:00:00+02:00", agentIds: [team.agent2.id] });
    const c = await bookRdv(second, { startsAt: "2027-05-03T10:00:00+02:00" }, second.secretary.id);
    const foreign = await createRdvTeam(db);
    await bookRdv(foreign, {}, foreign.secretary.id);
    const api = await apiClient(app.url, team.secretary.email);
    const ids = async (query: string) => {
      const response = await api.get(`/rdvs${query}`);
      expect(response.status, query).toBe(200);
      const rdvs = field(response.body, "rdvs");
      return Array.isArray(rdvs) ? rdvs.map((r) => field(r, "id")) : [];
    };
    expect(await ids(`?organisationId=${team.organisation.id}`)).toEqual([a.after.id, b.after.id]);
    expect(await ids("")).toEqual([a.after.id, c.after.id, b.after.id]);
    expect(await ids(`?organisationId=${team.organisation.id}&agentId=${team.agent2.id}`)).toEqual([b.after.id]);
    const period = `from=${encodeURIComponent("2027-05-04T00:00:00+02:00")}&to=${encodeURIComponent("2027-05-05T00:00:00+02:00")}`;
    expect(await ids(`?${period}`)).toEqual([b.after.id]);

    expect((await api.get(`/rdvs?organisationId=${foreign.organisation.id}`)).status).toBe(404);
    const badPeriod = await api.get("/rdvs?from=2027-05-04");
    expect(badPeriod.status).toBe(422);
    expect(apiError(badPeriod.body).fields?.from).toContain("décalage horaire");
    const reversed = await api.get(`/rdvs?from=2027-05-05T00:00:00Z&to=2027-05-04T00:00:00Z`);
    expect(apiError(reversed.body).fields?.to).toBe("La fin de la période doit être après son début.");
  });
});

describe("/api/v1/rdvs/:id", () => {
  it("reads, patches a few fields, changes the status and deletes an RDV", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const api = await apiClient(app.url, team.agent1.email);
    const created = await api.post("/rdvs", apiBody(team));
    const id = String(field(created.body, "id"));

    const read = await api.get(`/rdvs/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const moved = await api.patch(`/rdvs/${id}`, { startsAt: "2027-03-30T10:00:00+02:00" });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ startsAt: "2027-03-30T08:00:00.000Z", durationInMin: 30, sequence: 1 });
    expect(field(moved.body, "notes")).toBe("Apporter l'avis d'imposition");

    const notes = await api.patch(`/rdvs/${id}`, { notes: null });
    expect(notes.body).toMatchObject({ notes: null, sequence: 1 });

    const bad = await api.patch(`/rdvs/${id}`, { durationInMin: 4, organisationId: team.organisation.id });
    expect(bad.status).toBe(422);
    expect(apiError(bad.body).fields).toEqual({ durationInMin: "La durée doit être comprise entre 5 et 480 minutes." });

    const cancelled = await api.post(`/rdvs/${id}/status`, { status: "revoked" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "revoked", sequence: 2 });
    const wrongStatus = await api.post(`/rdvs/${id}/status`, { status: "annulé" });
    expect(wrongStatus.status).toBe(422);
    expect(apiError(wrongStatus.body).fields?.status).toContain("Choisissez un statut");

    const deleted = await api.delete(`/rdvs/${id}`);
    expect(deleted.status).toBe(204);
    expect((await api.get(`/rdvs/${id}`)).status).toBe(404);
    expect((await api.delete(`/rdvs/${id}`)).status).toBe(404);
    const history = await db.historyEntry.findMany({
      where: { recordId: id },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(history.map((h) => h.action)).toEqual(["created", "updated", "updated", "updated", "deleted"]);
  });

  it("answers 404 with a JSON error for another organisation's RDV or a forged id", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const other = await createRdvTeam(db);
    const { after } = await bookRdv(other);
    const api = await apiClient(app.url, team.admin.email);
    for (const id of [after.id, "forged", "00000000-0000-4000-8000-000000000000"]) {
      const response = await api.patch(`/rdvs/${id}`, { notes: "piraté" });
      expect(response.status).toBe(404);
      expect(apiError(response.body)).toMatchObject({ code: "not_found" });
    }
    expect((await db.rdv.findUniqueOrThrow({ where: { id: after.id } })).notes).toBe(after.notes);
  });
});
