import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";
import { WebClient } from "../support/http.ts";

// Every page but sign-in, password reset, invitations, the health check and the development email viewer is behind
// sign-in. A forged id does not matter here: the guard answers before any lookup.
const ID = "00000000-0000-4000-8000-000000000000";
const PRIVATE_PAGES = [
  "/agenda",
  "/rdvs",
  "/rdvs/nouveau",
  `/rdvs/${ID}`,
  `/rdvs/${ID}/modifier`,
  "/plages",
  "/plages/nouvelle",
  `/plages/${ID}/modifier`,
  `/plages/${ID}/supprimer`,
  "/absences",
  "/absences/nouvelle",
  `/absences/${ID}/modifier`,
  "/mon-compte",
  "/mon-compte/preferences",
  "/mon-compte/mot-de-passe",
  "/mon-compte/jetons",
  "/admin",
  "/admin/agents",
  "/admin/agents/invitation",
  `/admin/agents/${ID}/retrait`,
  "/admin/lieux",
  "/admin/lieux/nouveau",
  "/admin/motifs",
  "/admin/usagers",
  `/admin/usagers/${ID}`,
  "/admin/organisation",
  "/admin/emails-en-echec",
];
const PRIVATE_FORMS = [
  "/rdvs/nouveau",
  `/rdvs/${ID}/statut`,
  `/rdvs/${ID}/supprimer`,
  "/plages/nouvelle",
  "/absences/nouvelle",
  "/mon-compte/preferences",
  "/mon-compte/jetons",
  "/admin/agents/invitation",
  "/admin/lieux",
  "/admin/organisation",
  "/organisation-courante",
  "/deconnexion",
];

describe("a visitor who is not signed in", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it.each(PRIVATE_PAGES)("is sent to the sign-in form from %s", async (path) => {
    const page = await new WebClient(app.url).get(path);
    expect(page.status).toBe(302);
    expect(page.location).toBe(`/connexion?retour=${encodeURIComponent(path)}`);
  });

  it.each(PRIVATE_FORMS)("cannot post to %s, even with a valid CSRF token", async (path) => {
    const client = new WebClient(app.url);
    await client.get("/connexion");
    const page = await client.post(path, { title: "x" });
    expect(page.status).toBe(302);
    expect(page.location).toBe("/connexion");
  });

  it("gets a JSON 401 from the agenda's events endpoint", async () => {
    const response = await fetch(`${app.url}/agenda/evenements?start=2027-01-04&end=2027-01-11`);
    expect(response.status).toBe(401);
  });
});
