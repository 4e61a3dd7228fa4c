// The checks of an RDV that need the database: its motif, lieu, agents and usagers belong to its organisation, and
// it fits in one day of the organisation's calendar. Run inside the transaction that writes the RDV.
import { DateTime } from "luxon";
import type { Tx } from "../../db/client.ts";
import type { LocationType } from "../../generated/prisma/enums.ts";
import { type FieldErrors, invalid } from "../errors.ts";

/** What the rest of the action needs to know about the motif. */
export type CheckedMotif = { id: string; defaultDurationInMin: number; locationType: LocationType };

/**
 * Check the references of an RDV of `organisationId`; ids in `unchanged` (those of the RDV before an update) may
 * point to a disabled motif or lieu, and agents or usagers already on it are not checked again. Throws a 422 with
 * one message per field.
 */
export async function checkRdvReferences(
  tx: Tx,
  organisationId: string,
  rdv: { motifId: string; lieuId: string | null; agentIds: string[]; userIds: string[] },
  unchanged: { motifId?: string; lieuId?: string | null; agentIds?: string[]; userIds?: string[] } = {},
): Promise<CheckedMotif> {
  const fields: FieldErrors = {};
  const motif = await tx.motif.findFirst({
    where: { id: rdv.motifId, organisationId },
    select: { id: true, defaultDurationInMin: true, locationType: true, disabledAt: true },
  });
  if (!motif) fields.motifId = "Ce motif n'existe pas dans votre organisation.";
  else if (motif.disabledAt && unchanged.motifId !== motif.id) fields.motifId = "Ce motif est désactivé.";

  if (rdv.lieuId) {
    const lieu = await tx.lieu.findFirst({
      where: { id: rdv.lieuId, organisationId },
      select: { id: true, disabledAt: true },
    });
    if (!lieu) fields.lieuId = "Ce lieu n'existe pas dans votre organisation.";
    else if (lieu.disabledAt && unchanged.lieuId !== lieu.id) fields.lieuId = "Ce lieu est désactivé.";
  } else if (motif?.locationType === "public_office") {
    fields.lieuId = "Choisissez un lieu : ce motif se déroule sur place.";
  }

  const newAgentIds = rdv.agentIds.filter((id) => !unchanged.agentIds?.includes(id));
  if (newAgentIds.length > 0) {
    const members = await tx.agentRole.findMany({
      where: { organisationId, agentId: { in: newAgentIds } },
      select: { agentId: true },
    });
    if (members.length !== newAgentIds.length) {
      fields.agentIds = "Un des agents choisis ne fait pas partie de l'organisation.";
    }
  }

  const newUserIds = rdv.userIds.filter((id) => !unchanged.userIds?.includes(id));
  if (newUserIds.length > 0) {
    const users = await tx.user.findMany({
      where: { organisationId, id: { in: newUserIds } },
      select: { id: true },
    });
    if (users.length !== newUserIds.length) {
      fields.userIds = "Un des usagers choisis n'est pas un usager de l'organisation.";
    }
  }

  if (!motif || Object.keys(fields).length > 0) throw invalid(fields);
  return motif;
}

/** An RDV ends on the day it starts (at midnight at the latest), in the organisation's calendar: 422 otherwise. */
export function checkEndsSameDay(startsAt: Date, durationInMin: number, timezone: string): void {
  const start = DateTime.fromJSDate(startsAt, { zone: timezone });
  const end = start.plus({ minutes: durationInMin });
  const lastMinute = end.minus({ minutes: 1 });
  if (lastMinute.toISODate() !== start.toISODate()) {
    throw invalid({
      durationInMin: `Le RDV doit se terminer le jour même : commencé à ${start.toFormat("HH:mm")}, il finirait le lendemain à ${end.toFormat("HH:mm")}.`,
    });
  }
}
