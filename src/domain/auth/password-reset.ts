// « Mot de passe oublié »: a single-use link valid one hour, emailed through the outbox. The answer never says
// whether the email is known, nor takes longer when it is: the request only queues the email, the worker resolves it.
import { DateTime } from "luxon";
import { z } from "zod";
import type { Db, Tx } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";
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
// Requests resolved per transaction of the worker.
const RESOLVE_BATCH = 50;

/**
 * Queue the submitted email and nothing else: one insert, the same work and the same answer whether an account has
 * this email or not (the worker looks it up, see resolvePasswordResetRequests).
 */
export async function requestPasswordReset(context: DomainContext, input: { raw: unknown; now?: Date }): Promise<void> {
  const { email } = parseInput(requestSchema, input.raw);
  await context.db.passwordResetRequest.create({ data: { email, createdAt: input.now ?? new Date() } });
}

/**
 * Turn queued requests into reset links (run by each pass of the email worker): for each request whose email has an account, and
 * under its three-an-hour limit, issue a link and queue its email; requests of unknown emails just go. `emails` keeps
 * to those requests (tests sharing a database). Returns how many links were queued.
 */
export async function resolvePasswordResetRequests(
  db: Db,
  options: { emails?: readonly string[] } = {},
): Promise<number> {
  const scope =
    options.emails === undefined ? Prisma.empty : Prisma.sql`AND "email" IN (${Prisma.join([...options.emails, ""])})`;
  // The requests are deleted and their links written in one transaction, under SKIP LOCKED: two workers never take
  // the same request, and one that dies mid-way leaves its requests to the next pass. A call for given emails waits
  // for a worker holding them instead, so that their links exist when it returns.
  const lock = options.emails === undefined ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.sql`FOR UPDATE`;
  return db.$transaction(async (tx) => {
    const requests = await tx.$queryRaw<{ email: string; createdAt: Date }[]>`
      DELETE FROM "PasswordResetRequest" WHERE "id" IN (
        SELECT "id" FROM "PasswordResetRequest" WHERE TRUE ${scope}
        ORDER BY "createdAt" LIMIT ${RESOLVE_BATCH} ${lock}
      ) RETURNING "email", "createdAt"`;
    if (requests.length === 0) return 0;
    const agents = await tx.agent.findMany({
      where: { email: { in: [...new Set(requests.map((request) => request.email))] } },
      select: { id: true, email: true, firstName: true },
    });
    const byEmail = new Map(agents.map((agent) => [agent.email, agent]));
    let queued = 0;
    // In order: each counts against the limit before the next is looked at. A link is valid one hour from the request.
    for (const request of requests.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
      const agent = byEmail.get(request.email);
      const now = request.createdAt;
      if (!agent || !(await countReset(tx, agent.id, now))) continue;
      const secret = await issueAgentToken(
        tx,
        { kind: "password_reset", agentId: agent.id, organisationId: null, createdByAgentId: null },
        now,
      );
      await enqueueEmail(tx, {
        organisationId: null,
        kind: "password_reset",
        to: agent.email,
        payload: {
          kind: "password_reset",
          recipient: { firstName: agent.firstName, email: agent.email },
          token: secret,
        },
      });
      queued += 1;
    }
    return queued;
  });
}

// One statement reads the agent's window and adds this link only if there is room, under the row's lock (the
// SignInLimit table of the sign-in limits, key `reset:<agentId>`), so two workers cannot both find the third place.
async function countReset(tx: Tx, agentId: string, now: Date): Promise<boolean> {
  const since = DateTime.fromJSDate(now).minus({ hours: 1 }).toJSDate();
  const recent = Prisma.sql`ARRAY(SELECT a FROM unnest(l."attempts") AS a WHERE a >= ${since}::timestamptz)`;
  const free = Prisma.sql`cardinality(${recent}) < ${MAX_RESETS_PER_HOUR}`;
  const [row] = await tx.$queryRaw<{ lastCounted: boolean }[]>`
    INSERT INTO "SignInLimit" AS l ("key", "attempts", "lastCounted")
    VALUES (${`reset:${agentId}`}, ARRAY[${now}::timestamptz], true)
    ON CONFLICT ("key") DO UPDATE SET
      "attempts" = CASE WHEN ${free} THEN ${recent} || ${now}::timestamptz ELSE ${recent} END,
      "lastCounted" = ${free}
    RETURNING "lastCounted"`;
  return row?.lastCounted === true;
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
