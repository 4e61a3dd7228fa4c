// Who may do what with RDVs. Pure functions of the actor and the RDV, called before any write; queries are also
// scoped to the actor's organisations, so an RDV of another organisation is never even loaded.
//
// | role      | view                | create          | edit / status / delete            |
// |-----------|---------------------|-----------------|-----------------------------------|
// | admin     | RDVs of its orgs    | yes             | every RDV of its organisations    |
// | secretary | RDVs of its orgs    | yes             | every RDV of its organisations    |
// | agent     | RDVs of its orgs    | yes (any agent) | only the RDVs it takes part in    |
// Nobody sees an RDV of an organisation it does not belong to (404, not 403).
import { type Actor, roleIn } from "../auth/actor.ts";
import { forbidden } from "../errors.ts";

/** What the policy needs to know about an RDV. */
export type RdvAccess = { organisationId: string; agentIds: readonly string[] };

/** Any member of the organisation may look at its RDVs (agents look at their colleagues' agendas). */
export function canViewRdv(actor: Actor, rdv: RdvAccess): boolean {
  return roleIn(actor, rdv.organisationId) !== null;
}

/** Any member of the organisation may book an RDV, with any of its agents, itself included or not. */
export function canCreateRdv(actor: Actor, organisationId: string): boolean {
  return roleIn(actor, organisationId) !== null;
}

/** Admins and secretaries edit every RDV of their organisation; agents only those they take part in. */
export function canEditRdv(actor: Actor, rdv: RdvAccess): boolean {
  const role = roleIn(actor, rdv.organisationId);
  if (role === "admin" || role === "secretary") return true;
  return role === "agent" && rdv.agentIds.includes(actor.agentId);
}

/** Setting seen / no-show / cancelled follows the same rule as editing. */
export function canChangeRdvStatus(actor: Actor, rdv: RdvAccess): boolean {
  return canEditRdv(actor, rdv);
}

/** Deleting follows the same rule as editing. */
export function canDeleteRdv(actor: Actor, rdv: RdvAccess): boolean {
  return canEditRdv(actor, rdv);
}

/** Throw a 403 unless `allowed`, with a message saying why. */
export function ensureAllowed(
  allowed: boolean,
  message = "Seuls les agents du RDV, le secrétariat et les administrateurs peuvent le modifier.",
): void {
  if (!allowed) throw forbidden(message);
}
