// An absence as an agent record (see agent-records/agent-record.ts): what its update and deletion need.

import { canManageAgentRecord } from "../agent-records/agent-record.policy.ts";
import type { AgentRecordKind } from "../agent-records/agent-record.ts";
import type { AbsenceChange, AbsenceSnapshot } from "../changes.ts";
import { dbDateFromLocalDate, recurrenceToColumns } from "../recurrence/recurrence-columns.ts";
import { findAbsenceSnapshot } from "./absence.queries.ts";
import { type AbsenceValues, absenceSchema } from "./absence.schemas.ts";
import { type Absence, absenceOf, absenceSnapshotSelect, changedAbsenceAspects } from "./absence-snapshot.ts";

/** The snapshot `values` would give the absence `before`. */
function proposed(before: AbsenceSnapshot, values: AbsenceValues): AbsenceSnapshot {
  return {
    ...before,
    title: values.title,
    firstDay: dbDateFromLocalDate(values.firstDay),
    startTime: values.startTime,
    endDay: dbDateFromLocalDate(values.endDay),
    endTime: values.endTime,
    ...recurrenceToColumns(values.recurrence),
  };
}

/** Absences: an end day, no lieu nor motif, and everything they hold shows in a calendar (the sequence always grows). */
export const absenceRecord: AgentRecordKind<AbsenceSnapshot, AbsenceValues, Absence, AbsenceChange> = {
  find: findAbsenceSnapshot,
  canManage: canManageAgentRecord,
  messages: {
    cannotEdit: "Vous ne pouvez modifier que vos propres absences.",
    cannotDelete: "Vous ne pouvez supprimer que vos propres absences.",
    sameOrganisation: "Une absence ne change pas d'organisation.",
    sameAgent: "Une absence ne change pas d'agent : supprimez-la et créez-en une autre.",
  },
  valuesOf: absenceOf,
  schema: absenceSchema,
  aspects: (before, values) => changedAbsenceAspects(before, proposed(before, values)),
  write: async (tx, before, values) => {
    const next = proposed(before, values);
    return tx.absence.update({
      where: { id: before.id },
      data: {
        title: next.title,
        firstDay: next.firstDay,
        startTime: next.startTime,
        endDay: next.endDay,
        endTime: next.endTime,
        recurrenceFrequency: next.recurrenceFrequency,
        recurrenceInterval: next.recurrenceInterval,
        recurrenceWeekdays: next.recurrenceWeekdays,
        recurrenceUntil: next.recurrenceUntil,
        sequence: { increment: 1 },
      },
      select: absenceSnapshotSelect,
    });
  },
  remove: async (tx, absence) => {
    await tx.absence.delete({ where: { id: absence.id } });
  },
  change: ({ before, after }, author, at) =>
    after
      ? { kind: "absence", action: "updated", author, at, before, after }
      : { kind: "absence", action: "deleted", author, at, before, after: null },
  present: absenceOf,
};
