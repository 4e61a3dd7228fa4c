// Who may see and change the plages d'ouverture of an agent. Pure functions, called before any read or write.
import { type Actor, roleIn } from "../auth/actor.ts";

/** Admins manage every agent's plages in their organisation; secretaries and agents manage only their own. */
export function canManagePlage(actor: Actor, agentId: string, organisationId: string): boolean {
  const level = roleIn(actor, organisationId);
  return level === "admin" || (level !== null && agentId === actor.agentId);
}

/** Whether the actor manages the plages of every agent of the organisation (admins), not only its own. */
export function managesAllPlagesIn(actor: Actor, organisationId: string): boolean {
  return roleIn(actor, organisationId) === "admin";
}

/** Admins and secretaries see every agent's plages in their organisation; agents see their own. */
export function canSeePlagesOf(actor: Actor, agentId: string, organisationId: string): boolean {
  const level = roleIn(actor, organisationId);
  return seesAllPlagesIn(actor, organisationId) || (level !== null && agentId === actor.agentId);
}

/** Whether the actor sees the plages of every agent of the organisation (admins and secretaries). */
export function seesAllPlagesIn(actor: Actor, organisationId: string): boolean {
  const level = roleIn(actor, organisationId);
  return level === "admin" || level === "secretary";
}
