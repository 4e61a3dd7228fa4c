// Class 4 of the hostile-input review: /dev/emails shows links that sign people in. It exists only with
// NODE_ENV=development (the default), and even there only for a signed-in agent: an admin reads its organisations'
// emails, any agent its own. The configuration refuses NODE_ENV values it does not know.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { resolvePasswordResetRequests } from "../../../src/domain/auth/password-reset.ts";
import { apiToken } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, unique } from "../../support/factories.ts";
import { signedInClient, WebClient } from "../../support/http.ts";

const db = testDb();

/** An invitation sent by the admin of the team through the API: an email of that organisation. */
async function invitationEmail(url: string, team: Awaited<ReturnType<typeof createTeam>>) {
  const email = `invite-${unique()}@test.rdv-agents.fr`;
  const response = await fetch(`${url}/api/v1/organisations/${team.organisation.id}/invitations`, {
    method: "POST",
    headers: { authorization: `Bearer ${await apiToken(url, team.admin.email)}`, "content-type": "application/json" },
    body: JSON.stringify({ email, firstName: "Nina", lastName: "Nouvelle", role: "agent" }),
  });
  expect(response.status).toBe(201);
  return db.outboxMessage.findFirstOrThrow({ where: { toEmail: email }, select: { id: true } });
}

/** A password-reset email asked for on the public form: an email of no organisation, for that agent only. */
async function passwordResetEmail(url: string, email: string) {
  const client = new WebClient(url);
  await client.get("/mot-de-passe/oublie");
  expect((await client.post("/mot-de-passe/oublie", { email })).status).toBe(200);
  // The worker's step that turns the request into its email (the app runs no worker here).
  await resolvePasswordResetRequests(db, { emails: [email] });
  return db.outboxMessage.findFirstOrThrow({
    where: { toEmail: email, kind: "password_reset" },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
}

describe("/dev/emails in development", () => {
  let app: TestApp;
  beforeAll(async () => {
    // SMTP_URL set or not, the page is the same: the outbox rows are there either way.
    app = await startTestApp({ NODE_ENV: "development", SMTP_URL: "smtp://127.0.0.1:9" });
  });
  afterAll(() => app.close());

  it("sends a visitor without a session to the sign-in page, for the list and for each email", async () => {
    const team = await createTeam(db);
    const reset = await passwordResetEmail(app.url, team.agent1.email);
    for (const path of ["/dev/emails", `/dev/emails/${reset.id}`, `/dev/emails/${reset.id}/html`]) {
      const response = await fetch(`${app.url}${path}`, { redirect: "manual" });
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location"), path).toMatch(/^\/connexion/);
      expect(await response.text()).not.toContain("mot-de-passe/nouveau");
    }
  });

  it("shows an admin its organisation's emails and not another organisation's (404)", async () => {
    const mine = await createTeam(db);
    const other = await createTeam(db);
    const ours = await invitationEmail(app.url, mine);
    const theirs = await invitationEmail(app.url, other);
    const theirReset = await passwordResetEmail(app.url, other.agent1.email);
    const admin = await signedInClient(app.url, mine.admin.email);

    const list = await admin.get("/dev/emails");
    expect(list.status).toBe(200);
    expect(list.html).toContain(`/dev/emails/${ours.id}`);
    expect(list.html).not.toContain(`/dev/emails/${theirs.id}`);
    expect(list.html).not.toContain(`/dev/emails/${theirReset.id}`);

    expect((await admin.get(`/dev/emails/${ours.id}`)).status).toBe(200);
    for (const id of [theirs.id, theirReset.id]) {
      for (const suffix of ["", "/html", "/ics"]) {
        expect((await admin.get(`/dev/emails/${id}${suffix}`)).status).toBe(404);
      }
    }
  });

  it("shows an agent who is not admin only the emails sent to it", async () => {
    const team = await createTeam(db);
    const invitation = await invitationEmail(app.url, team);
    const ownReset = await passwordResetEmail(app.url, team.agent1.email);
    const colleagueReset = await passwordResetEmail(app.url, team.agent2.email);
    const agent = await signedInClient(app.url, team.agent1.email);

    const list = await agent.get("/dev/emails");
    expect(list.html).toContain(`/dev/emails/${ownReset.id}`);
    expect(list.html).not.toContain(`/dev/emails/${invitation.id}`);
    expect(list.html).not.toContain(`/dev/emails/${colleagueReset.id}`);
    expect((await agent.get(`/dev/emails/${ownReset.id}`)).status).toBe(200);
    expect((await agent.get(`/dev/emails/${colleagueReset.id}`)).status).toBe(404);
    expect((await agent.get(`/dev/emails/${invitation.id}/html`)).status).toBe(404);
  });
});

describe("/dev/emails outside development", () => {
  it("does not exist in tests nor in production, even for an admin", async () => {
    const team = await createTeam(db);
    const envs: Record<string, string>[] = [
      { NODE_ENV: "test" },
      { NODE_ENV: "production", DATABASE_URL: "postgresql://unused@127.0.0.1/x", SESSION_SECRET: "x".repeat(32) },
    ];
    for (const env of envs) {
      const app = await startTestApp(env);
      try {
        const reset = await passwordResetEmail(app.url, team.agent1.email);
        const anonymous = await fetch(`${app.url}/dev/emails`, { redirect: "manual" });
        expect(anonymous.status, env.NODE_ENV).toBe(404);
        if (env.NODE_ENV === "test") {
          const admin = await signedInClient(app.url, team.admin.email);
          for (const path of ["/dev/emails", `/dev/emails/${reset.id}`, `/dev/emails/${reset.id}/html`]) {
            expect((await admin.get(path)).status, path).toBe(404);
          }
        }
      } finally {
        await app.close();
      }
    }
  });
});

describe("NODE_ENV and SESSION_SECRET", () => {
  it("refuses a NODE_ENV it does not know, and defaults to development", () => {
    for (const value of ["staging", "prod", "Production", "dev", " development"]) {
      expect(() => loadConfig({ NODE_ENV: value }), value).toThrow(/NODE_ENV/);
    }
    expect(loadConfig({}).NODE_ENV).toBe("development");
  });

  it("requires a SESSION_SECRET of at least 32 characters in production, and draws one per process elsewhere", () => {
    const production = { NODE_ENV: "production", DATABASE_URL: "postgresql://rdv@127.0.0.1/rdv" };
    expect(() => loadConfig(production)).toThrow(/SESSION_SECRET is required in production/);
    expect(() => loadConfig({ ...production, SESSION_SECRET: "trop-court" })).toThrow(/SESSION_SECRET/);
    const secret = "s".repeat(32);
    expect(loadConfig({ ...production, SESSION_SECRET: secret }).SESSION_SECRET).toBe(secret);
    const first = loadConfig({ NODE_ENV: "test" }).SESSION_SECRET;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ NODE_ENV: "development" }).SESSION_SECRET).not.toBe(first);
  });
});
