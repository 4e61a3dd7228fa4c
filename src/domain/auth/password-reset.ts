// « Mot de passe oublié »: a single-use link valid one hour, emailed through the outbox. The answer never says
// whether the email is known.
import { DateTime } from "luxon";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { enqueueEmail } from "../../notifications/outbox.ts";
import type { DomainContext } from "../context.ts";
import { parseInput } from "../validation.ts";
import { checkAgentToken, consumeAgentToken, issueAgentToken, type TokenCheck } from "./agent-tokens.ts";
import { revokeAllApiTokens } from "./api-tokens.ts";
import { newPasswordSchema } from "./password.schemas.ts";
import { hashPassword } from "./password.ts";

const requestSchema = z.object({
  email: z
    .string({ error: "Saisissez votre adresse email." })
    .trim()
    .toLowerCase()
    .min(1, "Saisissez votre adresse email.")
    .max(320, "Cette adresse email est trop longue.")
    .pipe(z.email("Saisissez une adresse email valide.")),
});

// Links sent per agent and per hour: enough for a lost email, not enough to flood a mailbox.
const MAX_RESETS_PER_HOUR = 3;

/** Queue a reset link for the agent with this email, if there is one; says nothing either way. */
export async function requestPasswordReset(context: DomainContext, input: { raw: unknown; now?: Date }): Promise<void> {
  const { email } = parseInput(requestSchema, input.raw);
  const now = input.now ?? new Date();
  const agent = await context.db.agent.findUnique({ where: { email }, select: { id: true, firstName: true } });
  if (!agent) return;
  const recent = await context.db.agentToken.count({
    where: {
      agentId: agent.id,
      kind: "password_reset",
      createdAt: { gt: DateTime.fromJSDate(now).minus({ hours: 1 }).toJSDate() },
    },
  });
  if (recent >= MAX_RESETS_PER_HOUR) return;
  await context.db.$transaction(async (tx) => {
    const secret = await issueAgentToken(
      tx,
      { kind: "password_reset", agentId: agent.id, organisationId: null, createdByAgentId: null },
      now,
    );
    await enqueueEmail(tx, {
      organisationId: null,
      kind: "password_reset",
      to: email,
      payload: { kind: "password_reset", recipient: { firstName: agent.firstName, email }, token: secret },
    });
  });
}

/** What a reset link leads to, without using it. */
export function findPasswordReset(db: Db, secret: string, now = new Date()): Promise<TokenCheck> {
  return checkAgentToken(db, "password_reset", secret, now);
}

export type ResetPasswordResult = { status: "reset"; email: string } | { status: "unknown" | "used" | "expired" };

/**
 * Set a new password through a reset link; every session of the agent is closed, every other link used up and every
 * API token revoked.
 */
export async function resetPassword(
  db: Db,
  input: { secret: string; raw: unknown; now?: Date },
): Promise<ResetPasswordResult> {
  const now = input.now ?? new Date();
  const reset = await findPasswordReset(db, input.secret, now);
  if (reset.status !== "valid") return reset;
  const { password } = parseInput(newPasswordSchema, input.raw);
  const passwordHash = await hashPassword(password);
  const done = await db.$transaction(async (tx) => {
    if (!(await consumeAgentToken(tx, reset.tokenId, now))) return false;
    await tx.agent.update({ where: { id: reset.agent.id }, data: { passwordHash } });
    await tx.agentToken.updateMany({
      where: { agentId: reset.agent.id, kind: "password_reset", usedAt: null },
      data: { usedAt: now },
    });
    await tx.session.deleteMany({ where: { agentId: reset.agent.id } });
    await revokeAllApiTokens(tx, reset.agent.id, "password_reset", now);
    return true;
  });
  return done ? { status: "reset", email: reset.agent.email } : { status: "used" };
}
