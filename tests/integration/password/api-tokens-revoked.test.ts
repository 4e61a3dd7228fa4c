// A password change or reset revokes every API token of the agent: whoever knew the old password (or held a token
// issued with it) must not keep using the API. The pages say so before confirming, and « Mon compte › Jetons d'API »
// lists the revoked tokens with when and why. Before, a token created before the change kept answering 200.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { issueAgentToken } from "../../../src/domain/auth/agent-tokens.ts";
import { apiToken } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, TEST_PASSWORD } from "../../support/factories.ts";
import { signedInClient, WebClient } from "../../support/http.ts";
import { type RaceApp, sendJson, startRaceApp, TRIES } from "../races/support.ts";

const NEW_PASSWORD = "nouveau mot de passe solide";
const WARNING = "Vos jetons d'API seront révoqués";

async function meStatus(url: string, token: string): Promise<number> {
  return (await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
}

/** The « État » cell of each token row of the page, by token id. */
function tokenStates(html: string): Map<string, string> {
  const rows = html.matchAll(
    /<tr data-token-id="([^"]+)">[\s\S]*?<\/th>\s*<td>[^<]*<\/td>\s*<td>[^<]*<\/td>\s*<td>([^<]*)<\/td>/g,
  );
  return new Map([...rows].map(([, id = "", state = ""]) => [id, state.trim()]));
}

describe("API tokens after a password change or reset", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it("a password change revokes the agent's tokens (the page warns first), and the list says why", async () => {
    const db = testDb();
    const { agent1, agent2 } = await createTeam(db);
    const [first, second, colleagues] = [
      await apiToken(app.url, agent1.email),
      await apiToken(app.url, agent1.email),
      await apiToken(app.url, agent2.email),
    ];
    expect(await meStatus(app.url, first)).toBe(200);

    const client = await signedInClient(app.url, agent1.email);
    const form = await client.get("/mon-compte/mot-de-passe");
    expect(form.html).toContain(WARNING);
    const changed = await client.post("/mon-compte/mot-de-passe", {
      currentPassword: TEST_PASSWORD,
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    });
    expect(changed.location).toBe("/mon-compte");
    expect((await client.get("/mon-compte")).html).toContain("Vos 2 jeton(s) d&#39;API ont été révoqués.");

    expect(await meStatus(app.url, first)).toBe(401);
    expect(await meStatus(app.url, second)).toBe(401);
    expect(await meStatus(app.url, colleagues)).toBe(200);
    const tokens = await db.apiToken.findMany({ where: { agentId: agent1.id }, select: { id: true } });
    const states = tokenStates((await client.get("/mon-compte/jetons")).html);
    expect(tokens.map((token) => states.get(token.id))).toEqual([
      expect.stringMatching(/^Révoqué le .+ par le changement de votre mot de passe$/),
      expect.stringMatching(/^Révoqué le .+ par le changement de votre mot de passe$/),
    ]);

    // A token issued with the new password works; one asked with the old password is refused.
    const fresh = await fetch(`${app.url}/api/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: agent1.email, password: NEW_PASSWORD }),
    });
    expect(fresh.status).toBe(201);
    const body: unknown = await fresh.json();
    const token = typeof body === "object" && body !== null ? Reflect.get(body, "token") : null;
    expect(await meStatus(app.url, String(token))).toBe(200);
    expect(states.size).toBe(2);
  });

  it("a password reset revokes the agent's tokens (the page warns first), and the list says why", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const token = await apiToken(app.url, agent1.email);
    const secret = await db.$transaction((tx) =>
      issueAgentToken(
        tx,
        { kind: "password_reset", agentId: agent1.id, organisationId: null, createdByAgentId: null },
        new Date(),
      ),
    );
    const visitor = new WebClient(app.url);
    expect((await visitor.get(`/mot-de-passe/nouveau/${secret}`)).html).toContain(WARNING);
    const reset = await visitor.post(`/mot-de-passe/nouveau/${secret}`, {
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    });
    expect(reset.status).toBe(200);
    expect(await meStatus(app.url, token)).toBe(401);

    const client = new WebClient(app.url);
    expect((await client.signIn(agent1.email, NEW_PASSWORD)).status).toBe(302);
    const [row] = await db.apiToken.findMany({ where: { agentId: agent1.id }, select: { id: true } });
    expect(tokenStates((await client.get("/mon-compte/jetons")).html).get(row?.id ?? "")).toMatch(
      /^Révoqué le .+ par la réinitialisation de votre mot de passe$/,
    );
  });

  it("a token the agent revokes itself is listed as revoked by it", async () => {
    const { agent1 } = await createTeam(testDb());
    const token = await apiToken(app.url, agent1.email);
    const client = await signedInClient(app.url, agent1.email);
    const [row] = [...tokenStates((await client.get("/mon-compte/jetons")).html).keys()];
    await client.post(`/mon-compte/jetons/${row}/revoquer`, {});
    expect(await meStatus(app.url, token)).toBe(401);
    expect(tokenStates((await client.get("/mon-compte/jetons")).html).get(row ?? "")).toMatch(
      /^Révoqué le .+ par vous$/,
    );
  });
});

// A token asked for with the old password while the password changes: either it is refused, or it is stored before
// the change and revoked by it. Several sessions at once only exist on a PostgreSQL server.
describe.runIf(inject("databaseKind") === "postgresql")("a token issued while the password changes", () => {
  let app: RaceApp;
  beforeAll(async () => {
    app = await startRaceApp(8);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("never outlives the change", async () => {
    for (let i = 0; i < TRIES; i++) {
      const db = testDb();
      const { agent1 } = await createTeam(db);
      const client = await signedInClient(app.url, agent1.email);
      await client.get("/mon-compte/mot-de-passe");
      const [issued, changed] = await Promise.all([
        sendJson(`${app.url}/api/v1/tokens`, "POST", { email: agent1.email, password: TEST_PASSWORD }),
        client.post("/mon-compte/mot-de-passe", {
          currentPassword: TEST_PASSWORD,
          password: NEW_PASSWORD,
          passwordConfirmation: NEW_PASSWORD,
        }),
      ]);
      expect(changed.location, `try ${i + 1}`).toBe("/mon-compte");
      expect([201, 422], `try ${i + 1}`).toContain(issued.status);
      expect(await db.apiToken.count({ where: { agentId: agent1.id, revokedAt: null } }), `try ${i + 1}`).toBe(0);
    }
  }, 300_000);
});
