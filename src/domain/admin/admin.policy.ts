// Who may administer an organisation: its admins, and nobody from outside (who does not even learn it exists).
import { type Actor, requireMembership } from "../auth/actor.ts";
import { forbidden } from "../errors.ts";

/**
 * Allow only the organisation's admins: a member with another role gets a 403, someone from outside a 404
 * (a forged organisation id finds nothing).
 */
export function requireAdmin(actor: Actor, organisationId: string): void {
  const level = requireMembership(actor, organisationId);
  if (level !== "admin") throw forbidden("Seuls les administrateurs de l'organisation ont accès à l'administration.");
}
