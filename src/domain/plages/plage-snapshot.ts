// A plage as stored (snapshot for history and notifications) and as read (API and views), and how two compare.
import type { Prisma } from "../../generated/prisma/client.ts";
import { agentRecordSnapshotColumns, type PlageSnapshot } from "../changes.ts";
import type { Series } from "../recurrence/expand.ts";
import type { Recurrence } from "../recurrence/recurrence.schemas.ts";
import { sameDay, sameList, sameRecurrence, seriesFromColumns } from "../recurrence/recurrence-columns.ts";

/** The columns a snapshot is built from. */
export const plageSnapshotSelect = {
  ...agentRecordSnapshotColumns,
  lieuId: true,
  motifs: { select: { motifId: true }, orderBy: { motifId: "asc" } },
} satisfies Prisma.PlageOuvertureSelect;

type PlageRow = Prisma.PlageOuvertureGetPayload<{ select: typeof plageSnapshotSelect }>;

/** The snapshot of a row read with `plageSnapshotSelect`. */
export function toPlageSnapshot({ motifs, ...row }: PlageRow): PlageSnapshot {
  return { ...row, motifIds: motifs.map((m) => m.motifId) };
}

/** A plage as the API returns it and views read it: local days "YYYY-MM-DD", the recurrence as one value. */
export type Plage = {
  id: string;
  organisationId: string;
  agentId: string;
  lieuId: string;
  title: string;
  motifIds: string[];
  firstDay: string;
  startTime: string;
  endTime: string;
  recurrence: Recurrence | null;
  uid: string;
  sequence: number;
};

/** The readable form of a snapshot. */
export function plageOf(snapshot: PlageSnapshot): Plage {
  return {
    id: snapshot.id,
    organisationId: snapshot.organisationId,
    agentId: snapshot.agentId,
    lieuId: snapshot.lieuId,
    title: snapshot.title,
    motifIds: snapshot.motifIds,
    ...seriesFromColumns(snapshot),
    uid: snapshot.uid,
    sequence: snapshot.sequence,
  };
}

/** The days and times of a plage, for expansion, overlap and descriptions. */
export function plageSeries(plage: Pick<Plage, "firstDay" | "startTime" | "endTime" | "recurrence">): Series {
  return {
    firstDay: plage.firstDay,
    startTime: plage.startTime,
    endTime: plage.endTime,
    recurrence: plage.recurrence,
  };
}

/** What changed between two snapshots, in French words, in the order of the form. */
export function changedPlageAspects(before: PlageSnapshot, after: PlageSnapshot): PlageAspect[] {
  const aspects: [PlageAspect, boolean][] = [
    ["titre", before.title !== after.title],
    ["lieu", before.lieuId !== after.lieuId],
    ["motifs", !sameList(before.motifIds, after.motifIds)],
    ["premier jour", !sameDay(before.firstDay, after.firstDay)],
    ["horaires", before.startTime !== after.startTime || before.endTime !== after.endTime],
    ["récurrence", !sameRecurrence(before, after)],
  ];
  return aspects.flatMap(([aspect, changed]) => (changed ? [aspect] : []));
}

export type PlageAspect = "titre" | "lieu" | "motifs" | "premier jour" | "horaires" | "récurrence";

/** Whether a calendar shows the change (and the ICS SEQUENCE must grow): everything but the motifs offered. */
export function calendarShowsPlageChange(aspects: readonly PlageAspect[]): boolean {
  return aspects.some((aspect) => aspect !== "motifs");
}
