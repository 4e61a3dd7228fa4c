import type { Actor } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { AbsenceChange, AbsenceSnapshot } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { forbidden, invalid } from "../errors.ts";
import { recordChange } from "../record-change.ts";
import { dbDateFromLocalDate, recurrenceToColumns } from "../recurrence/recurrence-columns.ts";
import { parseInput } from "../validation.ts";
import { canManageAbsence } from "./absence.policy.ts";
import { findAbsenceSnapshot } from "./absence.queries.ts";
import { absencePatchSchema, absenceSchema } from "./absence.schemas.ts";
import {
  type Absence,
  absenceOf,
  absenceSnapshotSelect,
  changedAbsenceAspects,
} from "./absence-snapshot.ts";

export type UpdateAbsenceCommand = {
  actor: Actor;
  /** Who the history and the emails name as the author; the route passes `agentAuthor(actor.agentId)`. */
  author: Author;
  absenceId: string;
  /** Any subset of the fields of `absenceSchema` (a form sends them all, a PATCH what changes). */
  raw: unknown;
  now?: Date;
};

/**
 * Change an absence. Everything an absence holds shows in a calendar, so any change makes its ICS sequence grow;
 * `change` is null when nothing changed, and then nothing is written.
 */
export async function updateAbsence(
  context: DomainContext,
  { actor, author, absenceId, raw, now = new Date() }: UpdateAbsenceCommand,
): Promise<{ absence: Absence; change: AbsenceChange | null }> {
  const patch = parseInput(absencePatchSchema, raw);
  return context.db.$transaction(async (tx) => {
    const before = await findAbsenceSnapshot(tx, actor, absenceId);
    if (!canManageAbsence(actor, before.agentId, before.organisationId)) {
      throw forbidden("Vous ne pouvez modifier que vos propres absences.");
    }
    if (patch.organisationId !== undefined && patch.organisationId !== before.organisationId) {
      throw invalid({ organisationId: "Une absence ne change pas d'organisation." });
    }
    if (patch.agentId !== undefined && patch.agentId !== before.agentId) {
      throw invalid({ agentId: "Une absence ne change pas d'agent : supprimez-la et créez-en une autre." });
    }
    const current = absenceOf(before);
    const values = parseInput(absenceSchema, {
      title: patch.title ?? current.title,
      firstDay: patch.firstDay ?? current.firstDay,
      startTime: patch.startTime ?? current.startTime,
      endDay: patch.endDay ?? current.endDay,
      endTime: patch.endTime ?? current.endTime,
      recurrence: patch.recurrence === undefined ? current.recurrence : patch.recurrence,
    });
    const proposed: AbsenceSnapshot = {
      ...before,
      title: values.title,
      firstDay: dbDateFromLocalDate(values.firstDay),
      startTime: values.startTime,
      endDay: dbDateFromLocalDate(values.endDay),
      endTime: values.endTime,
      ...recurrenceToColumns(values.recurrence),
    };
    const aspects = changedAbsenceAspects(before, proposed);
    if (aspects.length === 0) return { absence: current, change: null };

    const after = await tx.absence.update({
      where: { id: before.id },
      data: {
        title: proposed.title,
        firstDay: proposed.firstDay,
        startTime: proposed.startTime,
        endDay: proposed.endDay,
        endTime: proposed.endTime,
        recurrenceFrequency: proposed.recurrenceFrequency,
        recurrenceInterval: proposed.recurrenceInterval,
        recurrenceWeekdays: proposed.recurrenceWeekdays,
        recurrenceUntil: proposed.recurrenceUntil,
        sequence: { increment: 1 },
      },
      select: absenceSnapshotSelect,
    });
    const change: AbsenceChange = { kind: "absence", action: "updated", author, at: now, before, after };
    const absence = absenceOf(after);
    await recordChange(tx, context, change);
    return { absence, change };
  });
}
