import { randomUUID } from "node:crypto";
import { canManageAgentRecord } from "../agent-records/agent-record.policy.ts";
import { requireAgentOfOrganisation } from "../agents/agent.queries.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { AbsenceChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { forbidden } from "../errors.ts";
import { recordChange } from "../record-change.ts";
import { dbDateFromLocalDate, recurrenceToColumns } from "../recurrence/recurrence-columns.ts";
import type { NewAbsence } from "./absence.schemas.ts";
import { type Absence, absenceOf, absenceSnapshotSelect } from "./absence-snapshot.ts";

export type CreateAbsenceCommand = {
  actor: Actor;
  /** Who the history and the emails name as the author; the route passes `agentAuthor(actor.agentId)`. */
  author: Author;
  absence: NewAbsence;
  now?: Date;
};

/** Create an absence for an agent (the actor by default). */
export async function createAbsence(
  context: DomainContext,
  { actor, author, absence: input, now = new Date() }: CreateAbsenceCommand,
): Promise<{ record: Absence; change: AbsenceChange }> {
  requireMembership(actor, input.organisationId);
  const agentId = input.agentId ?? actor.agentId;
  return context.db.$transaction(async (tx) => {
    // An agent of another organisation is a wrong value (422) whoever asks; a colleague, a matter of rights (403).
    await requireAgentOfOrganisation(tx, agentId, input.organisationId);
    if (!canManageAgentRecord(actor, agentId, input.organisationId)) {
      throw forbidden("Vous ne pouvez créer des absences que pour vous-même.");
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
    await recordChange(tx, context, change);
    return { record, change };
  });
}
