import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeAgentRole } from "../../../src/domain/agents/change-agent-role.ts";
import { inviteAgent } from "../../../src/domain/agents/invite-agent.ts";
import { removeAgentFromOrganisation } from "../../../src/domain/agents/remove-agent.ts";
import { acceptInvitation, findInvitation } from "../../../src/domain/auth/invitations.ts";
import { verifyPassword } from "../../../src/domain/auth/password.ts";
import { hashSecret } from "../../../src/domain/auth/tokens.ts";
import { AppError } from "../../../src/domain/errors.ts";
import { apiClient } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, TEST_PASSWORD, unique } from "../../support/factories.ts";
import { withSummary } from "../../support/history.ts";
import { signedInClient, WebClient } from "../../support/http.ts";
import { renderedRows } from "../notifications/support.ts";
import { APP_URL, actorIn, domainContext, inDays } from "./support.ts";

const NEW_PASSWORD = "un mot de passe bien long";

/** The secret of the invitation link in the last email queued for `email`. */
async function linkSecretFor(email: string): Promise<string> {
  const message = (await renderedRows(testDb(), { toEmail: email, kind: "invitation" }, APP_URL)).at(-1);
  if (!message) throw new Error(`no invitation queued for ${email}`);
  const secret = new RegExp(`${APP_URL}/invitations/([A-Za-z0-9_-]+)`).exec(message.text)?.[1];
  if (!secret) throw new Error(`no invitation link in: ${message.text}`);
  expect(message.html).toContain(`${APP_URL}/invitations/${secret}`);
  return secret;
}

async function invite(team: Awaited<ReturnType<typeof createTeam>>, fields: Record<string, string>) {
  return inviteAgent(domainContext(testDb()), {
    actor: actorIn(team.admin, team.organisation.id, "admin"),
    organisationId: team.organisation.id,
    raw: fields,
  });
}

describe("activating an invitation through the form", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("signs the invitee in and welcomes them once on the agenda", async () => {
    const team = await createTeam(testDb());
    const email = `bienvenue-${unique()}@test.rdv-agents.fr`;
    await invite(team, { email, firstName: "Inès", lastName: "Invitée", role: "agent" });
    const secret = await linkSecretFor(email);
    const invitee = new WebClient(app.url);
    await invitee.get(`/invitations/${secret}`);
    const accepted = await invitee.post(`/invitations/${secret}`, {
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    });
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe("/agenda");
    const agenda = await invitee.get("/agenda");
    expect(agenda.status).toBe(200);
    expect(agenda.html).toContain(
      '<div class="alert alert-success" role="status">Votre compte est activé. Bienvenue\u202f!</div>',
    );
    expect((await invitee.get("/agenda")).html).not.toContain("Votre compte est activé.");
  });

  it("lets an agent of another organisation join only after signing in with that account and « Rejoindre »", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const other = await createTeam(db);
    await invite(team, { email: other.agent1.email, firstName: "Autre", lastName: "Nom", role: "secretary" });
    const secret = await linkSecretFor(other.agent1.email);
    const path = `/invitations/${secret}`;
    const isMember = async () =>
      (await db.agentRole.count({ where: { agentId: other.agent1.id, organisationId: team.organisation.id } })) === 1;

    // Anonymous: sent to sign in, and back to the link after.
    const anonymous = await new WebClient(app.url).get(path);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe(`/connexion?retour=${encodeURIComponent(path)}`);
    // Neither a password can be set through it.
    const client = new WebClient(app.url);
    await client.get("/connexion");
    const forced = await client.post(path, { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect(forced.status).toBe(303);
    expect(await isMember()).toBe(false);

    // Signed in as somebody else: refused, nothing joined.
    const someoneElse = await signedInClient(app.url, other.agent2.email);
    const wrong = await someoneElse.get(path);
    expect(wrong.status).toBe(403);
    expect(wrong.html).toContain("Cette invitation est destinée au compte");
    expect((await someoneElse.post(`${path}/rejoindre`, {})).status).toBe(403);
    expect(await isMember()).toBe(false);

    const invitee = await signedInClient(app.url, other.agent1.email);
    const page = await invitee.get(path);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`Rejoindre ${team.organisation.name}</button>`);
    expect(await isMember()).toBe(false);
    const joined = await invitee.post(`${path}/rejoindre`, {});
    expect(joined).toMatchObject({ status: 302, location: "/agenda" });
    expect(await isMember()).toBe(true);
    const role = await db.agentRole.findFirstOrThrow({
      where: { agentId: other.agent1.id, organisationId: team.organisation.id },
      select: { level: true },
    });
    expect(role.level).toBe("secretary");
    expect((await invitee.get("/agenda")).html).toContain(`Vous avez rejoint ${team.organisation.name}.`);
    // Its password and its first organisation are untouched; the link is used up.
    expect((await new WebClient(app.url).signIn(other.agent1.email, TEST_PASSWORD)).status).toBe(302);
    expect(await db.agentRole.count({ where: { agentId: other.agent1.id } })).toBe(2);
    expect((await invitee.get(path)).status).toBe(410);
    expect((await invitee.post(`${path}/rejoindre`, {})).status).toBe(410);
  });

  it("answers the API and the admin page the same way whether or not the email has an account", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const other = await createTeam(db);
    const api = await apiClient(app.url, team.admin.email);
    const fields = { firstName: "Même", lastName: "Réponse", role: "agent" };
    const base = `/organisations/${team.organisation.id}/invitations`;
    const unknownEmail = `api-inconnu-${unique()}@test.rdv-agents.fr`;
    const known = await api.post(base, { ...fields, email: other.agent1.email });
    const unknown = await api.post(base, { ...fields, email: unknownEmail });
    expect(known.status).toBe(201);
    expect(unknown.status).toBe(201);
    const neutral = (body: unknown, email: string) => JSON.stringify(body).replaceAll(email, "EMAIL");
    expect(neutral(known.body, other.agent1.email)).toBe(neutral(unknown.body, unknownEmail));
    expect(known.body).toEqual({ outcome: "invited", invitation: { email: other.agent1.email, ...fields } });

    const admin = await signedInClient(app.url, team.admin.email);
    const flashes: string[] = [];
    for (const email of [other.agent2.email, `page-inconnu-${unique()}@test.rdv-agents.fr`]) {
      await admin.get("/admin/agents/invitation");
      const sent = await admin.post("/admin/agents/invitation", { ...fields, email });
      expect(sent).toMatchObject({ status: 302, location: "/admin/agents" });
      const list = await admin.get("/admin/agents");
      const flash = /<div class="alert alert-success" role="status">([^<]*)<\/div>/.exec(list.html)?.[1];
      flashes.push((flash ?? "").replaceAll(email, "EMAIL"));
    }
    expect(flashes[0]).toContain("Invitation envoyée à Même Réponse (EMAIL)");
    expect(flashes[0]).toBe(flashes[1]);
  });
});

describe("inviting an agent", () => {
  it("creates the account without password, queues an email with a 7-day link, and stores only its hash", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const email = `nouvelle-${unique()}@test.rdv-agents.fr`;
    const now = new Date();
    const result = await invite(team, {
      email: email.toUpperCase(),
      firstName: "Nadia",
      lastName: "Nouvelle",
      role: "secretary",
    });
    expect(result.outcome).toBe("invited");

    const agent = await db.agent.findUniqueOrThrow({ where: { email }, select: { id: true, passwordHash: true } });
    expect(agent.passwordHash).toBeNull();
    expect(await db.agentRole.findFirst({ where: { agentId: agent.id }, select: { level: true } })).toEqual({
      level: "secretary",
    });
    const [message, ...others] = await renderedRows(db, { toEmail: email }, APP_URL);
    expect(others).toEqual([]);
    expect({ subject: message?.subject, organisationId: message?.organisationId }).toEqual({
      subject: `Invitation à rejoindre ${team.organisation.name} sur RDV Agents`,
      organisationId: team.organisation.id,
    });

    const secret = await linkSecretFor(email);
    expect(Buffer.from(secret, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    const token = await db.agentToken.findFirstOrThrow({
      where: { agentId: agent.id },
      select: { tokenHash: true, kind: true, expiresAt: true },
    });
    expect(token.kind).toBe("invitation");
    expect(token.tokenHash).toBe(hashSecret(secret));
    expect(token.tokenHash).not.toContain(secret);
    const days = (token.expiresAt.getTime() - now.getTime()) / (24 * 3600 * 1000);
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);

    const history = await db.historyEntry.findFirstOrThrow({
      where: { recordType: "agent", recordId: agent.id },
      select: { action: true, authorAgentId: true, organisationId: true },
    });
    expect(history).toEqual({ action: "invited", authorAgentId: team.admin.id, organisationId: team.organisation.id });
  });

  it("lets the invitee choose a password once; the link then says it was used", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const email = `invite-${unique()}@test.rdv-agents.fr`;
    await invite(team, { email, firstName: "Inès", lastName: "Invitée", role: "agent" });
    const secret = await linkSecretFor(email);
    expect((await findInvitation(db, secret)).status).toBe("valid");

    const tooShort = await acceptInvitation(db, {
      secret,
      raw: { password: "court", passwordConfirmation: "court" },
    }).catch((e: unknown) => e);
    expect(tooShort).toBeInstanceOf(AppError);
    expect((tooShort as AppError).fields?.password).toBe("Le mot de passe doit contenir au moins 12 caractères.");
    const mismatch = await acceptInvitation(db, {
      secret,
      raw: { password: NEW_PASSWORD, passwordConfirmation: `${NEW_PASSWORD}!` },
    }).catch((e: unknown) => e);
    expect((mismatch as AppError).fields?.passwordConfirmation).toBe("Les deux mots de passe ne sont pas identiques.");

    const accepted = await acceptInvitation(db, {
      secret,
      raw: { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD },
    });
    expect(accepted).toEqual({ status: "accepted", email });
    const agent = await db.agent.findUniqueOrThrow({ where: { email }, select: { passwordHash: true } });
    expect(await verifyPassword(agent.passwordHash, NEW_PASSWORD)).toBe(true);

    const again = await acceptInvitation(db, {
      secret,
      raw: { password: "un autre mot de passe", passwordConfirmation: "un autre mot de passe" },
    });
    expect(again).toEqual({ status: "used" });
    expect(
      await verifyPassword((await db.agent.findUniqueOrThrow({ where: { email } })).passwordHash, NEW_PASSWORD),
    ).toBe(true);
  });

  it("refuses an invitation link after 7 days", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const email = `tard-${unique()}@test.rdv-agents.fr`;
    await invite(team, { email, firstName: "Théo", lastName: "Tardif", role: "agent" });
    const secret = await linkSecretFor(email);
    expect((await findInvitation(db, secret, inDays(6.9))).status).toBe("valid");
    expect((await findInvitation(db, secret, inDays(7.01))).status).toBe("expired");
    const late = await acceptInvitation(db, {
      secret,
      raw: { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD },
      now: inDays(8),
    });
    expect(late).toEqual({ status: "expired" });
    expect((await db.agent.findUniqueOrThrow({ where: { email } })).passwordHash).toBeNull();
  });

  it("voids the link of an invitee removed from the organisation before accepting", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const email = `retire-${unique()}@test.rdv-agents.fr`;
    await invite(team, { email, firstName: "Rémi", lastName: "Retiré", role: "agent" });
    const { id: agentId } = await db.agent.findUniqueOrThrow({ where: { email }, select: { id: true } });
    const secret = await linkSecretFor(email);
    // Valid until the removal: without this, a secret read wrongly from the email would pass as "voided".
    expect((await findInvitation(db, secret)).status).toBe("valid");
    await removeAgentFromOrganisation(domainContext(db), {
      actor: actorIn(team.admin, team.organisation.id, "admin"),
      organisationId: team.organisation.id,
      agentId,
      raw: {},
    });
    expect((await findInvitation(db, secret)).status).toBe("unknown");
  });

  it("does not know a made-up link", async () => {
    expect((await findInvitation(testDb(), "pas-un-vrai-jeton")).status).toBe("unknown");
  });

  it("never joins an agent of another organisation unasked: a pending invitation, the same answer as a new email", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const other = await createTeam(db);
    const fields = { firstName: "Autre", lastName: "Nom", role: "agent" };
    const known = await invite(team, { ...fields, email: other.agent1.email });
    const unknownEmail = `inconnu-${unique()}@test.rdv-agents.fr`;
    const unknown = await invite(team, { ...fields, email: unknownEmail });
    // The submitted values, whatever the email: nothing says that an account exists (nor its names).
    expect(known).toEqual({ outcome: "invited", email: other.agent1.email, ...fields });
    expect(unknown).toEqual({ outcome: "invited", email: unknownEmail, ...fields });

    // One account, still in its own organisation only; the role waits in the link.
    expect(await db.agent.count({ where: { email: other.agent1.email } })).toBe(1);
    const roles = await db.agentRole.findMany({
      where: { agentId: other.agent1.id },
      select: { organisationId: true },
    });
    expect(roles.map((r) => r.organisationId)).toEqual([other.organisation.id]);
    const secret = await linkSecretFor(other.agent1.email);
    const pending = await findInvitation(db, secret);
    expect(pending).toMatchObject({ status: "valid", join: true, role: "agent" });
    const [message] = await renderedRows(db, { toEmail: other.agent1.email, kind: "invitation" }, APP_URL);
    if (!message) throw new Error("no invitation queued");
    // The same subject as a new account's; words that do not guess the person's gender.
    expect(message.subject).toBe(`Invitation à rejoindre ${team.organisation.name} sur RDV Agents`);
    expect(message.text).toContain("Connectez-vous avec votre compte habituel, puis acceptez l'invitation");
    expect(message.text).not.toContain("mot de passe");
    // The history names the invitation as it was sent, not the existing account's names.
    const history = await db.historyEntry.findFirstOrThrow({
      where: { recordId: other.agent1.id, organisationId: team.organisation.id },
      select: { action: true, data: true },
    });
    expect(history.action).toBe("invited");
    expect(JSON.stringify(history.data)).not.toContain(other.agent1.firstName);
    // The link cannot set a new password on an account that has one.
    expect(
      await acceptInvitation(db, { secret, raw: { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD } }),
    ).toEqual({ status: "used" });
    const agent = await db.agent.findUniqueOrThrow({ where: { id: other.agent1.id }, select: { passwordHash: true } });
    expect(await verifyPassword(agent.passwordHash, TEST_PASSWORD)).toBe(true);
    expect((await findInvitation(db, secret)).status).toBe("valid");
  });

  it("refuses an agent who is already in the organisation, next to the email field", async () => {
    const team = await createTeam(testDb());
    const error = await invite(team, { email: team.agent2.email, firstName: "X", lastName: "Y", role: "agent" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("conflict");
    expect((error as AppError).fields?.email).toBe("Un agent de l'organisation a déjà cette adresse email.");
  });

  it("explains each wrong field in French", async () => {
    const team = await createTeam(testDb());
    const error = await invite(team, { email: "pas-un-email", firstName: " ", lastName: "", role: "chef" }).catch(
      (e: unknown) => e,
    );
    expect((error as AppError).fields).toEqual({
      email: "Saisissez une adresse email valide.",
      firstName: "Saisissez le prénom.",
      lastName: "Saisissez le nom.",
      role: "Choisissez un rôle : administrateur, secrétariat ou agent.",
    });
  });

  it("is for admins only", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const error = await inviteAgent(domainContext(db), {
      actor: actorIn(team.secretary, team.organisation.id, "secretary"),
      organisationId: team.organisation.id,
      raw: { email: `x-${unique()}@test.rdv-agents.fr`, firstName: "X", lastName: "Y", role: "admin" },
    }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe("forbidden");
  });
});

describe("changing a role", () => {
  it("changes it and writes the history, but never takes the last admin's role away", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const scope = { actor: actorIn(team.admin, team.organisation.id, "admin"), organisationId: team.organisation.id };
    await changeAgentRole(domainContext(db), { ...scope, agentId: team.agent1.id, raw: { role: "secretary" } });
    expect((await db.agentRole.findFirstOrThrow({ where: { agentId: team.agent1.id } })).level).toBe("secretary");
    const history = await db.historyEntry.findFirstOrThrow({
      where: { recordId: team.agent1.id, action: "role_changed" },
    });
    expect(withSummary(history).summary).toContain("Agent → Secrétariat");

    const error = await changeAgentRole(domainContext(db), {
      ...scope,
      agentId: team.admin.id,
      raw: { role: "agent" },
    }).catch((e: unknown) => e);
    expect((error as AppError).fields?.role).toBe("L'organisation doit garder au moins un administrateur.");
    expect((await db.agentRole.findFirstOrThrow({ where: { agentId: team.admin.id } })).level).toBe("admin");
  });
});
