// Reading and closing browser sessions. The cookie carries the secret; the table holds its hash.
import type { Db } from "../../db/client.ts";
import type { FlashKind, RoleLevel } from "../../generated/prisma/enums.ts";
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
  const session = await db.session.findUnique({
    where: { id: hashSecret(secret) },
    select: {
      id: true,
      csrfToken: true,
      flash: true,
      flashKind: true,
      expiresAt: true,
      currentOrganisationId: true,
      agent: {
        select: {
          id: true,
          email: true,
          firstName: true,
          lastName: true,
          roles: {
            select: { level: true, organisation: { select: { id: true, name: true, timezone: true } } },
            orderBy: { organisation: { name: "asc" } },
          },
        },
      },
    },
  });
  if (!session || session.expiresAt <= now) return null;
  const { roles, ...agent } = session.agent;
  const organisations = roles.map((role) => ({ ...role.organisation, level: role.level }));
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
