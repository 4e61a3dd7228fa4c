// The signed-in agent as the domain sees it: who it is and its role in each organisation it belongs to.
import type { RoleLevel } from "../../generated/prisma/enums.ts";
import { notFound } from "../errors.ts";

export type Membership = { organisationId: string; level: RoleLevel };
export type Actor = { agentId: string; memberships: Membership[] };

/** The actor's role in an organisation, or null when it does not belong to it. */
export function roleIn(actor: Actor, organisationId: string): RoleLevel | null {
  return actor.memberships.find((m) => m.organisationId === organisationId)?.level ?? null;
}

/** The organisations an actor may read: the ones it belongs to. */
export function organisationIdsOf(actor: Actor): string[] {
  return actor.memberships.map((m) => m.organisationId);
}

/**
 * The actor's role in an organisation, or a 404 when it does not belong to it: a forged id of another
 * organisation finds nothing rather than revealing that it exists.
 */
export function requireMembership(actor: Actor, organisationId: string): RoleLevel {
  const level = roleIn(actor, organisationId);
  if (!level) throw notFound();
  return level;
}
