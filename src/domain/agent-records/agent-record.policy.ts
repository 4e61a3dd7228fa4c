// Who may see and change an agent's plages d'ouverture and absences: the same rules for both kinds. Pure functions,
// called before any read or write.
import { type Actor, roleIn } from "../auth/actor.ts";

/** Admins manage every agent's plages and absences in their organisation; secretaries and agents only their own. */
export function canManageAgentRecord(actor: Actor, agentId: string, organisationId: string): boolean {
  const level = roleIn(actor, organisationId);
  return level === "admin" || (level !== null && agentId === actor.agentId);
}

/** Whether the actor manages the plages and absences of every agent of the organisation (admins), not only its own. */
export function managesAllAgentRecordsIn(actor: Actor, organisationId: string): boolean {
  return roleIn(actor, organisationId) === "admin";
}

/** Admins and secretaries see every agent's plages and absences in their organisation; agents see their own. */
export function canSeeAgentRecordsOf(actor: Actor, agentId: string, organisationId: string): boolean {
  const level = roleIn(actor, organisationId);
  return seesAllAgentRecordsIn(actor, organisationId) || (level !== null && agentId === actor.agentId);
}

/** Whether the actor sees the plages and absences of every agent of the organisation (admins and secretaries). */
export function seesAllAgentRecordsIn(actor: Actor, organisationId: string): boolean {
  const level = roleIn(actor, organisationId);
  return level === "admin" || level === "secretary";
}
