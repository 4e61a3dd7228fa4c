import type { Tx } from "../../db/client.ts";
import type { RoleLevel } from "../../generated/prisma/enums.ts";
import { fullName } from "../../vocabulary/names.ts";
import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { conflict, notFound } from "../errors.ts";
import { recordHistory } from "../history/record-history.ts";
import { parseInput } from "../validation.ts";
import { changeRoleSchema } from "./agent.schemas.ts";

export const LAST_ADMIN_MESSAGE = "L'organisation doit garder au moins un administrateur.";

/**
 * The agent's role row in the organisation, locked for the transaction, or a 404 when it is not a member. The
 * organisation's row is locked first: every change of a membership in one organisation then runs after the others
 * have committed, so the admin count that follows (wouldLeaveNoAdmin) is exact. Locking only the agent's own row let
 * two admins demote each other at once, each counting the other as still admin.
 */
export async function lockMembership(tx: Tx, organisationId: string, agentId: string) {
  // NO KEY UPDATE: serialises these changes without blocking the inserts that merely reference the organisation.
  await tx.$queryRaw`SELECT 1 FROM "Organisation" WHERE "id" = ${organisationId} FOR NO KEY UPDATE`;
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "AgentRole" WHERE "organisationId" = ${organisationId} AND "agentId" = ${agentId} FOR UPDATE`;
  const role = locked[0]
    ? await tx.agentRole.findUnique({
        where: { id: locked[0].id },
        select: { id: true, level: true, agent: { select: { id: true, firstName: true, lastName: true } } },
      })
    : null;
  if (!role) throw notFound("Cet agent ne fait pas partie de l'organisation.");
  return role;
}

/**
 * Whether taking the admin role away from `level` would leave the organisation without an admin; call it after
 * lockMembership. (The database refuses it anyway: trigger AgentRole_keep_an_admin; this check gives the clear 409.)
 */
export async function wouldLeaveNoAdmin(tx: Tx, organisationId: string, level: RoleLevel): Promise<boolean> {
  if (level !== "admin") return false;
  const admins = await tx.agentRole.count({ where: { organisationId, level: "admin" } });
  return admins <= 1;
}

/** Change an agent's role in the organisation; the last admin cannot lose the role. */
export async function changeAgentRole(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; agentId: string; raw: unknown },
): Promise<{ changed: boolean }> {
  requireAdmin(input.actor, input.organisationId);
  const { role } = parseInput(changeRoleSchema, input.raw);
  return context.db.$transaction(async (tx) => {
    const membership = await lockMembership(tx, input.organisationId, input.agentId);
    if (membership.level === role) return { changed: false };
    if (await wouldLeaveNoAdmin(tx, input.organisationId, membership.level)) {
      throw conflict(LAST_ADMIN_MESSAGE, { role: LAST_ADMIN_MESSAGE });
    }
    await tx.agentRole.update({ where: { id: membership.id }, data: { level: role } });
    await recordHistory(tx, {
      organisationId: input.organisationId,
      recordId: input.agentId,
      author: agentAuthor(input.actor.agentId),
      data: {
        type: "agent",
        action: "role_changed",
        agent: fullName(membership.agent),
        role: { from: membership.level, to: role },
      },
    });
    return { changed: true };
  });
}
