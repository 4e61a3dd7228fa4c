// A plage d'ouverture as an agent record (see agent-records/agent-record.ts): what its update and deletion need.
import type { Tx } from "../../db/client.ts";
import { canManageAgentRecord } from "../agent-records/agent-record.policy.ts";
import type { AgentRecordKind } from "../agent-records/agent-record.ts";
import type { PlageChange, PlageSnapshot } from "../changes.ts";
import { dbDateFromLocalDate, recurrenceToColumns } from "../recurrence/recurrence-columns.ts";
import { findPlageSnapshot } from "./plage.queries.ts";
import { type PlageValues, plageSchema } from "./plage.schemas.ts";
import { checkPlageReferences, lockAgentOfOrganisation, refuseOverlappingPlage } from "./plage-checks.ts";
import {
  calendarShowsPlageChange,
  changedPlageAspects,
  type Plage,
  type PlageAspect,
  plageOf,
  plageSeries,
  plageSnapshotSelect,
  toPlageSnapshot,
} from "./plage-snapshot.ts";

/** The snapshot `values` would give the plage `before`. */
function proposed(before: PlageSnapshot, values: PlageValues): PlageSnapshot {
  return {
    ...before,
    title: values.title,
    lieuId: values.lieuId,
    motifIds: values.motifIds,
    firstDay: dbDateFromLocalDate(values.firstDay),
    startTime: values.startTime,
    endTime: values.endTime,
    ...recurrenceToColumns(values.recurrence),
  };
}

const isPlageAspect = (aspect: string): aspect is PlageAspect =>
  ["titre", "lieu", "motifs", "premier jour", "horaires", "récurrence"].includes(aspect);

/** Check the lieu, the motifs and the agent's other plages, then write; the sequence grows when calendars show it. */
async function write(tx: Tx, before: PlageSnapshot, values: PlageValues, aspects: string[]): Promise<PlageSnapshot> {
  const timezone = await lockAgentOfOrganisation(tx, before.agentId, before.organisationId);
  await checkPlageReferences(tx, { ...values, organisationId: before.organisationId }, before);
  await refuseOverlappingPlage(
    tx,
    { ...plageSeries(values), agentId: before.agentId, organisationId: before.organisationId, excludeId: before.id },
    timezone,
  );
  const next = proposed(before, values);
  const updated = await tx.plageOuverture.update({
    where: { id: before.id },
    data: {
      title: next.title,
      lieuId: next.lieuId,
      firstDay: next.firstDay,
      startTime: next.startTime,
      endTime: next.endTime,
      recurrenceFrequency: next.recurrenceFrequency,
      recurrenceInterval: next.recurrenceInterval,
      recurrenceWeekdays: next.recurrenceWeekdays,
      recurrenceUntil: next.recurrenceUntil,
      ...(calendarShowsPlageChange(aspects.filter(isPlageAspect)) && { sequence: { increment: 1 } }),
      ...(aspects.includes("motifs") && {
        motifs: { deleteMany: {}, createMany: { data: values.motifIds.map((motifId) => ({ motifId })) } },
      }),
    },
    select: plageSnapshotSelect,
  });
  return toPlageSnapshot(updated);
}

/** Plages d'ouverture: lieu and motifs, checked against the database, and no overlap with the agent's other plages. */
export const plageRecord: AgentRecordKind<PlageSnapshot, PlageValues, Plage, PlageChange> = {
  find: findPlageSnapshot,
  canManage: canManageAgentRecord,
  messages: {
    cannotEdit: "Vous ne pouvez modifier que vos propres plages d'ouverture.",
    cannotDelete: "Vous ne pouvez supprimer que vos propres plages d'ouverture.",
    sameOrganisation: "Une plage d'ouverture ne change pas d'organisation.",
    sameAgent: "Une plage d'ouverture ne change pas d'agent : supprimez-la et créez-en une autre.",
  },
  valuesOf: plageOf,
  schema: plageSchema,
  aspects: (before, values) => changedPlageAspects(before, proposed(before, values)),
  write,
  remove: async (tx, plage) => {
    await tx.plageOuverture.delete({ where: { id: plage.id } });
  },
  change: ({ before, after }, author, at) =>
    after
      ? { kind: "plage_ouverture", action: "updated", author, at, before, after }
      : { kind: "plage_ouverture", action: "deleted", author, at, before, after: null },
  present: plageOf,
};
