import { randomUUID } from "node:crypto";
import { canManageAgentRecord } from "../agent-records/agent-record.policy.ts";
import type { Actor } from "../auth/actor.ts";
import { requireMembership } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { PlageChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { forbidden, notFound } from "../errors.ts";
import { recordChange } from "../record-change.ts";
import { dbDateFromLocalDate, recurrenceToColumns } from "../recurrence/recurrence-columns.ts";
import { claimSubmissionKey, recordSubmission, type SubmissionKey } from "../submissions/submission-key.ts";
import type { NewPlage } from "./plage.schemas.ts";
import { checkPlageReferences, lockAgentOfOrganisation, refuseOverlappingPlage } from "./plage-checks.ts";
import { type Plage, plageOf, plageSeries, plageSnapshotSelect, toPlageSnapshot } from "./plage-snapshot.ts";

export type CreatePlageCommand = {
  actor: Actor;
  /** Who the history and the emails name as the author; the route passes `agentAuthor(actor.agentId)`. */
  author: Author;
  plage: NewPlage;
  /** The form's one-time key: a repeated submission of the same form returns the plage the first one created. */
  submissionKey?: string;
  now?: Date;
};

/**
 * Create a plage d'ouverture for an agent (the actor by default), refusing one that overlaps its other plages.
 * `change` is null when the form's key had already created the plage returned (nothing written).
 */
export async function createPlage(
  context: DomainContext,
  { actor, author, plage: input, submissionKey, now = new Date() }: CreatePlageCommand,
): Promise<{ record: Plage; change: PlageChange | null }> {
  requireMembership(actor, input.organisationId);
  const agentId = input.agentId ?? actor.agentId;
  return context.db.$transaction(async (tx) => {
    // An agent of another organisation is a wrong value (422) whoever asks; a colleague, a matter of rights (403).
    const timezone = await lockAgentOfOrganisation(tx, agentId, input.organisationId);
    if (!canManageAgentRecord(actor, agentId, input.organisationId)) {
      throw forbidden("Vous ne pouvez créer des plages d'ouverture que pour vous-même.");
    }
    // Claimed before the overlap check: a repeated submission would otherwise overlap the plage its first one created.
    const submission: SubmissionKey | null = submissionKey
      ? { organisationId: input.organisationId, key: submissionKey, recordType: "plage" }
      : null;
    if (submission) {
      const earlierId = await claimSubmissionKey(tx, submission);
      if (earlierId !== null) {
        const earlier = await tx.plageOuverture.findFirst({
          where: { id: earlierId, organisationId: input.organisationId },
          select: plageSnapshotSelect,
        });
        if (!earlier) throw notFound("Ce formulaire a déjà créé une plage d'ouverture, supprimée depuis.");
        return { record: plageOf(toPlageSnapshot(earlier)), change: null };
      }
    }
    await checkPlageReferences(tx, input);
    await refuseOverlappingPlage(
      tx,
      { ...plageSeries(input), agentId, organisationId: input.organisationId },
      timezone,
    );
    const created = await tx.plageOuverture.create({
      data: {
        organisationId: input.organisationId,
        agentId,
        lieuId: input.lieuId,
        title: input.title,
        firstDay: dbDateFromLocalDate(input.firstDay),
        startTime: input.startTime,
        endTime: input.endTime,
        ...recurrenceToColumns(input.recurrence),
        uid: `plage-${randomUUID()}@rdv-agents.fr`,
        motifs: { createMany: { data: input.motifIds.map((motifId) => ({ motifId })) } },
      },
      select: plageSnapshotSelect,
    });
    const after = toPlageSnapshot(created);
    const change: PlageChange = { kind: "plage_ouverture", action: "created", author, at: now, before: null, after };
    const record = plageOf(after);
    if (submission) await recordSubmission(tx, submission, created.id);
    await recordChange(tx, context, change);
    return { record, change };
  });
}
