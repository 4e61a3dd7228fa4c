import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam } from "../../support/factories.ts";
import { signedInClient, WebClient } from "../../support/http.ts";

const PAGES = [
  { path: "/accessibilite", heading: "Déclaration d'accessibilité" },
  { path: "/mentions-legales", heading: "Mentions légales" },
  { path: "/donnees-personnelles", heading: "Données personnelles" },
];

describe("accessibility statement, legal notice and personal-data pages", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("are linked from the footer of every page, even before sign-in", async () => {
    const page = await new WebClient(app.url).get("/connexion");
    for (const { path } of PAGES) expect(page.html).toContain(`href="${path}"`);
    expect(page.html).toMatch(/<a href="\/accessibilite">Accessibilité&nbsp;: partiellement conforme<\/a>/);
  });

  it("answer 200 to visitors, with placeholders where the organisation is unknown", async () => {
    const client = new WebClient(app.url);
    for (const { path, heading } of PAGES) {
      const page = await client.get(path);
      expect(page.status, path).toBe(200);
      expect(page.html).toContain(heading);
      expect(page.html).toContain("[Nom de l&#39;organisme]");
    }
  });

  it("name the signed-in agent's organisation, escaped", async () => {
    const team = await createTeam(testDb());
    const client = await signedInClient(app.url, team.agent1.email);
    const page = await client.get("/mentions-legales");
    expect(page.status).toBe(200);
    expect(page.html).toContain(team.organisation.name);
    expect(page.html).not.toContain("[Nom de l&#39;organisme]");
  });
});
