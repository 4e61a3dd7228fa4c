import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser, unique } from "../../support/factories.ts";
import { inDays, insertRdv } from "./support.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

type Api = ApiClient["call"];

/** A client of the API with a bearer token of the agent with this email. */
async function apiAs(email: string): Promise<Api> {
  return (await apiClient(app.url, email)).call;
}

describe("organisation resources in the API", () => {
  it("lets every member read agents, lieux, motifs, usagers and settings", async () => {
    const db = testDb();
    const { organisation, agent1, admin } = await createTeam(db);
    const user = await createUser(db, organisation.id);
    const api = await apiAs(agent1.email);
    const base = `/organisations/${organisation.id}`;

    const agents = await api("GET", `${base}/agents`);
    expect(agents.status).toBe(200);
    expect(agents.body).toMatchObject({
      agents: expect.arrayContaining([expect.objectContaining({ id: admin.id, email: admin.email, role: "admin" })]),
    });
    expect(JSON.stringify(agents.body)).not.toContain("passwordHash");
    expect(await api("GET", `${base}/lieux`)).toMatchObject({
      status: 200,
      body: { lieux: [expect.objectContaining({ id: organisation.lieu.id, name: "Lieu principal" })] },
    });
    const motifs = await api("GET", `${base}/motifs`);
    expect((motifs.body as { motifs: unknown[] }).motifs).toHaveLength(2);
    expect(await api("GET", `${base}/users?q=${encodeURIComponent(user.lastName)}`)).toMatchObject({
      status: 200,
      body: { users: [expect.objectContaining({ id: user.id })] },
    });
    expect(await api("GET", base)).toMatchObject({
      status: 200,
      body: {
        id: organisation.id,
        timezone: "Europe/Paris",
        bookingMinDelayMinutes: 120,
        bookingMaxDelayMinutes: 60480,
      },
    });
  });

  it("lets a member create a usager with POST /users, and refuses a duplicate email (409)", async () => {
    const db = testDb();
    const { organisation, secretary } = await createTeam(db);
    const api = await apiAs(secretary.email);
    const email = `api-${unique()}@example.org`;
    const created = await api("POST", "/users", {
      organisationId: organisation.id,
      firstName: "Paul",
      lastName: "Api",
      email,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ organisationId: organisation.id, email });
    const duplicate = await api("POST", "/users", {
      organisationId: organisation.id,
      firstName: "Paul",
      lastName: "Bis",
      email,
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: { code: "conflict", fields: { email: expect.any(String) } } });
  });

  it("lets an admin invite, change roles, and manage lieux, motifs, usagers and settings", async () => {
    const db = testDb();
    const { organisation, admin, agent1 } = await createTeam(db);
    const api = await apiAs(admin.email);
    const base = `/organisations/${organisation.id}`;

    const email = `api-invite-${unique()}@test.rdv-agents.fr`;
    const invited = await api("POST", `${base}/invitations`, {
      email,
      firstName: "Ana",
      lastName: "Api",
      role: "secretary",
    });
    expect(invited).toMatchObject({
      status: 201,
      body: { outcome: "invited", invitation: { email, firstName: "Ana", lastName: "Api", role: "secretary" } },
    });
    expect((await api("GET", `${base}/agents`)).body).toMatchObject({
      agents: expect.arrayContaining([expect.objectContaining({ email, role: "secretary", invitationPending: true })]),
    });
    expect(await api("PATCH", `${base}/agents/${agent1.id}`, { role: "secretary" })).toMatchObject({
      status: 200,
      body: { id: agent1.id, role: "secretary" },
    });
    expect((await api("PATCH", `${base}/agents/${agent1.id}`, { role: "chef" })).status).toBe(422);

    const lieu = await api("POST", `${base}/lieux`, { name: "Annexe", address: "2 rue Neuve" });
    expect(lieu.status).toBe(201);
    const lieuId = (lieu.body as { id: string }).id;
    expect(await api("PATCH", `${base}/lieux/${lieuId}`, { name: "Annexe Nord" })).toMatchObject({
      body: { name: "Annexe Nord", address: "2 rue Neuve" },
    });
    expect((await api("POST", `${base}/lieux/${lieuId}/disable`)).body).toMatchObject({
      disabledAt: expect.any(String),
    });
    expect((await api("POST", `${base}/lieux/${lieuId}/enable`)).body).toMatchObject({ disabledAt: null });
    expect((await api("DELETE", `${base}/lieux/${lieuId}`)).status).toBe(204);

    const motif = await api("POST", `${base}/motifs`, {
      name: "Visio",
      defaultDurationInMin: 25,
      locationType: "phone",
      color: "#123456",
      bookableOnline: true,
    });
    expect(motif).toMatchObject({ status: 201, body: { bookableOnline: true, defaultDurationInMin: 25 } });
    const motifId = (motif.body as { id: string }).id;
    expect((await api("PATCH", `${base}/motifs/${motifId}`, { defaultDurationInMin: 40 })).body).toMatchObject({
      defaultDurationInMin: 40,
      bookableOnline: true,
    });
    expect((await api("POST", `${base}/motifs/${motifId}/disable`)).status).toBe(200);

    const user = await api("POST", `${base}/users`, { firstName: "Léa", lastName: "Api", phone: "0611223344" });
    expect(user.status).toBe(201);
    const userId = (user.body as { id: string }).id;
    expect(
      (await api("PATCH", `${base}/users/${userId}`, { email: `lea-${unique()}@example.org` })).body,
    ).toMatchObject({
      firstName: "Léa",
      phone: "0611223344",
    });
    expect((await api("GET", `${base}/users/${userId}`)).body).toMatchObject({ id: userId, rdvs: [] });

    expect((await api("PATCH", base, { timezone: "Indian/Reunion" })).body).toMatchObject({
      timezone: "Indian/Reunion",
      bookingMinDelayMinutes: 120,
    });
    expect(await api("PATCH", base, { bookingMinDelayMinutes: -5 })).toMatchObject({
      status: 422,
      body: {
        error: { code: "invalid", fields: { bookingMinDelayMinutes: "Le délai minimum ne peut pas être négatif." } },
      },
    });
  });

  it("removes an agent through the API only once its future RDVs are decided (409 with one field per RDV)", async () => {
    const db = testDb();
    const { organisation, admin, agent1, agent2 } = await createTeam(db);
    const rdv = await insertRdv(db, {
      organisationId: organisation.id,
      motifId: organisation.motif.id,
      lieuId: organisation.lieu.id,
      startsAt: inDays(3),
      agentIds: [agent1.id],
    });
    const api = await apiAs(admin.email);
    const path = `/organisations/${organisation.id}/agents/${agent1.id}`;
    expect((await api("GET", `${path}/removal`)).body).toMatchObject({
      futureRdvs: [expect.objectContaining({ id: rdv.id })],
    });
    expect(await api("DELETE", path)).toMatchObject({
      status: 409,
      body: { error: { code: "conflict", fields: { [`rdvs.${rdv.id}`]: expect.any(String) } } },
    });
    expect(await api("DELETE", path, { rdvs: { [rdv.id]: agent2.id } })).toMatchObject({
      status: 200,
      body: { reassigned: 1, cancelled: 0, plagesDeleted: 0 },
    });
  });

  it("answers 403 to members who are not admins on every write, and 404 for another organisation", async () => {
    const db = testDb();
    const { organisation, secretary, agent1 } = await createTeam(db);
    const other = await createTeam(db);
    const user = await createUser(db, organisation.id);
    const base = `/organisations/${organisation.id}`;
    const writes: [string, string, unknown?][] = [
      ["PATCH", base, { name: "Pirate" }],
      ["POST", `${base}/invitations`, { email: "x@example.org", firstName: "X", lastName: "Y", role: "admin" }],
      ["PATCH", `${base}/agents/${agent1.id}`, { role: "admin" }],
      ["GET", `${base}/agents/${agent1.id}/removal`],
      ["DELETE", `${base}/agents/${agent1.id}`],
      ["POST", `${base}/lieux`, { name: "X", address: "Y" }],
      ["GET", `${base}/lieux/${organisation.lieu.id}`],
      ["PATCH", `${base}/lieux/${organisation.lieu.id}`, { name: "X" }],
      ["POST", `${base}/lieux/${organisation.lieu.id}/disable`],
      ["POST", `${base}/lieux/${organisation.lieu.id}/enable`],
      ["DELETE", `${base}/lieux/${organisation.lieu.id}`],
      ["POST", `${base}/motifs`, { name: "X" }],
      ["GET", `${base}/motifs/${organisation.motif.id}`],
      ["PATCH", `${base}/motifs/${organisation.motif.id}`, { name: "X" }],
      ["POST", `${base}/motifs/${organisation.motif.id}/disable`],
      ["POST", `${base}/motifs/${organisation.motif.id}/enable`],
      ["POST", `${base}/users`, { firstName: "X", lastName: "Y" }],
      ["GET", `${base}/users/${user.id}`],
      ["PATCH", `${base}/users/${user.id}`, { firstName: "X" }],
    ];
    for (const email of [secretary.email, agent1.email]) {
      const api = await apiAs(email);
      for (const [method, path, body] of writes) {
        const response = await api(method, path, body);
        expect(response.status, `${method} ${path}`).toBe(403);
        expect(response.body).toMatchObject({ error: { code: "forbidden" } });
      }
    }
    const outsider = await apiAs(other.admin.email);
    const reads = ["", "/agents", "/lieux", "/motifs", "/users"].map((suffix): [string, string] => [
      "GET",
      `${base}${suffix}`,
    ]);
    for (const [method, path, body] of [...reads, ...writes]) {
      const response = await outsider(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    // An admin's own organisation in the path does not open another organisation's records.
    const otherBase = `/organisations/${other.organisation.id}`;
    expect((await outsider("PATCH", `${otherBase}/lieux/${organisation.lieu.id}`, { name: "X" })).status).toBe(404);
    expect((await outsider("PATCH", `${otherBase}/agents/${agent1.id}`, { role: "admin" })).status).toBe(404);
    expect((await outsider("PATCH", `${otherBase}/users/${user.id}`, { firstName: "X" })).status).toBe(404);
    expect((await db.lieu.findUniqueOrThrow({ where: { id: organisation.lieu.id } })).name).toBe("Lieu principal");
    expect((await db.organisation.findUniqueOrThrow({ where: { id: organisation.id } })).name).toBe(organisation.name);
  });
});
