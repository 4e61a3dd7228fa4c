// « Mon compte › Préférences de notifications » and GET/PATCH /api/v1/me/preferences.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, apiError } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, TEST_PASSWORD } from "../../support/factories.ts";
import { WebClient } from "../../support/http.ts";

const db = testDb();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const levelsOf = (agentId: string) =>
  db.agent.findUniqueOrThrow({
    where: { id: agentId },
    select: { rdvNotificationsLevel: true, plageOuvertureNotificationLevel: true, absenceNotificationLevel: true },
  });

describe("the preferences page", () => {
  it("shows the documented choices, with the defaults checked", async () => {
    const { agent1 } = await createTeam(db);
    const client = new WebClient(app.url);
    await client.signIn(agent1.email, TEST_PASSWORD);
    const page = await client.get("/mon-compte/preferences");
    expect(page.status).toBe(200);
    for (const label of [
      "À chaque modification",
      "Uniquement les modifications faites par un usager (ou par un autre agent)",
      "Uniquement les modifications (faites par un usager ou un autre agent) moins de 24 heures à l&#39;avance",
      "Jamais",
      "Enregistrer",
    ]) {
      expect(page.html).toContain(label);
    }
    expect(page.html).toMatch(/id="rdvNotificationsLevel-soon"\s+value="soon" checked/);
    expect(page.html).toMatch(/id="plageOuvertureNotificationLevel-all"\s+value="all" checked/);
    expect(page.html).toMatch(/id="absenceNotificationLevel-all"\s+value="all" checked/);
  });

  it("saves the three choices and says so", async () => {
    const { agent1 } = await createTeam(db);
    const client = new WebClient(app.url);
    await client.signIn(agent1.email, TEST_PASSWORD);
    await client.get("/mon-compte/preferences");
    const saved = await client.post("/mon-compte/preferences", {
      rdvNotificationsLevel: "none",
      plageOuvertureNotificationLevel: "none",
      absenceNotificationLevel: "all",
    });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe("/mon-compte/preferences");
    const page = await client.get("/mon-compte/preferences");
    expect(page.html).toContain("Préférences de notifications mises à jour.");
    expect(page.html).toMatch(/id="rdvNotificationsLevel-none"\s+value="none" checked/);
    expect(await levelsOf(agent1.id)).toEqual({
      rdvNotificationsLevel: "none",
      plageOuvertureNotificationLevel: "none",
      absenceNotificationLevel: "all",
    });
  });

  it("refuses an unknown level with a message next to the choice, changing nothing", async () => {
    const { agent1 } = await createTeam(db);
    const client = new WebClient(app.url);
    await client.signIn(agent1.email, TEST_PASSWORD);
    await client.get("/mon-compte/preferences");
    const refused = await client.post("/mon-compte/preferences", {
      rdvNotificationsLevel: "sometimes",
      plageOuvertureNotificationLevel: "all",
      absenceNotificationLevel: "all",
    });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('id="erreur-rdvNotificationsLevel"');
    expect((await levelsOf(agent1.id)).rdvNotificationsLevel).toBe("soon");
  });

  it("is for signed-in agents only", async () => {
    const page = await new WebClient(app.url).get("/mon-compte/preferences");
    expect(page.status).toBe(302);
    expect(page.location).toMatch(/^\/connexion/);
  });
});

describe("GET/PATCH /api/v1/me/preferences", () => {
  /** PATCH or GET /api/v1/me/preferences with a token of the agent with this email. */
  async function api(email: string) {
    const client = await apiClient(app.url, email);
    return async (method: string, body?: unknown) => {
      const answer = await client.call(method, "/me/preferences", body);
      return { status: answer.status, body: answer.body };
    };
  }

  it("reads and changes the token's agent's levels, any of them at a time", async () => {
    const { agent1, agent2 } = await createTeam(db);
    const call = await api(agent1.email);
    expect(await call("GET")).toEqual({
      status: 200,
      body: { rdvNotificationsLevel: "soon", plageOuvertureNotificationLevel: "all", absenceNotificationLevel: "all" },
    });
    expect(await call("PATCH", { rdvNotificationsLevel: "others" })).toEqual({
      status: 200,
      body: {
        rdvNotificationsLevel: "others",
        plageOuvertureNotificationLevel: "all",
        absenceNotificationLevel: "all",
      },
    });
    expect(await call("PATCH", { plageOuvertureNotificationLevel: "none", absenceNotificationLevel: "none" })).toEqual({
      status: 200,
      body: {
        rdvNotificationsLevel: "others",
        plageOuvertureNotificationLevel: "none",
        absenceNotificationLevel: "none",
      },
    });
    expect((await levelsOf(agent2.id)).rdvNotificationsLevel).toBe("soon");
  });

  it.each([
    ["an unknown RDV level", { rdvNotificationsLevel: "sometimes" }, "rdvNotificationsLevel"],
    ["a level of RDVs for plages", { plageOuvertureNotificationLevel: "soon" }, "plageOuvertureNotificationLevel"],
    ["a level that is not a string", { absenceNotificationLevel: 1 }, "absenceNotificationLevel"],
    ["an unknown field", { rdvNotificationsLevel: "all", email: "x@example.org" }, "_"],
    ["another agent's field", { agentId: "someone-else" }, "_"],
    ["a body that is not an object", ["all"], "_"],
  ])("refuses %s with a 422, changing nothing", async (_name, body, field) => {
    const { agent1 } = await createTeam(db);
    const call = await api(agent1.email);
    const answer = await call("PATCH", body);
    expect(answer.status).toBe(422);
    expect(apiError(answer.body).code).toBe("invalid");
    expect(Object.keys(apiError(answer.body).fields ?? {})).toContain(field);
    expect(await levelsOf(agent1.id)).toEqual({
      rdvNotificationsLevel: "soon",
      plageOuvertureNotificationLevel: "all",
      absenceNotificationLevel: "all",
    });
  });

  it("needs a token", async () => {
    const response = await fetch(`${app.url}/api/v1/me/preferences`);
    expect(response.status).toBe(401);
  });
});
