import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorForApiToken } from "../../../src/domain/auth/api-tokens.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createOrganisation, createTeam, TEST_PASSWORD } from "../../support/factories.ts";
import { WebClient } from "../../support/http.ts";

describe("GET /api/v1/me and bearer tokens", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  async function issueToken(email: string, password = TEST_PASSWORD): Promise<Response> {
    return fetch(`${app.url}/api/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password, name: "Tests" }),
    });
  }

  async function tokenFor(email: string): Promise<string> {
    const response = await issueToken(email);
    expect(response.status).toBe(201);
    const body: { token: string } = await response.json();
    return body.token;
  }

  const me = (headers: Record<string, string> = {}) => fetch(`${app.url}/api/v1/me`, { headers });

  it("describes the token's agent and its role in each of its organisations", async () => {
    const db = testDb();
    const { organisation, agent1 } = await createTeam(db);
    const second = await createOrganisation(db, { timezone: "America/Guadeloupe" });
    await db.agentRole.create({ data: { agentId: agent1.id, organisationId: second.id, level: "admin" } });
    const token = await tokenFor(agent1.email);
    const response = await me({ authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = await response.json();
    expect(body).toEqual({
      agent: { id: agent1.id, email: agent1.email, firstName: agent1.firstName, lastName: agent1.lastName },
      organisations: expect.arrayContaining([
        { id: organisation.id, name: organisation.name, timezone: "Europe/Paris", role: "agent" },
        { id: second.id, name: second.name, timezone: "America/Guadeloupe", role: "admin" },
      ]),
    });
    expect(body.organisations).toHaveLength(2);
    const names = body.organisations.map((o: { name: string }) => o.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(JSON.stringify(body)).not.toContain("passwordHash");
  });

  it("records when a token was last used", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const token = await tokenFor(agent1.email);
    const before = new Date();
    expect((await me({ authorization: `Bearer ${token}` })).status).toBe(200);
    const stored = await db.apiToken.findFirstOrThrow({ where: { agentId: agent1.id } });
    expect(stored.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it("writes lastUsedAt at most once a minute, so that a token's requests do not queue on its row", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const token = await tokenFor(agent1.email);
    const t0 = new Date("2031-01-06T09:00:00.000Z");
    const lastUsedAt = async () =>
      (await db.apiToken.findFirstOrThrow({ where: { agentId: agent1.id } })).lastUsedAt?.toISOString();
    expect((await actorForApiToken(db, token, t0))?.agentId).toBe(agent1.id);
    expect(await lastUsedAt()).toBe(t0.toISOString());
    const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    expect((await actorForApiToken(db, token, later(59)))?.agentId).toBe(agent1.id);
    expect(await lastUsedAt()).toBe(t0.toISOString());
    expect((await actorForApiToken(db, token, later(61)))?.agentId).toBe(agent1.id);
    expect(await lastUsedAt()).toBe(later(61).toISOString());
  });

  it("refuses a call without a token, with a malformed header or with an unknown token: 401 in JSON", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Basic dXNlcjpwYXNz" },
      { authorization: "Bearer" },
      { authorization: "Bearer inconnu" },
    ];
    for (const headers of attempts) {
      const response = await me(headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect(await response.json()).toEqual({
        error: { code: "unauthorized", message: "Jeton d'API manquant, invalide ou révoqué." },
      });
    }
  });

  it("refuses a revoked token", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const token = await tokenFor(agent1.email);
    expect((await me({ authorization: `Bearer ${token}` })).status).toBe(200);
    await db.apiToken.updateMany({ where: { agentId: agent1.id }, data: { revokedAt: new Date() } });
    const response = await me({ authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
  });

  it("refuses a browser session cookie on the API, even a valid one", async () => {
    const { agent1 } = await createTeam(testDb());
    const client = new WebClient(app.url);
    await client.signIn(agent1.email, TEST_PASSWORD);
    expect((await client.get("/agenda")).status).toBe(200);
    // The WebClient sends its cookies (the live session) and asks for HTML, as a browser would.
    const page = await client.get("/api/v1/me");
    expect(page.status).toBe(401);
    expect(JSON.parse(page.html)).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("shares the sign-in form's limit on failed attempts: 429 even with the right password once it is reached", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    expect((await issueToken(agent1.email, "mauvais")).status).toBe(422);
    const key = `email:${agent1.email}`;
    expect((await db.signInLimit.findUniqueOrThrow({ where: { key } })).attempts).toHaveLength(1);
    // Nine more failures, as if typed in the sign-in form (the same table, the same key).
    const nine = Array.from({ length: 9 }, () => new Date());
    await db.signInLimit.update({ where: { key }, data: { attempts: { push: nine } } });
    const blocked = await issueToken(agent1.email);
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toEqual({
      error: { code: "rate_limited", message: "Trop de tentatives de connexion. Réessayez dans quelques minutes." },
    });
    expect(await db.apiToken.count({ where: { agentId: agent1.id } })).toBe(0);
  });

  it("refuses wrong credentials when issuing a token, in JSON and without saying which part was wrong", async () => {
    const { agent1 } = await createTeam(testDb());
    for (const response of [await issueToken(agent1.email, "mauvais"), await issueToken("personne@example.org")]) {
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({
        error: { code: "invalid", message: "Email ou mot de passe incorrect." },
      });
    }
  });
});
