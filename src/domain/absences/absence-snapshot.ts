// An absence as stored (snapshot for history and notifications) and as read (API and views), and how two compare.
import type { Prisma } from "../../generated/prisma/client.ts";
import { type AbsenceSnapshot, agentRecordSnapshotColumns } from "../changes.ts";
import type { Series } from "../recurrence/expand.ts";
import type { Recurrence } from "../recurrence/recurrence.schemas.ts";
import {
  localDateFromDbDate,
  recurrenceFromColumns,
  sameDay,
  sameRecurrence,
} from "../recurrence/recurrence-columns.ts";

/** The columns a snapshot is made of. */
export const absenceSnapshotSelect = {
  ...agentRecordSnapshotColumns,
  endDay: true,
} satisfies Prisma.AbsenceSelect;

/** An absence as the API returns it and views read it: local days "YYYY-MM-DD", the recurrence as one value. */
export type Absence = {
  id: string;
  organisationId: string;
  agentId: string;
  title: string;
  firstDay: string;
  startTime: string;
  endDay: string;
  endTime: string;
  recurrence: Recurrence | null;
  uid: string;
  sequence: number;
};

/** The readable form of a snapshot. */
export function absenceOf(snapshot: AbsenceSnapshot): Absence {
  return {
    id: snapshot.id,
    organisationId: snapshot.organisationId,
    agentId: snapshot.agentId,
    title: snapshot.title,
    firstDay: localDateFromDbDate(snapshot.firstDay),
    startTime: snapshot.startTime,
    endDay: localDateFromDbDate(snapshot.endDay),
    endTime: snapshot.endTime,
    recurrence: recurrenceFromColumns(snapshot),
    uid: snapshot.uid,
    sequence: snapshot.sequence,
  };
}

/** The days and times of an absence, for expansion and descriptions. */
export function absenceSeries(
  absence: Pick<Absence, "firstDay" | "startTime" | "endDay" | "endTime" | "recurrence">,
): Series {
  return {
    firstDay: absence.firstDay,
    startTime: absence.startTime,
    endDay: absence.endDay,
    endTime: absence.endTime,
    recurrence: absence.recurrence,
  };
}

export type AbsenceAspect = "titre" | "début" | "fin" | "récurrence";

/** What changed between two snapshots, in French words, in the order of the form. */
export function changedAbsenceAspects(before: AbsenceSnapshot, after: AbsenceSnapshot): AbsenceAspect[] {
  const aspects: [AbsenceAspect, boolean][] = [
    ["titre", before.title !== after.title],
    ["début", !sameDay(before.firstDay, after.firstDay) || before.startTime !== after.startTime],
    ["fin", !sameDay(before.endDay, after.endDay) || before.endTime !== after.endTime],
    ["récurrence", !sameRecurrence(before, after)],
  ];
  return aspects.flatMap(([aspect, changed]) => (changed ? [aspect] : []));
}
