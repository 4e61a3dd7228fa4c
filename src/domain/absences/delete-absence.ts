import type { Actor } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { AbsenceChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { forbidden } from "../errors.ts";
import { recordChange } from "../record-change.ts";
import { canManageAbsence } from "./absence.policy.ts";
import { findAbsenceSnapshot } from "./absence.queries.ts";
import { type Absence, absenceOf } from "./absence-snapshot.ts";

export type DeleteAbsenceCommand = {
  actor: Actor;
  /** Who the history and the emails name as the author; the route passes `agentAuthor(actor.agentId)`. */
  author: Author;
  absenceId: string;
  now?: Date;
};

/**
 * Delete an absence; returns it as it was. The change carries the absence as it was (`before`, with its last sequence): a calendar
 * cancellation must use a higher one.
 */
export async function deleteAbsence(
  context: DomainContext,
  { actor, author, absenceId, now = new Date() }: DeleteAbsenceCommand,
): Promise<{ absence: Absence; change: AbsenceChange }> {
  return context.db.$transaction(async (tx) => {
    const before = await findAbsenceSnapshot(tx, actor, absenceId);
    if (!canManageAbsence(actor, before.agentId, before.organisationId)) {
      throw forbidden("Vous ne pouvez supprimer que vos propres absences.");
    }
    await tx.absence.delete({ where: { id: before.id } });
    const change: AbsenceChange = { kind: "absence", action: "deleted", author, at: now, before, after: null };
    const absence = absenceOf(before);
    await recordChange(tx, context, change);
    return { absence, change };
  });
}
