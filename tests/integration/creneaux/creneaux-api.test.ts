// GET /api/v1/organisations/:organisationId/creneaux with a bearer token: the documented answer, créneaux that
// disappear when an RDV is booked on them or an absence covers them (and come back when the RDV is cancelled),
// organisation scoping, and French 4xx answers on bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createOrganisation } from "../../support/factories.ts";
import { bookWithAgent1, type CreneauxTeam, call, creneauxTeam, parisIso } from "./creneaux-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

function creneauxPath(team: CreneauxTeam, query: Record<string, string> = {}) {
  const params = new URLSearchParams({
    motifId: team.organisation.motif.id,
    from: team.monday,
    to: team.monday,
    ...query,
  });
  return `/organisations/${team.organisation.id}/creneaux?${params}`;
}

/** "HH:MM agent" of each créneau of agent1 or agent2, in order. */
async function startsOf(team: CreneauxTeam, query: Record<string, string> = {}, token = team.tokens.secretary) {
  const answer = await call(app.url, token, "GET", creneauxPath(team, query));
  expect(answer.status).toBe(200);
  const body = answer.body;
  const creneaux = typeof body === "object" && body !== null ? Reflect.get(body, "creneaux") : undefined;
  if (!Array.isArray(creneaux)) throw new Error("no créneaux in the answer");
  const names = new Map([
    [team.agent1.id, "agent1"],
    [team.agent2.id, "agent2"],
  ]);
  return creneaux.map(
    (c: { startsAt: string; agentId: string }) => `${c.startsAt.slice(11, 16)} ${names.get(c.agentId)}`,
  );
}

describe("GET /api/v1/organisations/:organisationId/creneaux", () => {
  it("lists the free créneaux of every agent, in order, with the documented fields", async () => {
    const team = await creneauxTeam(app.url);
    const answer = await call(app.url, team.tokens.secretary, "GET", creneauxPath(team));
    expect(answer.status).toBe(200);
    const first = { startsAt: parisIso(team.monday, "09:00"), durationInMin: 30, lieuId: team.organisation.lieu.id };
    const [agentA, agentB] = [team.agent1, team.agent2].sort((a, b) => (a.id < b.id ? -1 : 1));
    if (!agentA || !agentB) throw new Error("two agents expected");
    const creneaux =
      typeof answer.body === "object" && answer.body !== null ? Reflect.get(answer.body, "creneaux") : [];
    expect(creneaux).toHaveLength(8);
    expect(creneaux.slice(0, 2)).toEqual([
      { ...first, agentId: agentA.id, agentName: `${agentA.firstName} ${agentA.lastName}` },
      { ...first, agentId: agentB.id, agentName: `${agentB.firstName} ${agentB.lastName}` },
    ]);
    // The offset is the organisation's, e.g. 2027-03-29T09:00:00+02:00.
    expect(first.startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T09:00:00\+0[12]:00$/);
    expect(await startsOf(team, { agentId: team.agent1.id })).toEqual([
      "09:00 agent1",
      "09:30 agent1",
      "10:00 agent1",
      "10:30 agent1",
    ]);
  });

  it("drops a créneau once an RDV is booked on it, and gives it back when the RDV is cancelled", async () => {
    const team = await creneauxTeam(app.url);
    const rdvId = await bookWithAgent1(app.url, team, "09:30");
    expect(await startsOf(team, { agentId: team.agent1.id })).toEqual(["09:00 agent1", "10:00 agent1", "10:30 agent1"]);
    // Agent2 is untouched.
    expect(await startsOf(team, { agentId: team.agent2.id })).toHaveLength(4);
    const cancelled = await call(app.url, team.tokens.secretary, "POST", `/rdvs/${rdvId}/status`, {
      status: "excused",
    });
    expect(cancelled.status).toBe(200);
    expect(await startsOf(team, { agentId: team.agent1.id })).toHaveLength(4);
  });

  it("drops the créneaux an absence covers, even partly", async () => {
    const team = await creneauxTeam(app.url);
    const absence = await call(app.url, team.tokens.agent1, "POST", "/absences", {
      organisationId: team.organisation.id,
      title: "Réunion",
      firstDay: team.monday,
      startTime: "09:45",
      endDay: team.monday,
      endTime: "10:15",
      recurrence: null,
    });
    expect(absence.status).toBe(201);
    expect(await startsOf(team, { agentId: team.agent1.id })).toEqual(["09:00 agent1", "10:30 agent1"]);
  });

  it("counts the agent's RDVs and absences in its other organisations too", async () => {
    const team = await creneauxTeam(app.url);
    const db = testDb();
    const elsewhere = await createOrganisation(db);
    await db.agentRole.create({ data: { agentId: team.agent1.id, organisationId: elsewhere.id, level: "agent" } });
    await db.rdv.create({
      data: {
        organisationId: elsewhere.id,
        motifId: elsewhere.motif.id,
        startsAt: new Date(parisIso(team.monday, "09:00")),
        durationInMin: 30,
        uid: `rdv-${elsewhere.id}@rdv-agents.fr`,
        agents: { create: { agentId: team.agent1.id } },
      },
    });
    await db.absence.create({
      data: {
        organisationId: elsewhere.id,
        agentId: team.agent1.id,
        title: "Formation",
        firstDay: new Date(`${team.monday}T00:00:00Z`),
        startTime: "10:30",
        endDay: new Date(`${team.monday}T00:00:00Z`),
        endTime: "11:00",
        uid: `absence-${elsewhere.id}@rdv-agents.fr`,
      },
    });
    expect(await startsOf(team, { agentId: team.agent1.id })).toEqual(["09:30 agent1", "10:00 agent1"]);
  });

  it("holds an agent to its own créneaux, and lets the secretariat filter by agent and lieu", async () => {
    const team = await creneauxTeam(app.url);
    expect(await startsOf(team, {}, team.tokens.agent1)).toEqual([
      "09:00 agent1",
      "09:30 agent1",
      "10:00 agent1",
      "10:30 agent1",
    ]);
    const colleague = await call(app.url, team.tokens.agent1, "GET", creneauxPath(team, { agentId: team.agent2.id }));
    expect(colleague).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect(await startsOf(team, { agentId: team.agent2.id })).toHaveLength(4);
    expect(await startsOf(team, { lieuId: team.organisation.lieu.id })).toHaveLength(8);
  });

  it("answers 404 for another organisation, and 422 for its motif, lieu or agent", async () => {
    const team = await creneauxTeam(app.url);
    const other = await creneauxTeam(app.url);
    const elsewhere = await call(
      app.url,
      team.tokens.secretary,
      "GET",
      `/organisations/${other.organisation.id}/creneaux?motifId=${other.organisation.motif.id}`,
    );
    expect(elsewhere).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    const unknown = await call(app.url, team.tokens.secretary, "GET", "/organisations/nope/creneaux?motifId=x");
    expect(unknown.status).toBe(404);

    const stranger = await createOrganisation(testDb());
    for (const [query, field] of [
      [{ motifId: other.organisation.motif.id }, "motifId"],
      [{ motifId: stranger.motif.id }, "motifId"],
      [{ lieuId: other.organisation.lieu.id }, "lieuId"],
      [{ agentId: other.agent1.id }, "agentId"],
    ] as const) {
      const answer = await call(app.url, team.tokens.secretary, "GET", creneauxPath(team, query));
      expect(answer, field).toMatchObject({
        status: 422,
        body: { error: { code: "invalid", fields: { [field]: expect.any(String) } } },
      });
    }
  });

  it("refuses a missing motif, bad dates and too long a period in French, and a call without token", async () => {
    const team = await creneauxTeam(app.url);
    const base = `/organisations/${team.organisation.id}/creneaux`;
    const cases: [string, Record<string, string>][] = [
      [`${base}`, { motifId: "Choisissez un motif." }],
      [
        `${base}?motifId=${team.organisation.motif.id}&from=2027-02-30`,
        { from: "La date doit être une date valide (AAAA-MM-JJ)." },
      ],
      [
        `${base}?motifId=${team.organisation.motif.id}&from=demain`,
        { from: "La date doit être une date valide (AAAA-MM-JJ)." },
      ],
      [
        `${base}?motifId=${team.organisation.motif.id}&from=2027-03-10&to=2027-03-09`,
        { to: "La fin doit être le même jour que le début ou après." },
      ],
      [
        `${base}?motifId=${team.organisation.motif.id}&from=2027-03-01&to=2027-05-02`,
        { to: "La période ne peut pas dépasser 62 jours." },
      ],
      [
        `${base}?motifId=${team.organisation.motif.id}&from=2027-03-01&from=2027-03-02`,
        { from: "Le début doit être une date (AAAA-MM-JJ)." },
      ],
    ];
    for (const [path, fields] of cases) {
      const answer = await call(app.url, team.tokens.secretary, "GET", path);
      expect(answer, path).toMatchObject({ status: 422, body: { error: { code: "invalid", fields } } });
    }
    const anonymous = await fetch(`${app.url}/api/v1${base}?motifId=${team.organisation.motif.id}`);
    expect(anonymous.status).toBe(401);
  });

  it("lists nothing before the minimum delay nor after the maximum one", async () => {
    const team = await creneauxTeam(app.url);
    // The Monday is 15 to 21 days ahead: past a two-week maximum, and before a 30-day minimum.
    await testDb().organisation.update({
      where: { id: team.organisation.id },
      data: { bookingMaxDelayMinutes: 14 * 24 * 60 },
    });
    expect(await startsOf(team)).toEqual([]);
    await testDb().organisation.update({
      where: { id: team.organisation.id },
      data: { bookingMaxDelayMinutes: 60480, bookingMinDelayMinutes: 30 * 24 * 60 },
    });
    expect(await startsOf(team)).toEqual([]);
    await testDb().organisation.update({ where: { id: team.organisation.id }, data: { bookingMinDelayMinutes: 120 } });
    expect(await startsOf(team)).toHaveLength(8);
  });
});
