// Class 3 of the hostile-input review: the `retour` of the sign-in page is a path of this site, whatever trick the
// link uses; browsers read a backslash as a slash and drop tabs and line breaks before resolving a Location.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, TEST_PASSWORD } from "../../support/factories.ts";
import { WebClient } from "../../support/http.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** Known open-redirect bypasses (OWASP, PortSwigger and the payload lists of redirect scanners). */
const BYPASSES = [
  "/%5Cevil.example",
  "/%5cevil.example",
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "//evil.example",
  "///evil.example",
  "////evil.example/%2e%2e",
  "/%2F%2Fevil.example",
  "/%2f/evil.example",
  "/%5C%5Cevil.example",
  "/.//evil.example",
  "/./\\evil.example",
  "https:evil.example",
  "https://evil.example",
  "http:/evil.example",
  "javascript:alert(1)",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/ /evil.example".replace(" ", "\u000b"),
  "evil.example",
  "%2F%2Fevil.example",
  "/%09/evil.example".replace("%09", "\t"),
];

/** Whether a browser following this Location from the app stays on the app. */
function staysOnSite(location: string): boolean {
  const base = new URL("https://rdv.example.fr/connexion");
  const cleaned = location.replace(/[\t\n\r]/g, "").replaceAll("\\", "/");
  return new URL(cleaned, base).origin === base.origin && !/^\/\//.test(cleaned);
}

describe("return path after sign-in", () => {
  it("sends every known bypass back to the agenda, from the link and from the form", async () => {
    const { agent1 } = await createTeam(testDb());
    for (const retour of BYPASSES) {
      const client = new WebClient(app.url);
      const page = await client.get(`/connexion?retour=${encodeURIComponent(retour)}`);
      expect(page.status, retour).toBe(200);
      expect(page.html, retour).toContain('name="retour" value="/agenda"');
      const response = await client.post("/connexion", { email: agent1.email, password: TEST_PASSWORD, retour });
      expect(response.status, retour).toBe(302);
      expect(response.location, retour).toBe("/agenda");
    }
  });

  it("keeps a path of the site, with its query, normalised", async () => {
    const { agent1 } = await createTeam(testDb());
    const cases: Array<[string, string]> = [
      ["/agenda?date=2027-03-31&vue=semaine", "/agenda?date=2027-03-31&vue=semaine"],
      ["/rdvs/abc", "/rdvs/abc"],
      ["/admin/usagers?q=%C3%A9l%C3%A9onore", "/admin/usagers?q=%C3%A9l%C3%A9onore"],
      ["/plages/../rdvs", "/rdvs"],
    ];
    for (const [retour, expected] of cases) {
      const client = new WebClient(app.url);
      await client.get("/connexion");
      const response = await client.post("/connexion", { email: agent1.email, password: TEST_PASSWORD, retour });
      expect(response.location, retour).toBe(expected);
      expect(staysOnSite(response.location ?? "")).toBe(true);
    }
  });

  it("takes the page asked for before sign-in as return path", async () => {
    const { agent1 } = await createTeam(testDb());
    const client = new WebClient(app.url);
    const asked = await client.get("/agenda?date=2027-03-31");
    expect(asked.location).toBe(`/connexion?retour=${encodeURIComponent("/agenda?date=2027-03-31")}`);
    await client.get(asked.location ?? "");
    const response = await client.post("/connexion", {
      email: agent1.email,
      password: TEST_PASSWORD,
      retour: "/agenda?date=2027-03-31",
    });
    expect(response.location).toBe("/agenda?date=2027-03-31");
  });
});
