import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";
import { testDb } from "../support/db.ts";
import { createAgent, createOrganisation, createTeam, TEST_PASSWORD } from "../support/factories.ts";
import { WebClient } from "../support/http.ts";

describe("sign-in", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("lets an agent in with the right password and shows the agenda", async () => {
    const { agent1 } = await createTeam(testDb());
    const client = new WebClient(app.url);
    const response = await client.signIn(agent1.email, TEST_PASSWORD);
    expect(response.status).toBe(302);
    expect(response.location).toBe("/agenda");
    expect(client.hasCookie("rdv_session")).toBe(true);
    const agenda = await client.get("/agenda");
    expect(agenda.status).toBe(200);
    expect(agenda.html).toContain('<h1 class="h2">Agenda</h1>');
    const stored = await testDb().agent.findUniqueOrThrow({ where: { id: agent1.id } });
    expect(stored.lastSignInAt).not.toBeNull();
  });

  it("refuses a wrong password with a French message, HTTP 422 and no session", async () => {
    const { agent1 } = await createTeam(testDb());
    const client = new WebClient(app.url);
    const response = await client.signIn(agent1.email, "pas-le-bon");
    expect(response.status).toBe(422);
    expect(response.html).toContain("Email ou mot de passe incorrect.");
    expect(response.html).toContain(`value="${agent1.email}"`);
    expect(client.hasCookie("rdv_session")).toBe(false);
    expect(await testDb().session.count({ where: { agentId: agent1.id } })).toBe(0);
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const client = new WebClient(app.url);
    const response = await client.signIn("personne@nulle-part.fr", "x");
    expect(response.status).toBe(422);
    expect(response.html).toContain("Email ou mot de passe incorrect.");
  });

  it("explains a missing or malformed email next to the field", async () => {
    const client = new WebClient(app.url);
    const response = await client.signIn("pas-un-email", "x");
    expect(response.status).toBe(422);
    expect(response.html).toContain("Saisissez une adresse email valide.");
  });

  it("refuses a form posted without its CSRF token", async () => {
    const { agent1 } = await createTeam(testDb());
    const client = new WebClient(app.url);
    await client.get("/connexion");
    const response = await client.post("/connexion", { _csrf: "forged", email: agent1.email, password: TEST_PASSWORD });
    expect(response.status).toBe(403);
    expect(client.hasCookie("rdv_session")).toBe(false);
  });

  it("slows down guessing: after 10 failures the form answers 429 even with the right password", async () => {
    const { agent1 } = await createTeam(testDb());
    const client = new WebClient(app.url);
    for (let i = 0; i < 10; i++) expect((await client.signIn(agent1.email, `essai-${i}`)).status).toBe(422);
    const blocked = await client.signIn(agent1.email, TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.html).toContain("Trop de tentatives de connexion");
  });

  it("signs out: the session is gone and pages redirect to the sign-in form", async () => {
    const { agent1 } = await createTeam(testDb());
    const client = new WebClient(app.url);
    await client.signIn(agent1.email, TEST_PASSWORD);
    await client.get("/agenda");
    const out = await client.post("/deconnexion", {});
    expect(out.location).toBe("/connexion");
    expect(await testDb().session.count({ where: { agentId: agent1.id } })).toBe(0);
    const again = await client.get("/agenda");
    expect(again.status).toBe(302);
    expect(again.location).toBe("/connexion?retour=%2Fagenda");
  });

  it("goes back to the page asked for before sign-in, never to another site", async () => {
    const { agent1 } = await createTeam(testDb());
    const client = new WebClient(app.url);
    await client.get("/connexion?retour=//evil.example.org");
    const response = await client.post("/connexion", {
      email: agent1.email,
      password: TEST_PASSWORD,
      retour: "//evil.example.org",
    });
    expect(response.location).toBe("/agenda");
  });
});

describe("organisations in the header", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("lists only the agent's organisations and ignores a switch to another one", async () => {
    const db = testDb();
    const mine = await createOrganisation(db, { name: "Mon CCAS" });
    const second = await createOrganisation(db, { name: "Ma MFS" });
    const foreign = await createOrganisation(db, { name: "Pas la mienne" });
    const agent = await createAgent(db, { organisationId: mine.id });
    await db.agentRole.create({ data: { agentId: agent.id, organisationId: second.id, level: "agent" } });
    const client = new WebClient(app.url);
    await client.signIn(agent.email, TEST_PASSWORD);
    const page = await client.get("/agenda");
    expect(page.html).toContain("Mon CCAS");
    expect(page.html).toContain("Ma MFS");
    expect(page.html).not.toContain("Pas la mienne");
    await client.post("/organisation-courante", { organisationId: foreign.id });
    const session = await db.session.findFirstOrThrow({ where: { agentId: agent.id } });
    expect(session.currentOrganisationId).toBe(mine.id);
    await client.post("/organisation-courante", { organisationId: second.id });
    const switched = await db.session.findFirstOrThrow({ where: { agentId: agent.id } });
    expect(switched.currentOrganisationId).toBe(second.id);
  });
});

describe("error pages", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("answers an unknown page with a French 404 page", async () => {
    const page = await new WebClient(app.url).get("/nulle-part");
    expect(page.status).toBe(404);
    expect(page.html).toContain("Page introuvable");
  });

  it("sends security headers", async () => {
    const response = await fetch(`${app.url}/connexion`);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });
});
