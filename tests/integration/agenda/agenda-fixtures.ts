// Rows the agenda reads, written straight with Prisma: these tests are about reading them back, not about the
// actions that create them (tested with plages, absences and RDVs).
import { randomUUID } from "node:crypto";
import type { Db } from "../../../src/db/client.ts";
import type { Recurrence } from "../../../src/domain/recurrence/recurrence.schemas.ts";
import { dbDateFromLocalDate, recurrenceToColumns } from "../../../src/domain/recurrence/recurrence-columns.ts";

type Owner = { organisationId: string; agentId: string };

export function insertPlage(
  db: Db,
  plage: Owner & {
    lieuId: string;
    title: string;
    firstDay: string;
    startTime: string;
    endTime: string;
    recurrence: Recurrence | null;
  },
) {
  return db.plageOuverture.create({
    data: {
      organisationId: plage.organisationId,
      agentId: plage.agentId,
      lieuId: plage.lieuId,
      title: plage.title,
      firstDay: dbDateFromLocalDate(plage.firstDay),
      startTime: plage.startTime,
      endTime: plage.endTime,
      ...recurrenceToColumns(plage.recurrence),
      uid: `plage-${randomUUID()}@test`,
    },
  });
}

export function insertAbsence(
  db: Db,
  absence: Owner & {
    title: string;
    firstDay: string;
    startTime: string;
    endDay: string;
    endTime: string;
    recurrence: Recurrence | null;
  },
) {
  return db.absence.create({
    data: {
      organisationId: absence.organisationId,
      agentId: absence.agentId,
      title: absence.title,
      firstDay: dbDateFromLocalDate(absence.firstDay),
      startTime: absence.startTime,
      endDay: dbDateFromLocalDate(absence.endDay),
      endTime: absence.endTime,
      ...recurrenceToColumns(absence.recurrence),
      uid: `absence-${randomUUID()}@test`,
    },
  });
}

export function insertRdv(
  db: Db,
  rdv: {
    organisationId: string;
    motifId: string;
    lieuId: string | null;
    startsAt: string;
    durationInMin: number;
    agentIds: string[];
    userIds: string[];
    status?: "unknown" | "seen" | "excused" | "revoked" | "noshow";
  },
) {
  return db.rdv.create({
    data: {
      organisationId: rdv.organisationId,
      motifId: rdv.motifId,
      lieuId: rdv.lieuId,
      startsAt: new Date(rdv.startsAt),
      durationInMin: rdv.durationInMin,
      status: rdv.status ?? "unknown",
      uid: `rdv-${randomUUID()}@test`,
      agents: { createMany: { data: rdv.agentIds.map((agentId) => ({ agentId })) } },
      users: { createMany: { data: rdv.userIds.map((userId) => ({ userId })) } },
    },
  });
}
