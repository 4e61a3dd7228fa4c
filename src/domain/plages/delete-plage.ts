import type { Actor } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { PlageChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { forbidden } from "../errors.ts";
import { recordChange } from "../record-change.ts";
import { canManagePlage } from "./plage.policy.ts";
import { findPlageSnapshot } from "./plage.queries.ts";
import { type Plage, plageOf } from "./plage-snapshot.ts";

export type DeletePlageCommand = {
  actor: Actor;
  /** Who the history and the emails name as the author; the route passes `agentAuthor(actor.agentId)`. */
  author: Author;
  plageId: string;
  now?: Date;
};

/**
 * Delete a plage d'ouverture; returns it as it was. The change carries the plage as it was (`before`, with its last sequence): a calendar
 * cancellation must use a higher one.
 */
export async function deletePlage(
  context: DomainContext,
  { actor, author, plageId, now = new Date() }: DeletePlageCommand,
): Promise<{ plage: Plage; change: PlageChange }> {
  return context.db.$transaction(async (tx) => {
    const before = await findPlageSnapshot(tx, actor, plageId);
    if (!canManagePlage(actor, before.agentId, before.organisationId)) {
      throw forbidden("Vous ne pouvez supprimer que vos propres plages d'ouverture.");
    }
    await tx.plageOuverture.delete({ where: { id: before.id } });
    const change: PlageChange = { kind: "plage_ouverture", action: "deleted", author, at: now, before, after: null };
    const plage = plageOf(before);
    await recordChange(tx, context, change);
    return { plage, change };
  });
}
