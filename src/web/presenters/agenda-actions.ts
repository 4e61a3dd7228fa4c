// The plage and absence creation buttons of an agent's agenda: who sees them is the agent-record policy's call.
import { canManageAgentRecord } from "../../domain/agent-records/agent-record.policy.ts";
import type { Actor } from "../../domain/auth/actor.ts";

export type AgendaCreationActions = {
  canCreatePlage: boolean;
  canCreateAbsence: boolean;
  newPlage: string;
  newAbsence: string;
};

/**
 * Whether the actor may create plages and absences for the agent on screen (itself, or anyone for an admin), and the
 * links that open the forms for that agent: a secretary or an agent on a colleague's agenda gets no button rather than
 * a 403 or a plage created for itself.
 */
export function agendaCreationActions(actor: Actor, organisationId: string, agentId: string): AgendaCreationActions {
  const forAgent = agentId === actor.agentId ? "" : `?${new URLSearchParams({ agentId })}`;
  return {
    canCreatePlage: canManageAgentRecord(actor, agentId, organisationId),
    canCreateAbsence: canManageAgentRecord(actor, agentId, organisationId),
    newPlage: `/plages/nouvelle${forAgent}`,
    newAbsence: `/absences/nouvelle${forAgent}`,
  };
}
