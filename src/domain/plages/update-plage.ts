import type { Actor } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { PlageChange, PlageSnapshot } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { forbidden, invalid } from "../errors.ts";
import { recordChange } from "../record-change.ts";
import { dbDateFromLocalDate, recurrenceToColumns } from "../recurrence/recurrence-columns.ts";
import { parseInput } from "../validation.ts";
import { canManagePlage } from "./plage.policy.ts";
import { findPlageSnapshot } from "./plage.queries.ts";
import { plagePatchSchema, plageSchema } from "./plage.schemas.ts";
import { checkPlageReferences, lockAgentOfOrganisation, refuseOverlappingPlage } from "./plage-checks.ts";
import {
  calendarShowsPlageChange,
  changedPlageAspects,
  type Plage,
  plageOf,
  plageSeries,
  plageSnapshotSelect,
  toPlageSnapshot,
} from "./plage-snapshot.ts";

export type UpdatePlageCommand = {
  actor: Actor;
  /** Who the history and the emails name as the author; the route passes `agentAuthor(actor.agentId)`. */
  author: Author;
  plageId: string;
  /** Any subset of the fields of `plageSchema` (a form sends them all, a PATCH what changes). */
  raw: unknown;
  now?: Date;
};

/**
 * Change a plage d'ouverture. Its ICS sequence grows when a calendar would show the change (anything but the motifs);
 * `change` is null when nothing changed, and then nothing is written.
 */
export async function updatePlage(
  context: DomainContext,
  { actor, author, plageId, raw, now = new Date() }: UpdatePlageCommand,
): Promise<{ plage: Plage; change: PlageChange | null }> {
  const patch = parseInput(plagePatchSchema, raw);
  return context.db.$transaction(async (tx) => {
    const before = await findPlageSnapshot(tx, actor, plageId);
    if (!canManagePlage(actor, before.agentId, before.organisationId)) {
      throw forbidden("Vous ne pouvez modifier que vos propres plages d'ouverture.");
    }
    if (patch.organisationId !== undefined && patch.organisationId !== before.organisationId) {
      throw invalid({ organisationId: "Une plage d'ouverture ne change pas d'organisation." });
    }
    if (patch.agentId !== undefined && patch.agentId !== before.agentId) {
      throw invalid({ agentId: "Une plage d'ouverture ne change pas d'agent : supprimez-la et créez-en une autre." });
    }
    const current = plageOf(before);
    const values = parseInput(plageSchema, {
      title: patch.title ?? current.title,
      lieuId: patch.lieuId ?? current.lieuId,
      motifIds: patch.motifIds ?? current.motifIds,
      firstDay: patch.firstDay ?? current.firstDay,
      startTime: patch.startTime ?? current.startTime,
      endTime: patch.endTime ?? current.endTime,
      recurrence: patch.recurrence === undefined ? current.recurrence : patch.recurrence,
    });
    const proposed: PlageSnapshot = {
      ...before,
      title: values.title,
      lieuId: values.lieuId,
      motifIds: values.motifIds,
      firstDay: dbDateFromLocalDate(values.firstDay),
      startTime: values.startTime,
      endTime: values.endTime,
      ...recurrenceToColumns(values.recurrence),
    };
    const aspects = changedPlageAspects(before, proposed);
    if (aspects.length === 0) return { plage: current, change: null };

    const timezone = await lockAgentOfOrganisation(tx, before.agentId, before.organisationId);
    await checkPlageReferences(tx, { ...values, organisationId: before.organisationId }, before);
    await refuseOverlappingPlage(
      tx,
      { ...plageSeries(values), agentId: before.agentId, organisationId: before.organisationId, excludeId: before.id },
      timezone,
    );
    const updated = await tx.plageOuverture.update({
      where: { id: before.id },
      data: {
        title: proposed.title,
        lieuId: proposed.lieuId,
        firstDay: proposed.firstDay,
        startTime: proposed.startTime,
        endTime: proposed.endTime,
        recurrenceFrequency: proposed.recurrenceFrequency,
        recurrenceInterval: proposed.recurrenceInterval,
        recurrenceWeekdays: proposed.recurrenceWeekdays,
        recurrenceUntil: proposed.recurrenceUntil,
        ...(calendarShowsPlageChange(aspects) && { sequence: { increment: 1 } }),
        ...(aspects.includes("motifs") && {
          motifs: { deleteMany: {}, createMany: { data: values.motifIds.map((motifId) => ({ motifId })) } },
        }),
      },
      select: plageSnapshotSelect,
    });
    const after = toPlageSnapshot(updated);
    const change: PlageChange = { kind: "plage_ouverture", action: "updated", author, at: now, before, after };
    const plage = plageOf(after);
    await recordChange(tx, context, change);
    return { plage, change };
  });
}
