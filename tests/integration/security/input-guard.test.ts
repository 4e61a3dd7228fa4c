// Class 1 of the hostile-input review: bodies, paths and queries that cannot be decoded into text PostgreSQL accepts
// are a 400 with a French page or the API's JSON error, before any route runs — never a 500, never a write.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiToken } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, TEST_PASSWORD } from "../../support/factories.ts";
import { signedInClient, WebClient } from "../../support/http.ts";

const db = testDb();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

type Answer = { status: number; contentType: string; body: string; setCookie: string[] };

async function send(path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${app.url}${path}`, { redirect: "manual", ...init });
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    body: await response.text(),
    setCookie: response.headers.getSetCookie().map((header) => header.split(";")[0] ?? ""),
  };
}

/** A 400 the API's way: `{error: {code, message}}` with a French message. */
function expectJsonRefusal(answer: Answer, status = 400) {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toContain("application/json");
  const body: unknown = JSON.parse(answer.body);
  expect(body).toMatchObject({ error: { code: "bad_request", message: expect.stringMatching(/^[A-ZÀ-Ü].+\.$/) } });
}

/** A 400 the pages' way: the French error page. */
function expectPageRefusal(answer: Answer, status = 400) {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toContain("text/html");
  expect(answer.body).toContain("Requête invalide");
}

/** `/connexion` as a browser posts it, with the pre-session cookie and CSRF token of a fresh visit. */
async function signInFormHeaders(): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${app.url}/connexion`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1];
  if (!csrf) throw new Error("no CSRF token on /connexion");
  return { cookie, csrf };
}

describe("undecodable bodies", () => {
  it("refuses a sign-in form that claims gzip but is not", async () => {
    const { cookie, csrf } = await signInFormHeaders();
    const answer = await send("/connexion", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "content-encoding": "gzip", cookie },
      body: `_csrf=${csrf}&email=a%40b.fr&password=x`,
    });
    expectPageRefusal(answer);
  });

  it("still reads a real gzip form (the guard refuses what cannot be decoded, not the encoding)", async () => {
    const { cookie, csrf } = await signInFormHeaders();
    const answer = await send("/connexion", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "content-encoding": "gzip", cookie },
      body: gzipSync(`_csrf=${csrf}&email=personne%40nulle-part.fr&password=x`),
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toContain("Email ou mot de passe incorrect.");
  });

  it("refuses POST /api/v1/tokens with a false gzip body, bad JSON, or another charset, in JSON", async () => {
    const json = { "content-type": "application/json" };
    for (const init of [
      { headers: { ...json, "content-encoding": "gzip" }, body: '{"email":"a@b.fr","password":"x"}' },
      { headers: { ...json, "content-encoding": "deflate" }, body: "not deflate" },
      { headers: json, body: '{"email": "a@b.fr", ' },
      { headers: { "content-type": "application/json; charset=iso-8859-1" }, body: '{"email":"a@b.fr"}' },
      { headers: { "content-type": "application/json; charset=utf-16" }, body: '{"email":"a@b.fr"}' },
    ]) {
      expectJsonRefusal(await send("/api/v1/tokens", { method: "POST", ...init }));
    }
  });

  it("refuses JSON with a NUL, a lone surrogate or bytes that are not UTF-8, and writes nothing", async () => {
    const { admin, organisation } = await createTeam(db);
    const token = await apiToken(app.url, admin.email);
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const path = `/api/v1/organisations/${organisation.id}`;
    const valid = { timezone: "Europe/Paris", bookingMinDelayMinutes: 60, bookingMaxDelayMinutes: 6000 };
    for (const body of [
      JSON.stringify({ ...valid, name: "a\u0000b" }),
      JSON.stringify({ ...valid, name: "ok", "clé\u0000": 1 }),
      `{"name":"a\\ud800b","timezone":"Europe/Paris","bookingMinDelayMinutes":60,"bookingMaxDelayMinutes":6000}`,
      Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    ]) {
      expectJsonRefusal(await send(path, { method: "PATCH", headers, body }));
    }
    const stored = await db.organisation.findUniqueOrThrow({ where: { id: organisation.id } });
    expect(stored.name).toBe(organisation.name);
  });

  it("refuses a form with a NUL, a bad percent-escape or another charset, as a French page", async () => {
    const { admin, organisation } = await createTeam(db);
    const client = await signedInClient(app.url, admin.email);
    await client.get("/admin/lieux/nouveau");
    for (const body of [{ name: "Lieu\u0000", address: "1 rue" }]) {
      const page = await client.post("/admin/lieux", body);
      expect(page.status).toBe(400);
      expect(page.html).toContain("Requête invalide");
    }
    const cookieAndCsrf = await signInFormHeaders();
    for (const [contentType, body] of [
      ["application/x-www-form-urlencoded", `_csrf=${cookieAndCsrf.csrf}&email=%ff%fe&password=x`],
      ["application/x-www-form-urlencoded", `_csrf=${cookieAndCsrf.csrf}&email=%00&password=x`],
      ["application/x-www-form-urlencoded", `_csrf=${cookieAndCsrf.csrf}&email%ff=a&password=x`],
      ["application/x-www-form-urlencoded; charset=iso-8859-1", `_csrf=${cookieAndCsrf.csrf}&email=%e9&password=x`],
    ] as const) {
      const answer = await send("/connexion", {
        method: "POST",
        headers: { "content-type": contentType, cookie: cookieAndCsrf.cookie },
        body,
      });
      expectPageRefusal(answer);
    }
    expect(await db.lieu.count({ where: { organisationId: organisation.id } })).toBe(1);
  });
});

describe("bodies of a type nobody reads", () => {
  it("refuses JSON sent to a page's form (415), where a handler used to read a missing body", async () => {
    const { admin, organisation } = await createTeam(db);
    const { cookie, csrf } = await signInFormHeaders();
    const signIn = await send("/connexion", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ _csrf: csrf, email: admin.email, password: TEST_PASSWORD }),
    });
    expect(signIn.status).toBe(302);
    const session = signIn.setCookie.find((pair) => pair.startsWith("rdv_session=")) ?? "";
    const agenda = await send("/agenda", { headers: { cookie: session } });
    const sessionCsrf = /name="_csrf" value="([^"]+)"/.exec(agenda.body)?.[1] ?? "";
    for (const path of ["/admin/motifs", "/admin/lieux", "/admin/usagers", "/rdvs/nouveau"]) {
      const answer = await send(path, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: session, "x-csrf-token": sessionCsrf },
        body: JSON.stringify({ name: "Dossier", _csrf: sessionCsrf }),
      });
      expect(answer.status, path).toBe(415);
      expect(answer.body).toContain("Ce type de contenu n&#39;est pas accepté");
    }
    expect(await db.motif.count({ where: { organisationId: organisation.id } })).toBe(2);
  });

  it("refuses a body that is not JSON on the API (415), in JSON", async () => {
    const { admin, organisation } = await createTeam(db);
    const authorization = `Bearer ${await apiToken(app.url, admin.email)}`;
    const answer = await send(`/api/v1/organisations/${organisation.id}/lieux`, {
      method: "POST",
      headers: { authorization, "content-type": "text/plain" },
      body: "name=Annexe&address=1 rue",
    });
    expectJsonRefusal(answer, 415);
  });
});

describe("undecodable paths and queries", () => {
  it("refuses bad percent-escapes and NUL in paths, signed in or not", async () => {
    const { admin } = await createTeam(db);
    const client = await signedInClient(app.url, admin.email);
    for (const path of [
      "/rdvs/%ff",
      "/invitations/%ff",
      "/rdvs/%00",
      "/plages/%e9/modifier",
      "/assets/%ff",
      "/%c0%af",
    ]) {
      expectPageRefusal(await send(path));
      const page = await client.get(path);
      expect(page.status).toBe(400);
      expect(page.html).toContain("L&#39;adresse demandée contient des caractères invalides.");
    }
  });

  it("refuses them on the API in JSON", async () => {
    const { admin } = await createTeam(db);
    const authorization = `Bearer ${await apiToken(app.url, admin.email)}`;
    for (const path of ["/api/v1/rdvs/%00", "/api/v1/rdvs/%ff", "/api/v1/rdvs?from=%00", "/api/v1/rdvs?from=%ff"]) {
      expectJsonRefusal(await send(path, { headers: { authorization } }));
    }
  });

  it("refuses NUL and non-UTF-8 text in a page's query", async () => {
    const { admin } = await createTeam(db);
    const client = await signedInClient(app.url, admin.email);
    for (const path of [
      "/admin/usagers?q=%00",
      "/admin/usagers?q=%ff",
      "/agenda?date=%e9t%e9",
      "/admin/usagers?q%ff=1",
    ]) {
      const page = await client.get(path);
      expect(page.status).toBe(400);
      expect(page.html).toContain("Les paramètres de l&#39;adresse contiennent des caractères invalides.");
    }
    expect((await client.get("/admin/usagers?q=%C3%A9l%C3%A9onore+d%27Aqu")).status).toBe(200);
  });

  it("lets ordinary encoded text through", async () => {
    const anonymous = new WebClient(app.url);
    const page = await anonymous.get("/connexion?retour=%2Fagenda%3Fdate%3D2027-03-31");
    expect(page.status).toBe(200);
  });
});
