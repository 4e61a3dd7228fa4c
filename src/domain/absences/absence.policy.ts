// Who may see and change the absences of an agent. Pure functions, called before any read or write.
import { type Actor, roleIn } from "../auth/actor.ts";

/** Admins manage every agent's absences in their organisation; secretaries and agents manage only their own. */
export function canManageAbsence(actor: Actor, agentId: string, organisationId: string): boolean {
  const level = roleIn(actor, organisationId);
  return level === "admin" || (level !== null && agentId === actor.agentId);
}

/** Whether the actor manages the absences of every agent of the organisation (admins), not only its own. */
export function managesAllAbsencesIn(actor: Actor, organisationId: string): boolean {
  return roleIn(actor, organisationId) === "admin";
}

/** Admins and secretaries see every agent's absences in their organisation; agents see their own. */
export function canSeeAbsencesOf(actor: Actor, agentId: string, organisationId: string): boolean {
  const level = roleIn(actor, organisationId);
  return seesAllAbsencesIn(actor, organisationId) || (level !== null && agentId === actor.agentId);
}

/** Whether the actor sees the absences of every agent of the organisation (admins and secretaries). */
export function seesAllAbsencesIn(actor: Actor, organisationId: string): boolean {
  const level = roleIn(actor, organisationId);
  return level === "admin" || level === "secretary";
}
