import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../../src/domain/auth/password.ts";
import { resolvePasswordResetRequests } from "../../../src/domain/auth/password-reset.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, TEST_PASSWORD, unique } from "../../support/factories.ts";
import { WebClient } from "../../support/http.ts";
import { renderedRows } from "../notifications/support.ts";

const APP_URL = "http://127.0.0.1";
const NEW_PASSWORD = "phrase de passe toute neuve";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ APP_URL });
});
afterAll(() => app.close());

/** The path of the last link of `kind` emailed to `email`. */
async function emailedPath(email: string, kind: "password_reset" | "invitation"): Promise<string> {
  // A reset request is turned into its email by the worker's step, which this app runs without.
  if (kind === "password_reset") await resolvePasswordResetRequests(testDb(), { emails: [email] });
  const message = (await renderedRows(testDb(), { toEmail: email, kind }, APP_URL)).at(-1);
  if (!message) throw new Error(`no ${kind} email for ${email}`);
  const path = /http:\/\/127\.0\.0\.1(\/(?:mot-de-passe\/nouveau|invitations)\/[A-Za-z0-9_-]+)/.exec(message.text)?.[1];
  if (!path) throw new Error(`no link in ${message.text}`);
  return path;
}

describe("« Mot de passe oublié »", () => {
  it("is linked from the sign-in page", async () => {
    const page = await new WebClient(app.url).get("/connexion");
    expect(page.html).toContain('<a href="/mot-de-passe/oublie">Mot de passe oublié&#8239;?</a>');
  });

  it("answers the same page whether or not the email is known", async () => {
    const { agent1 } = await createTeam(testDb());
    const unknown = `personne-${unique()}@test.rdv-agents.fr`;
    const pages = [];
    for (const email of [agent1.email, unknown]) {
      const client = new WebClient(app.url);
      await client.get("/mot-de-passe/oublie");
      const page = await client.post("/mot-de-passe/oublie", { email });
      expect(page.status).toBe(200);
      pages.push(page.html.replaceAll(email, "EMAIL").replace(/name="_csrf" value="[^"]+"/g, ""));
    }
    expect(pages[0]).toBe(pages[1]);
    expect(pages[0]).toContain("Si un compte existe pour l'adresse");
    // The worker's step turns the requests into emails: one for the known address only.
    await resolvePasswordResetRequests(testDb(), { emails: [agent1.email, unknown] });
    expect(await testDb().outboxMessage.count({ where: { toEmail: agent1.email, kind: "password_reset" } })).toBe(1);
    expect(await testDb().outboxMessage.count({ where: { toEmail: unknown } })).toBe(0);
  });

  it("explains a malformed email (422) and keeps it", async () => {
    const client = new WebClient(app.url);
    await client.get("/mot-de-passe/oublie");
    const page = await client.post("/mot-de-passe/oublie", { email: "pas-un-email" });
    expect(page.status).toBe(422);
    expect(page.html).toContain("Saisissez une adresse email valide.");
    expect(page.html).toContain('value="pas-un-email"');
  });

  it("resets through the link: errors re-render (422), success closes the sessions, a second use gets 410", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const signedIn = new WebClient(app.url);
    await signedIn.signIn(agent1.email, TEST_PASSWORD);
    expect((await signedIn.get("/agenda")).status).toBe(200);

    const client = new WebClient(app.url);
    await client.get("/mot-de-passe/oublie");
    await client.post("/mot-de-passe/oublie", { email: agent1.email });
    const path = await emailedPath(agent1.email, "password_reset");

    const form = await client.get(path);
    expect(form.status).toBe(200);
    expect(form.html).toContain(agent1.email);
    const mismatch = await client.post(path, { password: NEW_PASSWORD, passwordConfirmation: "autre chose encore" });
    expect(mismatch.status).toBe(422);
    expect(mismatch.html).toContain("Les deux mots de passe ne sont pas identiques.");
    const short = await client.post(path, { password: "court", passwordConfirmation: "court" });
    expect(short.html).toContain("Le mot de passe doit contenir au moins 12 caractères.");

    const done = await client.post(path, { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect(done.status).toBe(200);
    expect(done.html).toContain("Mot de passe changé");
    expect((await signedIn.get("/agenda")).status).toBe(302);
    expect((await new WebClient(app.url).signIn(agent1.email, NEW_PASSWORD)).status).toBe(302);

    const reused = await client.get(path);
    expect(reused.status).toBe(410);
    expect(reused.html).toContain("Lien déjà utilisé");
    expect(
      (await client.post(path, { password: "encore autre chose", passwordConfirmation: "encore autre chose" })).status,
    ).toBe(410);
  });

  it("says an expired link has expired (410) and a made-up one is not valid (404)", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const client = new WebClient(app.url);
    await client.get("/mot-de-passe/oublie");
    await client.post("/mot-de-passe/oublie", { email: agent1.email });
    const path = await emailedPath(agent1.email, "password_reset");
    await db.agentToken.updateMany({
      where: { agentId: agent1.id, kind: "password_reset" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await client.get(path);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain("Lien expiré");
    const madeUp = await client.get("/mot-de-passe/nouveau/invente");
    expect(madeUp.status).toBe(404);
    expect(madeUp.html).toContain("Lien invalide");
  });
});

describe("« Mon compte › Changer de mot de passe »", () => {
  it("asks for the current password, then closes the other sessions and says so", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const other = new WebClient(app.url);
    await other.signIn(agent1.email, TEST_PASSWORD);
    const client = new WebClient(app.url);
    await client.signIn(agent1.email, TEST_PASSWORD);
    const account = await client.get("/mon-compte");
    expect(account.html).toContain('href="/mon-compte/mot-de-passe"');
    await client.get("/mon-compte/mot-de-passe");

    const wrong = await client.post("/mon-compte/mot-de-passe", {
      currentPassword: "pas le bon",
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain("Ce mot de passe n&#39;est pas votre mot de passe actuel.");

    const ok = await client.post("/mon-compte/mot-de-passe", {
      currentPassword: TEST_PASSWORD,
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    });
    expect(ok.location).toBe("/mon-compte");
    const after = await client.get("/mon-compte");
    expect(after.status).toBe(200);
    expect(after.html).toContain("Votre mot de passe a été changé. Vos 1 autre(s) session(s) ont été fermées.");
    expect((await other.get("/agenda")).status).toBe(302);
    const agent = await db.agent.findUniqueOrThrow({ where: { id: agent1.id }, select: { passwordHash: true } });
    expect(await verifyPassword(agent.passwordHash, NEW_PASSWORD)).toBe(true);
  });

  it("is behind sign-in", async () => {
    const page = await new WebClient(app.url).get("/mon-compte/mot-de-passe");
    expect(page.status).toBe(302);
  });
});

describe("accepting an invitation", () => {
  it("sets the password, signs the invitee in, and answers 410 to a second use", async () => {
    const db = testDb();
    const { admin } = await createTeam(db);
    const adminClient = new WebClient(app.url);
    await adminClient.signIn(admin.email, TEST_PASSWORD);
    await adminClient.get("/admin/agents/invitation");
    const email = `invitee-${unique()}@test.rdv-agents.fr`;
    await adminClient.post("/admin/agents/invitation", {
      email,
      firstName: "Iris",
      lastName: "Invitée",
      role: "agent",
    });
    const path = await emailedPath(email, "invitation");

    const invitee = new WebClient(app.url);
    const form = await invitee.get(path);
    expect(form.status).toBe(200);
    expect(form.html).toContain("Bienvenue, Iris&#8239;!");
    const bad = await invitee.post(path, { password: "court", passwordConfirmation: "court" });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Le mot de passe doit contenir au moins 12 caractères.");
    const accepted = await invitee.post(path, { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe("/agenda");
    const agenda = await invitee.get("/agenda");
    expect(agenda.status).toBe(200);
    expect(agenda.html).toContain("Iris Invitée");

    const again = await new WebClient(app.url).get(path);
    expect(again.status).toBe(410);
    expect(again.html).toContain("Ce lien d'invitation a déjà servi");
  });
});
