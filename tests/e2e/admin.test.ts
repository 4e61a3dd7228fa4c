import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolvePasswordResetRequests } from "../../src/domain/auth/password-reset.ts";
import { appLinkOf } from "../../src/notifications/app-link.ts";
import { renderOutboxEmail } from "../../src/notifications/render.ts";
import { smtpTransport } from "../../src/notifications/transport.ts";
import { processOutboxOnce } from "../../src/notifications/worker.ts";
import { inDays, insertRdv } from "../integration/admin/support.ts";
import { apiToken } from "../support/api.ts";
import { appInBrowser, browserAvailable, screenshot, signInWithBrowser } from "../support/browser.ts";
import { testDb } from "../support/db.ts";
import { createTeam, createUser, TEST_PASSWORD, unique } from "../support/factories.ts";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.ts";

// Links in emails point at APP_URL; the test opens their path on the test server.
const APP_URL = "https://rdv.example.fr";
const MAIL_FROM = "no-reply@rdv-agents.fr";
const NEW_PASSWORD = "une phrase de passe assez longue";

describe.runIf(browserAvailable)("organisation administration in a real browser", () => {
  const journey = appInBrowser({ APP_URL });
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
  });

  /** The path of the first link to APP_URL in the plain text of the last email the sink received for `email`. */
  function linkPathIn(email: string, prefix: string): string {
    const received = sink.messagesTo(email).at(-1);
    const text = received?.parsed.text ?? "";
    const link = new RegExp(`${APP_URL}(${prefix}[A-Za-z0-9_-]+)`).exec(text)?.[1];
    if (!link) throw new Error(`no ${prefix} link in the email to ${email}: ${text}`);
    return link;
  }

  async function newPage(): Promise<Page> {
    const context = await journey.browser.newContext();
    return context.newPage();
  }

  it("admin invites an agent; the invitee opens the emailed link, chooses a password and signs in", async () => {
    const db = testDb();
    const { organisation, admin } = await createTeam(db);
    const email = `invitee-${unique()}@test.rdv-agents.fr`;

    const adminPage = await newPage();
    await signInWithBrowser(adminPage, journey.app.url, admin.email, TEST_PASSWORD);
    await adminPage.waitForURL(`${journey.app.url}/agenda`);
    await adminPage.getByRole("link", { name: "Administration" }).click();
    await adminPage.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Agents" }).click();
    await adminPage.getByRole("link", { name: "Inviter un agent" }).click();
    await adminPage.getByLabel("Adresse email").fill(email);
    await adminPage.getByLabel("Prénom").fill("Inès");
    await adminPage.getByLabel(/^Nom/).fill("Nouvelle");
    await adminPage.getByLabel("Rôle").selectOption("secretary");
    await adminPage.getByRole("button", { name: "Envoyer l'invitation" }).click();
    await adminPage.waitForURL(`${journey.app.url}/admin/agents`);
    expect(await adminPage.getByRole("status").textContent()).toContain(
      `Invitation envoyée à Inès Nouvelle (${email}).`,
    );
    expect(await adminPage.locator("tr", { hasText: email }).textContent()).toContain("Invitation en attente");
    await screenshot(adminPage, "admin-agents-after-invitation");

    // The worker sends the organisation's outbox to the test SMTP server.
    const transport = smtpTransport(sink.url, MAIL_FROM);
    await processOutboxOnce({ db, transport, config: { APP_URL }, organisationIds: [organisation.id] });
    transport.close();
    const received = sink.messagesTo(email);
    expect(received).toHaveLength(1);
    expect(received[0]?.parsed.subject).toBe(`Invitation à rejoindre ${organisation.name} sur RDV Agents`);
    const path = linkPathIn(email, "/invitations/");

    const invitee = await newPage();
    await invitee.goto(`${journey.app.url}${path}`);
    expect(await invitee.getByRole("heading", { level: 1 }).textContent()).toBe("Bienvenue, Inès\u202f!");
    await invitee.getByLabel(/^Nouveau mot de passe/).fill("trop court");
    await invitee.getByLabel("Confirmation du nouveau mot de passe").fill("trop court");
    await invitee.getByRole("button", { name: "Activer mon compte" }).click();
    await expect
      .poll(() => invitee.locator(".invalid-feedback").first().textContent())
      .toBe("Le mot de passe doit contenir au moins 12 caractères.");
    await invitee.getByLabel(/^Nouveau mot de passe/).fill(NEW_PASSWORD);
    await invitee.getByLabel("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD);
    await invitee.getByRole("button", { name: "Activer mon compte" }).click();
    await invitee.waitForURL(`${journey.app.url}/agenda`);
    expect(await invitee.getByTestId("current-agent").textContent()).toContain("Inès Nouvelle");
    expect(await invitee.getByRole("status").filter({ hasText: "Bienvenue" }).textContent()).toBe(
      "Votre compte est activé. Bienvenue\u202f!",
    );
    await screenshot(invitee, "invitee-signed-in");

    // Signed out, the new password opens the account; the link does not work a second time.
    await invitee.getByRole("button", { name: "Se déconnecter" }).click();
    await invitee.waitForURL(`${journey.app.url}/connexion`);
    await signInWithBrowser(invitee, journey.app.url, email, NEW_PASSWORD);
    await invitee.waitForURL(`${journey.app.url}/agenda`);
    const again = await invitee.goto(`${journey.app.url}${path}`);
    expect(again?.status()).toBe(410);
    expect(await invitee.getByRole("heading", { level: 1 }).textContent()).toBe("Lien déjà utilisé");
    await invitee.context().close();

    await adminPage.reload();
    expect(await adminPage.locator("tr", { hasText: email }).textContent()).not.toContain("Invitation en attente");
    await adminPage.context().close();
  });

  it("resets a forgotten password from the sign-in page, through the emailed link, and closes the old sessions", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const elsewhere = await newPage();
    await signInWithBrowser(elsewhere, journey.app.url, agent1.email, TEST_PASSWORD);
    await elsewhere.waitForURL(`${journey.app.url}/agenda`);

    const page = await newPage();
    await page.goto(`${journey.app.url}/connexion`);
    await page.getByRole("link", { name: /^Mot de passe oublié\s?\?$/u }).click();
    await page.getByLabel("Adresse email").fill(agent1.email);
    await page.getByRole("button", { name: "Recevoir un lien" }).click();
    expect(await page.getByRole("status").textContent()).toContain("Si un compte existe pour l'adresse");

    // A reset email belongs to no organisation, so the test does the worker's two steps for this email only: turn
    // the queued request into its outbox row, then send that row through the same SMTP transport as the worker (a
    // worker pass here would also send other tests' emails).
    expect(await resolvePasswordResetRequests(db, { emails: [agent1.email] })).toBe(1);
    const row = await db.outboxMessage.findFirstOrThrow({
      where: { toEmail: agent1.email, kind: "password_reset", status: "pending" },
      select: { kind: true, payload: true, messageId: true, toEmail: true, fromName: true },
    });
    const email = renderOutboxEmail(row, appLinkOf({ APP_URL }));
    const transport = smtpTransport(sink.url, MAIL_FROM);
    await transport.send({ ...email, messageId: row.messageId, toEmail: row.toEmail, fromName: row.fromName });
    transport.close();
    expect(sink.messagesTo(agent1.email).at(-1)?.parsed.subject).toBe("Changement de votre mot de passe RDV Agents");
    const path = linkPathIn(agent1.email, "/mot-de-passe/nouveau/");

    await page.goto(`${journey.app.url}${path}`);
    await page.getByLabel(/^Nouveau mot de passe/).fill(NEW_PASSWORD);
    await page.getByLabel("Confirmation du nouveau mot de passe").fill(`${NEW_PASSWORD} !`);
    await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
    await expect
      .poll(() => page.locator(".invalid-feedback").first().textContent())
      .toBe("Les deux mots de passe ne sont pas identiques.");
    await page.getByLabel(/^Nouveau mot de passe/).fill(NEW_PASSWORD);
    await page.getByLabel("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
    await page.getByRole("heading", { name: "Mot de passe changé" }).waitFor();
    await screenshot(page, "password-reset-done");

    // The other browser's session is closed.
    await elsewhere.reload();
    expect(elsewhere.url()).toContain("/connexion");
    await elsewhere.context().close();

    await page.getByRole("link", { name: "Se connecter" }).click();
    await signInWithBrowser(page, journey.app.url, agent1.email, NEW_PASSWORD);
    await page.waitForURL(`${journey.app.url}/agenda`);
    const reused = await page.goto(`${journey.app.url}${path}`);
    expect(reused?.status()).toBe(410);
    await page.context().close();
  });

  it("admin removes an agent after choosing who takes over its future RDV", async () => {
    const db = testDb();
    const { organisation, admin, agent1, agent2 } = await createTeam(db);
    const user = await createUser(db, organisation.id, { firstName: "Jeanne", lastName: "Usagère" });
    const rdv = await insertRdv(db, {
      organisationId: organisation.id,
      motifId: organisation.motif.id,
      lieuId: organisation.lieu.id,
      startsAt: inDays(2),
      agentIds: [agent1.id],
      userIds: [user.id],
    });
    const page = await newPage();
    await signInWithBrowser(page, journey.app.url, admin.email, TEST_PASSWORD);
    await page.waitForURL(`${journey.app.url}/agenda`);
    await page.goto(`${journey.app.url}/admin/agents`);
    await page.getByRole("link", { name: `Retirer ${agent1.firstName} ${agent1.lastName} de l'organisation` }).click();
    await page
      .getByRole("heading", { name: `Retirer ${agent1.firstName} ${agent1.lastName} de l'organisation` })
      .waitFor();
    expect(await page.locator("tbody tr").first().textContent()).toContain("Jeanne Usagère");
    await page
      .getByRole("button", { name: `Retirer ${agent1.firstName} ${agent1.lastName} de l'organisation` })
      .click();
    await expect
      .poll(() => page.locator(".invalid-feedback").first().textContent())
      .toBe("Choisissez : réassigner ce RDV à un autre agent, ou l'annuler.");
    await screenshot(page, "admin-remove-agent-refused");
    await page.getByLabel(/^Que faire du RDV/).selectOption(agent2.id);
    await page
      .getByRole("button", { name: `Retirer ${agent1.firstName} ${agent1.lastName} de l'organisation` })
      .click();
    await page.waitForURL(`${journey.app.url}/admin/agents`);
    expect(await page.getByRole("status").textContent()).toContain("1 RDV réassigné(s), 0 RDV annulé(s)");
    const agents = await db.rdvAgent.findMany({ where: { rdvId: rdv.id }, select: { agentId: true } });
    expect(agents).toEqual([{ agentId: agent2.id }]);

    await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Organisation" }).click();
    await page.getByLabel(/^Fuseau horaire/).selectOption("Indian/Reunion");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    expect(await page.getByRole("status").textContent()).toContain("Paramètres de l'organisation enregistrés.");
    expect(await page.getByLabel(/^Fuseau horaire/).inputValue()).toBe("Indian/Reunion");
    await screenshot(page, "admin-organisation-settings");
    await page.context().close();
  });

  it("shows no « Administration » to an agent, and answers 403 to its every admin page and API call, 404 elsewhere", async () => {
    const db = testDb();
    const { organisation, agent1 } = await createTeam(db);
    const other = await createTeam(db);
    const user = await createUser(db, organisation.id);
    const page = await newPage();
    await signInWithBrowser(page, journey.app.url, agent1.email, TEST_PASSWORD);
    await page.waitForURL(`${journey.app.url}/agenda`);
    expect(await page.getByRole("link", { name: "Administration" }).count()).toBe(0);

    const adminPages = [
      "/admin",
      "/admin/agents",
      "/admin/agents/invitation",
      `/admin/agents/${agent1.id}/retrait`,
      "/admin/lieux",
      "/admin/lieux/nouveau",
      `/admin/lieux/${organisation.lieu.id}/modifier`,
      "/admin/motifs",
      "/admin/motifs/nouveau",
      `/admin/motifs/${organisation.motif.id}/modifier`,
      "/admin/usagers",
      "/admin/usagers/nouveau",
      `/admin/usagers/${user.id}`,
      "/admin/organisation",
      "/admin/emails-en-echec",
    ];
    for (const path of adminPages) {
      const response = await page.goto(`${journey.app.url}${path}`);
      expect(response?.status(), path).toBe(403);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Accès refusé");
    }
    await screenshot(page, "admin-forbidden-to-agent");
    await page.context().close();

    const token = await apiToken(journey.app.url, agent1.email);
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${journey.app.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const base = `/organisations/${organisation.id}`;
    const adminCalls: [string, string, unknown?][] = [
      ["PATCH", base, { name: "X" }],
      ["POST", `${base}/invitations`, { email: "x@example.org", firstName: "X", lastName: "Y", role: "admin" }],
      ["PATCH", `${base}/agents/${agent1.id}`, { role: "admin" }],
      ["DELETE", `${base}/agents/${agent1.id}`],
      ["POST", `${base}/lieux`, { name: "X", address: "Y" }],
      ["PATCH", `${base}/lieux/${organisation.lieu.id}`, { name: "X" }],
      ["DELETE", `${base}/lieux/${organisation.lieu.id}`],
      ["POST", `${base}/motifs`, { name: "X" }],
      ["PATCH", `${base}/motifs/${organisation.motif.id}`, { name: "X" }],
      ["POST", `${base}/motifs/${organisation.motif.id}/disable`],
      ["POST", `${base}/users`, { firstName: "X", lastName: "Y" }],
      ["PATCH", `${base}/users/${user.id}`, { firstName: "X" }],
    ];
    for (const [method, path, body] of adminCalls) {
      expect((await call(method, path, body)).status, `${method} ${path}`).toBe(403);
    }
    for (const [method, path, body] of adminCalls) {
      const foreign = path.replace(organisation.id, other.organisation.id);
      expect((await call(method, foreign, body)).status, `${method} ${foreign}`).toBe(404);
    }
    expect((await db.organisation.findUniqueOrThrow({ where: { id: organisation.id } })).name).toBe(organisation.name);
  });
});
