import { describe, expect, it } from "vitest";
import { changePassword } from "../../../src/domain/auth/change-password.ts";
import { verifyPassword } from "../../../src/domain/auth/password.ts";
import {
  findPasswordReset,
  requestPasswordReset,
  resetPassword,
  resolvePasswordResetRequests,
} from "../../../src/domain/auth/password-reset.ts";
import { hashSecret, newSecret } from "../../../src/domain/auth/tokens.ts";
import { AppError } from "../../../src/domain/errors.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, TEST_PASSWORD, unique } from "../../support/factories.ts";
import { APP_URL, domainContext } from "../admin/support.ts";
import { renderedRows } from "../notifications/support.ts";

const NEW_PASSWORD = "nouveau mot de passe solide";
const HOUR = 3600 * 1000;

async function resetSecretsFor(email: string): Promise<string[]> {
  const messages = await renderedRows(testDb(), { toEmail: email, kind: "password_reset" }, APP_URL);
  return messages.map((m) => {
    const secret = new RegExp(`${APP_URL}/mot-de-passe/nouveau/([A-Za-z0-9_-]+)`).exec(m.text)?.[1];
    if (!secret) throw new Error(`no reset link in ${m.text}`);
    return secret;
  });
}

/** The form's request, then the worker's step that turns it into a link (only this email's requests). */
async function requestReset(email: string, now?: Date): Promise<void> {
  await requestPasswordReset(domainContext(testDb()), { raw: { email }, now });
  await resolvePasswordResetRequests(testDb(), { emails: [email.trim().toLowerCase()] });
}

async function openSessions(agentId: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => hashSecret(newSecret()));
  await testDb().session.createMany({
    data: ids.map((id) => ({ id, agentId, csrfToken: newSecret(), expiresAt: new Date(Date.now() + 12 * HOUR) })),
  });
  return ids;
}

describe("forgotten password", () => {
  it("queues a single-use link valid one hour for a known email, stored hashed", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const now = new Date();
    await requestReset(` ${agent1.email.toUpperCase()} `, now);
    const [secret] = await resetSecretsFor(agent1.email);
    if (!secret) throw new Error("no email");
    const token = await db.agentToken.findFirstOrThrow({
      where: { agentId: agent1.id, kind: "password_reset" },
      select: { tokenHash: true, expiresAt: true },
    });
    expect(token.tokenHash).toBe(hashSecret(secret));
    expect(token.expiresAt.getTime() - now.getTime()).toBe(HOUR);
    expect((await findPasswordReset(db, secret, new Date(now.getTime() + 59 * 60_000))).status).toBe("valid");
    expect((await findPasswordReset(db, secret, new Date(now.getTime() + 61 * 60_000))).status).toBe("expired");
  });

  it("does nothing visible for an unknown email, and no email leaves", async () => {
    const db = testDb();
    const email = `inconnu-${unique()}@test.rdv-agents.fr`;
    await expect(requestPasswordReset(domainContext(db), { raw: { email } })).resolves.toBeUndefined();
    expect(await db.passwordResetRequest.count({ where: { email } })).toBe(1);
    expect(await resolvePasswordResetRequests(db, { emails: [email] })).toBe(0);
    expect(await db.passwordResetRequest.count({ where: { email } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { toEmail: email } })).toBe(0);
  });

  it("sends at most three links an hour to one agent", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    for (let i = 0; i < 5; i++) await requestReset(agent1.email);
    expect(await db.outboxMessage.count({ where: { toEmail: agent1.email, kind: "password_reset" } })).toBe(3);
  });

  it("sets the new password, closes every session, and cannot be used twice", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    await openSessions(agent1.id, 2);
    await requestReset(agent1.email);
    await requestReset(agent1.email);
    const [first, second] = await resetSecretsFor(agent1.email);
    if (!first || !second) throw new Error("two emails expected");

    const result = await resetPassword(db, {
      secret: second,
      raw: { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD },
    });
    expect(result).toEqual({ status: "reset", email: agent1.email });
    const agent = await db.agent.findUniqueOrThrow({ where: { id: agent1.id }, select: { passwordHash: true } });
    expect(await verifyPassword(agent.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await db.session.count({ where: { agentId: agent1.id } })).toBe(0);

    const again = await resetPassword(db, {
      secret: second,
      raw: { password: "encore un autre", passwordConfirmation: "encore un autre" },
    });
    expect(again).toEqual({ status: "used" });
    // The older link of the same agent is used up too.
    expect((await findPasswordReset(db, first)).status).toBe("used");
  });

  it("refuses an expired link and keeps the old password", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    await requestReset(agent1.email);
    const [secret] = await resetSecretsFor(agent1.email);
    if (!secret) throw new Error("no email");
    const late = await resetPassword(db, {
      secret,
      raw: { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD },
      now: new Date(Date.now() + 2 * HOUR),
    });
    expect(late).toEqual({ status: "expired" });
    const agent = await db.agent.findUniqueOrThrow({ where: { id: agent1.id }, select: { passwordHash: true } });
    expect(await verifyPassword(agent.passwordHash, TEST_PASSWORD)).toBe(true);
  });

  it("does not accept an invitation link as a reset link", async () => {
    const db = testDb();
    const { agent1, organisation } = await createTeam(db);
    const secret = newSecret();
    await db.agentToken.create({
      data: {
        agentId: agent1.id,
        organisationId: organisation.id,
        kind: "invitation",
        tokenHash: hashSecret(secret),
        expiresAt: new Date(Date.now() + HOUR),
      },
    });
    expect((await findPasswordReset(db, secret)).status).toBe("unknown");
    // The same row as a reset link is accepted: the kind alone made the difference above.
    await db.agentToken.updateMany({ where: { tokenHash: hashSecret(secret) }, data: { kind: "password_reset" } });
    expect((await findPasswordReset(db, secret)).status).toBe("valid");
  });
});

describe("changing one's password", () => {
  it("asks for the current password", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const [current] = await openSessions(agent1.id, 1);
    const error = await changePassword(db, {
      agentId: agent1.id,
      sessionId: current ?? "",
      raw: { currentPassword: "pas le bon", password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields).toEqual({
      currentPassword: "Ce mot de passe n'est pas votre mot de passe actuel.",
    });
  });

  it("closes the agent's other sessions and keeps this one", async () => {
    const db = testDb();
    const { agent1, agent2 } = await createTeam(db);
    const [current, other] = await openSessions(agent1.id, 2);
    const [colleague] = await openSessions(agent2.id, 1);
    const { closedSessions } = await changePassword(db, {
      agentId: agent1.id,
      sessionId: current ?? "",
      raw: { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD },
    });
    expect(closedSessions).toBe(1);
    const left = await db.session.findMany({ where: { id: { in: [current ?? "", other ?? "", colleague ?? ""] } } });
    expect(left.map((s) => s.id).sort()).toEqual([current, colleague].sort());
    const agent = await db.agent.findUniqueOrThrow({ where: { id: agent1.id }, select: { passwordHash: true } });
    expect(await verifyPassword(agent.passwordHash, NEW_PASSWORD)).toBe(true);
  });
});
