// Reading and closing browser sessions. The cookie carries the secret; the table holds its hash.
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { FlashKind, RoleLevel } from "../../generated/prisma/enums.ts";
import type { Actor } from "./actor.ts";
import { hashSecret } from "./tokens.ts";

export type SessionAgent = { id: string; email: string; firstName: string; lastName: string };
export type SessionOrganisation = { id: string; name: string; timezone: string; level: RoleLevel };
export type CurrentSession = {
  id: string;
  csrfToken: string;
  flash: { message: string; kind: FlashKind } | null;
  agent: SessionAgent;
  actor: Actor;
  organisations: SessionOrganisation[];
  /** The organisation the agent is working in, chosen from the header; null if it belongs to none. */
  currentOrganisation: SessionOrganisation | null;
};

/** The live session behind a cookie secret, with the agent's organisations, or null. */
export async function findSession(db: Db, secret: string, now = new Date()): Promise<CurrentSession | null> {
  // Every signed-in request starts here: one statement for the session, its agent and organisations (Prisma's nested
  // select sent one per relation, four round trips before any page could start).
  const session = sessionRowSchema.array().parse(
    await db.$queryRaw<unknown[]>`
      SELECT s."id", s."csrfToken", s."flash", s."flashKind"::text AS "flashKind", s."expiresAt",
             s."currentOrganisationId", a."id" AS "agentId", a."email", a."firstName", a."lastName",
             COALESCE((SELECT json_agg(json_build_object('id', o."id", 'name', o."name", 'timezone', o."timezone",
                                                         'level', ar."level") ORDER BY o."name", o."id")
                         FROM "AgentRole" ar JOIN "Organisation" o ON o."id" = ar."organisationId"
                        WHERE ar."agentId" = a."id"), '[]') AS "organisations"
        FROM "Session" s JOIN "Agent" a ON a."id" = s."agentId"
       WHERE s."id" = ${hashSecret(secret)}`,
  )[0];
  if (!session || session.expiresAt <= now) return null;
  const { organisations } = session;
  const agent = { id: session.agentId, email: session.email, firstName: session.firstName, lastName: session.lastName };
  return {
    id: session.id,
    csrfToken: session.csrfToken,
    flash: session.flash === null ? null : { message: session.flash, kind: session.flashKind },
    agent,
    actor: { agentId: agent.id, memberships: organisations.map((o) => ({ organisationId: o.id, level: o.level })) },
    organisations,
    currentOrganisation: organisations.find((o) => o.id === session.currentOrganisationId) ?? organisations[0] ?? null,
  };
}

const sessionRowSchema = z.object({
  id: z.string(),
  csrfToken: z.string(),
  flash: z.string().nullable(),
  flashKind: z.enum(FlashKind),
  expiresAt: z.date(),
  currentOrganisationId: z.string().nullable(),
  agentId: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  organisations: z.array(
    z.object({ id: z.string(), name: z.string(), timezone: z.string(), level: z.enum(RoleLevel) }),
  ),
});

/** Close a session (sign-out). */
export async function destroySession(db: Db, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Keep a one-time message for the next page of this session: a confirmation, or a refusal (`error`). */
export async function setFlash(db: Db, sessionId: string, message: string, kind: FlashKind = "success"): Promise<void> {
  await db.session.update({ where: { id: sessionId }, data: { flash: message, flashKind: kind } });
}

/** Forget the one-time message once shown. */
export async function clearFlash(db: Db, sessionId: string): Promise<void> {
  await db.session.update({ where: { id: sessionId }, data: { flash: null } });
}

/** Make another of the agent's organisations the current one; ignored when it does not belong to it. */
export async function switchOrganisation(db: Db, session: CurrentSession, organisationId: string): Promise<boolean> {
  if (!session.organisations.some((o) => o.id === organisationId)) return false;
  await db.session.update({ where: { id: session.id }, data: { currentOrganisationId: organisationId } });
  return true;
}
