// « At least one admin per organisation » under concurrent requests: two admins who demote (or remove) each other,
// or themselves, at the same moment. Before the organisation's memberships were locked, both requests counted two
// admins and both went through, leaving none.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LAST_ADMIN_MESSAGE } from "../../../src/domain/agents/change-agent-role.ts";
import { apiToken } from "../../support/api.ts";
import { testDb } from "../../support/db.ts";
import { createAgent, createOrganisation, createTeam } from "../../support/factories.ts";
import {
  countStatuses,
  errorMessage,
  type JsonAnswer,
  type RaceApp,
  sendJson,
  startRaceApp,
  TRIES,
} from "./support.ts";

type Admin = { id: string; token: string };
type Race = (url: string, first: Admin, second: Admin) => [Promise<JsonAnswer>, Promise<JsonAnswer>];

/** A role change through the API (`url` names the agent), as `admin`. */
function setRole(url: string, admin: Admin, role: string): Promise<JsonAnswer> {
  return sendJson(url, "PATCH", { role }, { authorization: `Bearer ${admin.token}` });
}

// Several sessions changing one organisation at once only exist on a PostgreSQL server (PGlite is one session, so
// the two requests would run one after the other): this runs in the PostgreSQL pass of the suite.
describe.runIf(inject("databaseKind") === "postgresql")("at least one admin per organisation, under races", () => {
  let app: RaceApp;
  beforeAll(async () => {
    app = await startRaceApp(8);
  });
  afterAll(async () => {
    await app?.close();
  });

  /**
   * Run `race` TRIES times on a new organisation with two admins: each time one request wins and one admin stays. The
   * other request gets the 409 when both were under way together; when it was authenticated after the winner
   * committed, its author is no longer an admin (or a member) and gets a 403. Some tries must really overlap.
   */
  async function runRace(race: Race) {
    let overlaps = 0;
    for (let i = 0; i < TRIES; i++) {
      const db = testDb();
      const organisation = await createOrganisation(db);
      const agents = await Promise.all([
        createAgent(db, { organisationId: organisation.id, level: "admin" }),
        createAgent(db, { organisationId: organisation.id, level: "admin" }),
      ]);
      const [first, second] = await Promise.all(
        agents.map(async (agent) => ({ id: agent.id, token: await apiToken(app.url, agent.email) })),
      );
      if (!first || !second) throw new Error("two admins expected");
      const base = `${app.url}/api/v1/organisations/${organisation.id}/agents`;
      const answers = await Promise.all(race(base, first, second));
      const admins = await db.agentRole.count({ where: { organisationId: organisation.id, level: "admin" } });
      expect(admins, `try ${i + 1}`).toBe(1);
      const statuses = countStatuses(answers);
      expect(
        [
          { 200: 1, 409: 1 },
          { 200: 1, 403: 1 },
        ],
        `try ${i + 1}`,
      ).toContainEqual(statuses);
      if (statuses[409]) {
        overlaps++;
        expect(answers.map(errorMessage).filter((m) => m !== null)).toEqual([LAST_ADMIN_MESSAGE]);
      }
    }
    expect(overlaps).toBeGreaterThan(0);
  }

  it("two admins demoting each other at the same moment: one wins, the other gets a 409", async () => {
    await runRace((base, first, second) => [
      setRole(`${base}/${second.id}`, first, "agent"),
      setRole(`${base}/${first.id}`, second, "agent"),
    ]);
  }, 120_000);

  it("two admins demoting themselves at the same moment: one wins, the other gets a 409", async () => {
    await runRace((base, first, second) => [
      setRole(`${base}/${first.id}`, first, "secretary"),
      setRole(`${base}/${second.id}`, second, "agent"),
    ]);
  }, 120_000);

  it("an admin removing the other while that one demotes the first: one wins, the other gets a 409", async () => {
    await runRace((base, first, second) => [
      sendJson(`${base}/${second.id}`, "DELETE", { rdvs: {} }, { authorization: `Bearer ${first.token}` }),
      setRole(`${base}/${first.id}`, second, "agent"),
    ]);
  }, 120_000);
});

// The same rule held by the database itself (trigger AgentRole_keep_an_admin), for any path that writes roles,
// including ones that do not go through the domain actions above: on both databases.
describe("at least one admin per organisation, in the database", () => {
  it("refuses to demote or remove the last admin, or to delete its account, by plain SQL", async () => {
    const db = testDb();
    const { organisation, admin } = await createTeam(db);
    const where = { agentId_organisationId: { agentId: admin.id, organisationId: organisation.id } };
    const lastAdmin = /au moins un administrateur/;
    await expect(db.agentRole.update({ where, data: { level: "agent" } })).rejects.toThrow(lastAdmin);
    await expect(
      db.$executeRaw`DELETE FROM "AgentRole" WHERE "agentId" = ${admin.id} AND "organisationId" = ${organisation.id}`,
    ).rejects.toThrow(lastAdmin);
    await expect(db.agent.delete({ where: { id: admin.id } })).rejects.toThrow(lastAdmin);
    expect((await db.agentRole.findUniqueOrThrow({ where })).level).toBe("admin");
  });

  it("lets an admin go when another one stays, and an organisation be deleted with its admins", async () => {
    const db = testDb();
    const { organisation, admin, agent1 } = await createTeam(db);
    const roleOf = (agentId: string) => ({ agentId_organisationId: { agentId, organisationId: organisation.id } });
    await db.agentRole.update({ where: roleOf(agent1.id), data: { level: "admin" } });
    await db.agentRole.update({ where: roleOf(admin.id), data: { level: "secretary" } });
    await expect(db.agentRole.update({ where: roleOf(agent1.id), data: { level: "agent" } })).rejects.toThrow(
      /au moins un administrateur/,
    );
    await db.organisation.delete({ where: { id: organisation.id } });
    expect(await db.agentRole.count({ where: { organisationId: organisation.id } })).toBe(0);
  });
});
