import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam } from "../../support/factories.ts";
import { signedInClient } from "../../support/http.ts";

describe("« Mon compte › Jetons d'API »", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const signedIn = (email: string) => signedInClient(app.url, email);

  const me = (token: string) => fetch(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  const newToken = (html: string) => /id="nouveau-jeton" type="text" readonly value="([^"]+)"/.exec(html)?.[1];

  it("creates a token from the page, shows its secret once, and the secret works on the API", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const client = await signedIn(agent1.email);
    const empty = await client.get("/mon-compte/jetons");
    expect(empty.status).toBe(200);
    expect(empty.html).toContain("Vous n'avez encore créé aucun jeton.");

    const created = await client.post("/mon-compte/jetons", { name: "Export mensuel" });
    expect(created.status).toBe(201);
    expect(created.html).toContain("Copiez-le maintenant&nbsp;: il ne sera plus jamais affiché.");
    const token = newToken(created.html);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    if (!token) return;
    const stored = await db.apiToken.findFirstOrThrow({ where: { agentId: agent1.id } });
    expect(stored.name).toBe("Export mensuel");
    expect(stored.tokenHash).not.toContain(token);

    const response = await me(token);
    expect(response.status).toBe(200);
    expect((await response.json()).agent.id).toBe(agent1.id);

    const later = await client.get("/mon-compte/jetons");
    expect(later.html).not.toContain(token);
    expect(later.html).toContain("Export mensuel");
    expect(later.html).toContain("Actif");
    expect(later.html).not.toMatch(/<td>Jamais<\/td>/);
  });

  it("asks for a name, next to the field, with HTTP 422 and nothing created", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const client = await signedIn(agent1.email);
    await client.get("/mon-compte/jetons");
    const blank = await client.post("/mon-compte/jetons", { name: "   " });
    expect(blank.status).toBe(422);
    expect(blank.html).toContain("Donnez un nom à ce jeton.");
    expect(blank.html).toContain('aria-invalid="true"');
    const long = await client.post("/mon-compte/jetons", { name: "x".repeat(101) });
    expect(long.status).toBe(422);
    expect(long.html).toContain("100 caractères au plus.");
    expect(long.html).toContain(`value="${"x".repeat(101)}"`);
    expect(newToken(long.html)).toBeUndefined();
    expect(await db.apiToken.count({ where: { agentId: agent1.id } })).toBe(0);
  });

  it("revokes a token: the page says so and the API refuses it", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const client = await signedIn(agent1.email);
    await client.get("/mon-compte/jetons");
    const token = newToken((await client.post("/mon-compte/jetons", { name: "Script" })).html);
    if (!token) throw new Error("no token on the page");
    const { id } = await db.apiToken.findFirstOrThrow({ where: { agentId: agent1.id }, select: { id: true } });
    const revoked = await client.post(`/mon-compte/jetons/${id}/revoquer`, {});
    expect(revoked.status).toBe(302);
    expect(revoked.location).toBe("/mon-compte/jetons");
    const page = await client.get("/mon-compte/jetons");
    expect(page.html).toContain("Le jeton a été révoqué");
    expect(page.html).toMatch(/Révoqué le \d/);
    expect(page.html).not.toContain(`/mon-compte/jetons/${id}/revoquer`);
    expect((await me(token)).status).toBe(401);
  });

  it("cannot revoke another agent's token (404) nor revoke without the CSRF token (403)", async () => {
    const db = testDb();
    const { agent1, agent2 } = await createTeam(db);
    const owner = await signedIn(agent1.email);
    await owner.get("/mon-compte/jetons");
    const token = newToken((await owner.post("/mon-compte/jetons", { name: "Le mien" })).html);
    if (!token) throw new Error("no token on the page");
    const { id } = await db.apiToken.findFirstOrThrow({ where: { agentId: agent1.id }, select: { id: true } });

    const intruder = await signedIn(agent2.email);
    await intruder.get("/mon-compte/jetons");
    expect((await intruder.post(`/mon-compte/jetons/${id}/revoquer`, {})).status).toBe(404);
    expect((await owner.post(`/mon-compte/jetons/${id}/revoquer`, { _csrf: "forged" })).status).toBe(403);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
    expect((await me(token)).status).toBe(200);
  });

  it("lists only the agent's own tokens", async () => {
    const db = testDb();
    const { agent1, agent2 } = await createTeam(db);
    const other = await signedIn(agent2.email);
    await other.get("/mon-compte/jetons");
    await other.post("/mon-compte/jetons", { name: "Jeton de Chloé" });
    const client = await signedIn(agent1.email);
    const page = await client.get("/mon-compte/jetons");
    expect(page.html).not.toContain("Jeton de Chloé");
  });

  it("is reached from « Mon compte » and only when signed in", async () => {
    const response = await fetch(`${app.url}/mon-compte/jetons`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("/connexion");
  });
});
