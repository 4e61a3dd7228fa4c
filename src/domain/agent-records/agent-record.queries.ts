// What reading plages and absences shares: which of them, and which agents, an actor may list. Each kind's queries
// (plage.queries.ts, absence.queries.ts) add their table, columns and filters.
import type { Tx } from "../../db/client.ts";
import { type AgentOption, agentsOf, requireAgentInOrganisation } from "../agents/agent.queries.ts";
import { type Actor, organisationIdsOf, requireMembership } from "../auth/actor.ts";
import { forbidden } from "../errors.ts";
import { canSeeAgentRecordsOf, managesAllAgentRecordsIn, seesAllAgentRecordsIn } from "./agent-record.policy.ts";

/**
 * The `where` of the plages or absences the actor may list: in every organisation it belongs to (or the one asked
 * for, 404 if not a member), all agents' for admins and secretaries, its own for agents. Asking for an agent who is
 * not a member is a 404; for a colleague's, as an agent, a 403 with `forbiddenMessage`.
 */
export async function visibleAgentRecordsWhere(
  db: Tx,
  actor: Actor,
  { organisationId, agentId }: { organisationId?: string; agentId?: string },
  forbiddenMessage: string,
) {
  if (organisationId !== undefined) {
    requireMembership(actor, organisationId);
    if (agentId !== undefined) {
      await requireAgentInOrganisation(db, agentId, organisationId);
      if (!canSeeAgentRecordsOf(actor, agentId, organisationId)) throw forbidden(forbiddenMessage);
    }
  }
  const organisationIds = organisationId === undefined ? organisationIdsOf(actor) : [organisationId];
  const wide = organisationIds.filter((id) => seesAllAgentRecordsIn(actor, id));
  const own = organisationIds.filter((id) => !wide.includes(id));
  return {
    OR: [{ organisationId: { in: wide } }, { organisationId: { in: own }, agentId: actor.agentId }],
    ...(agentId !== undefined && { agentId }),
  };
}

/** The agents whose plages and absences the actor may list: all for admins and secretaries, itself otherwise. */
export async function agentsWithVisibleRecords(db: Tx, actor: Actor, organisationId: string): Promise<AgentOption[]> {
  requireMembership(actor, organisationId);
  return agentsOf(db, organisationId, seesAllAgentRecordsIn(actor, organisationId) ? undefined : actor.agentId);
}

/** The agents the actor may create plages and absences for: all for admins, itself otherwise. */
export async function agentsWithManageableRecords(
  db: Tx,
  actor: Actor,
  organisationId: string,
): Promise<AgentOption[]> {
  requireMembership(actor, organisationId);
  return agentsOf(db, organisationId, managesAllAgentRecordsIn(actor, organisationId) ? undefined : actor.agentId);
}
