// Whose créneaux an actor may search. Admins and secretaries book for every agent of their organisation; an agent
// searches its own agenda. Pure: called before any query.
import { type Actor, requireMembership } from "../auth/actor.ts";
import { forbidden } from "../errors.ts";

/**
 * The agent whose créneaux are searched (undefined: any agent of the organisation). 404 outside the organisation;
 * an agent is held to itself, and asking for a colleague is a 403.
 */
export function creneauxAgentScope(
  actor: Actor,
  organisationId: string,
  agentId: string | undefined,
): string | undefined {
  const level = requireMembership(actor, organisationId);
  if (level === "admin" || level === "secretary") return agentId;
  if (agentId !== undefined && agentId !== actor.agentId) {
    throw forbidden("Vous ne pouvez chercher que vos propres créneaux : le secrétariat cherche pour toute l'équipe.");
  }
  return actor.agentId;
}
