// « At least one admin per organisation » under concurrent requests: two admins who demote (or remove) each other,
// or themselves, at the same moment. Before the organisation's memberships were locked, both requests counted two
// admins and both went through, leaving none.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LAST_ADMIN_MESSAGE } from "../../../src/domain/agents/change-agent-role.ts";
import { apiToken } from "../../support/api.ts";
import { testDb } from "../../support/db.ts";
import { createAgent, createOrganisation } from "../../support/factories.ts";
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

  /** Run `race` TRIES times on a new organisation with two admins; each time exactly one request wins. */
  async function runRace(race: Race) {
    const outcomes: string[] = [];
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
      outcomes.push(`admins=${admins} ${JSON.stringify(countStatuses(answers))}`);
      expect(admins, `try ${i + 1}`).toBe(1);
      expect(countStatuses(answers), `try ${i + 1}`).toEqual({ 200: 1, 409: 1 });
      expect(answers.map(errorMessage).filter((m) => m !== null)).toEqual([LAST_ADMIN_MESSAGE]);
    }
    expect(outcomes).toHaveLength(TRIES);
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
