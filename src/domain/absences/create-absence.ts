import { randomUUID } from "node:crypto";
import { canManageAgentRecord } from "../agent-records/agent-record.policy.ts";
import { requireAgentOfOrganisation } from "../agents/agent.queries.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { AbsenceChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { forbidden, notFound } from "../errors.ts";
import { recordChange } from "../record-change.ts";
import { dbDateFromLocalDate, recurrenceToColumns } from "../recurrence/recurrence-columns.ts";
import { claimSubmissionKey, recordSubmission, type SubmissionKey } from "../submissions/submission-key.ts";
import type { NewAbsence } from "./absence.schemas.ts";
import { type Absence, absenceOf, absenceSnapshotSelect } from "./absence-snapshot.ts";

export type CreateAbsenceCommand = {
  actor: Actor;
  /** Who the history and the emails name as the author; the route passes `agentAuthor(actor.agentId)`. */
  author: Author;
  absence: NewAbsence;
  /** The form's one-time key: a repeated submission of the same form returns the absence the first one created. */
  submissionKey?: string;
  now?: Date;
};

/**
 * Create an absence for an agent (the actor by default). `change` is null when the form's key had already created the
 * absence returned (nothing written).
 */
export async function createAbsence(
  context: DomainContext,
  { actor, author, absence: input, submissionKey, now = new Date() }: CreateAbsenceCommand,
): Promise<{ record: Absence; change: AbsenceChange | null }> {
  requireMembership(actor, input.organisationId);
  const agentId = input.agentId ?? actor.agentId;
  return context.db.$transaction(async (tx) => {
    // An agent of another organisation is a wrong value (422) whoever asks; a colleague, a matter of rights (403).
    await requireAgentOfOrganisation(tx, agentId, input.organisationId);
    if (!canManageAgentRecord(actor, agentId, input.organisationId)) {
      throw forbidden("Vous ne pouvez créer des absences que pour vous-même.");
    }
    const submission: SubmissionKey | null = submissionKey
      ? { organisationId: input.organisationId, key: submissionKey, recordType: "absence" }
      : null;
    if (submission) {
      const earlierId = await claimSubmissionKey(tx, submission);
      if (earlierId !== null) {
        const earlier = await tx.absence.findFirst({
          where: { id: earlierId, organisationId: input.organisationId },
          select: absenceSnapshotSelect,
        });
        if (!earlier) throw notFound("Ce formulaire a déjà créé une absence, supprimée depuis.");
        return { record: absenceOf(earlier), change: null };
      }
    }
    const after = await tx.absence.create({
      data: {
        organisationId: input.organisationId,
        agentId,
        title: input.title,
        firstDay: dbDateFromLocalDate(input.firstDay),
        startTime: input.startTime,
        endDay: dbDateFromLocalDate(input.endDay),
        endTime: input.endTime,
        ...recurrenceToColumns(input.recurrence),
        uid: `absence-${randomUUID()}@rdv-agents.fr`,
      },
      select: absenceSnapshotSelect,
    });
    const change: AbsenceChange = { kind: "absence", action: "created", author, at: now, before: null, after };
    const record = absenceOf(after);
    if (submission) await recordSubmission(tx, submission, after.id);
    await recordChange(tx, context, change);
    return { record, change };
  });
}
