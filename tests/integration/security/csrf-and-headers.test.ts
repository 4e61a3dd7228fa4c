// Class 7 (part) of the hostile-input review: anonymous forms' CSRF tokens are signed, so a cookie planted equal to
// the field is useless; names that become email headers refuse control characters. Class 8: no page or API answer is
// kept by the browser, and sign-out makes it forget what it cached.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiToken } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser, TEST_PASSWORD } from "../../support/factories.ts";
import { signedInClient } from "../../support/http.ts";

const db = testDb();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** POST the sign-in form with exactly these cookies and token, as a forging site would. */
async function forgedSignIn(cookie: string, csrf: string, email: string) {
  const body = new URLSearchParams({ _csrf: csrf, email, password: TEST_PASSWORD });
  const response = await fetch(`${app.url}/connexion`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body,
  });
  return { status: response.status, setCookie: response.headers.getSetCookie().join("\n") };
}

describe("anonymous CSRF tokens", () => {
  it("refuses a planted pre-session cookie equal to the field (login CSRF)", async () => {
    const { agent1 } = await createTeam(db);
    const planted = "A".repeat(43);
    for (const cookieName of ["rdv_presession", "rdv_csrf"]) {
      const forged = await forgedSignIn(`${cookieName}=${planted}`, planted, agent1.email);
      expect(forged.status, cookieName).toBe(403);
      expect(forged.setCookie).not.toContain("rdv_session=");
    }
    expect(await db.session.count({ where: { agentId: agent1.id } })).toBe(0);
  });

  it("refuses the token of one pre-session with the cookie of another", async () => {
    const { agent1 } = await createTeam(db);
    const firstPage = await fetch(`${app.url}/connexion`);
    const firstCookie = firstPage.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    const secondPage = await fetch(`${app.url}/connexion`);
    const secondToken = /name="_csrf" value="([^"]+)"/.exec(await secondPage.text())?.[1] ?? "";
    expect(firstCookie).toMatch(/^rdv_presession=[A-Za-z0-9_-]{43}$/);
    expect((await forgedSignIn(firstCookie, secondToken, agent1.email)).status).toBe(403);
  });

  it("accepts the token the page gave with its own cookie, and the cookie alone is not the token", async () => {
    const { agent1 } = await createTeam(db);
    const page = await fetch(`${app.url}/connexion`);
    const cookie = page.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    expect(token).not.toBe(cookie.split("=")[1]);
    expect((await forgedSignIn(cookie, cookie.split("=")[1] ?? "", agent1.email)).status).toBe(403);
    const signedIn = await forgedSignIn(cookie, token, agent1.email);
    expect(signedIn.status).toBe(302);
    expect(signedIn.setCookie).toContain("rdv_session=");
  });

  it("does not accept a token signed with another secret (another deployment)", async () => {
    const { agent1 } = await createTeam(db);
    const other = await startTestApp({ SESSION_SECRET: "une-autre-cle-de-32-caracteres-au-moins" });
    try {
      const page = await fetch(`${other.url}/connexion`);
      const cookie = page.headers.getSetCookie()[0]?.split(";")[0] ?? "";
      const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
      expect((await forgedSignIn(cookie, token, agent1.email)).status).toBe(403);
    } finally {
      await other.close();
    }
  });
});

describe("names used in email headers", () => {
  const CONTROLS = ["Mairie\r\nBcc: victime@example.org", "Mairie\nX", "Mairie\tannexe", "Mairie\u0085", "A\u2028B"];

  it("refuses control characters in the organisation name, from the page and the API, with a French message", async () => {
    const { admin, organisation } = await createTeam(db);
    const client = await signedInClient(app.url, admin.email);
    const form = await client.get("/admin/organisation");
    expect(form.status).toBe(200);
    for (const name of CONTROLS) {
      const page = await client.post("/admin/organisation", {
        name,
        timezone: "Europe/Paris",
        bookingMinDelayHours: "2",
        bookingMaxDelayDays: "42",
        emailSenderName: "",
      });
      expect(page.status, JSON.stringify(name)).toBe(422);
      expect(page.html).toContain(
        "Le nom ne peut contenir ni retour à la ligne, ni tabulation, ni caractère de contrôle.",
      );
    }
    const token = await apiToken(app.url, admin.email);
    for (const name of CONTROLS) {
      const response = await fetch(`${app.url}/api/v1/organisations/${organisation.id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          name,
          timezone: "Europe/Paris",
          bookingMinDelayMinutes: 120,
          bookingMaxDelayMinutes: 60480,
          emailSenderName: "Mairie\tde Lyon",
        }),
      });
      expect(response.status, JSON.stringify(name)).toBe(422);
      const body: unknown = await response.json();
      expect(body).toMatchObject({
        error: {
          fields: {
            name: "Le nom ne peut contenir ni retour à la ligne, ni tabulation, ni caractère de contrôle.",
            emailSenderName: expect.stringContaining("Le nom d'expéditeur ne peut contenir"),
          },
        },
      });
    }
    expect((await db.organisation.findUniqueOrThrow({ where: { id: organisation.id } })).name).toBe(organisation.name);
  });

  it("refuses control characters in lieu names, from the page and the API", async () => {
    const { admin, organisation } = await createTeam(db);
    const client = await signedInClient(app.url, admin.email);
    await client.get("/admin/lieux/nouveau");
    for (const name of CONTROLS) {
      const page = await client.post("/admin/lieux", { name, address: "1 rue de la Paix" });
      expect(page.status, JSON.stringify(name)).toBe(422);
      expect(page.html).toContain(
        "Le nom ne peut contenir ni retour à la ligne, ni tabulation, ni caractère de contrôle.",
      );
    }
    const token = await apiToken(app.url, admin.email);
    const response = await fetch(`${app.url}/api/v1/organisations/${organisation.id}/lieux`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Annexe\r\nSubject: faux", address: "2 rue" }),
    });
    expect(response.status).toBe(422);
    expect(await db.lieu.count({ where: { organisationId: organisation.id } })).toBe(1);
  });
});

describe("caching of pages and sign-out", () => {
  it("sends Cache-Control: no-store on signed-in pages, error pages and every API answer", async () => {
    const { admin, organisation } = await createTeam(db);
    const usager = await createUser(db, organisation.id);
    const client = await signedInClient(app.url, admin.email);
    const cookie = await sessionCookieOf(admin.email);
    for (const path of ["/agenda", `/admin/usagers/${usager.id}`, "/rdvs", "/mon-compte", "/admin/usagers/inconnu"]) {
      const response = await fetch(`${app.url}${path}`, { headers: { cookie }, redirect: "manual" });
      expect(response.headers.get("cache-control"), path).toBe("no-store");
    }
    expect((await client.get("/agenda")).status).toBe(200);
    const token = await apiToken(app.url, admin.email);
    for (const path of [
      "/api/v1/me",
      `/api/v1/organisations/${organisation.id}/users`,
      "/api/v1/nope",
      "/api/v1/rdvs/x",
    ]) {
      const response = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.headers.get("cache-control"), path).toBe("no-store");
    }
    const refused = await fetch(`${app.url}/api/v1/me`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });

  it("clears the session cookie and asks the browser to forget its cache on sign-out", async () => {
    const { agent1 } = await createTeam(db);
    const cookie = await sessionCookieOf(agent1.email);
    const page = await fetch(`${app.url}/agenda`, { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const response = await fetch(`${app.url}/deconnexion`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("clear-site-data")).toBe('"cache"');
    expect(response.headers.getSetCookie().join("\n")).toMatch(/rdv_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await fetch(`${app.url}/agenda`, { headers: { cookie }, redirect: "manual" });
    expect(after.status).toBe(302);
  });
});

/** The session cookie of a fresh sign-in, as a `cookie` header. */
async function sessionCookieOf(email: string): Promise<string> {
  const page = await fetch(`${app.url}/connexion`);
  const presession = page.headers.getSetCookie()[0]?.split(";")[0] ?? "";
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const response = await fetch(`${app.url}/connexion`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: presession, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: token, email, password: TEST_PASSWORD }),
  });
  const session = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0] ?? "")
    .find((pair) => pair.startsWith("rdv_session="));
  if (!session) throw new Error("no session cookie");
  return session;
}
