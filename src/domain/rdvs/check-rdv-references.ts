// The checks of an RDV that need the database: its motif, lieu, agents and usagers belong to its organisation, and
// it fits in one day of the organisation's calendar. Run inside the transaction that writes the RDV.
import { z } from "zod";
import type { Tx } from "../../db/client.ts";
import { LocationType } from "../../generated/prisma/enums.ts";
import { formatTime, localDateInput } from "../../vocabulary/dates.ts";
import { type FieldErrors, invalid } from "../errors.ts";

/** What the rest of the action needs to know about the motif. */
export type CheckedMotif = { id: string; defaultDurationInMin: number; locationType: LocationType };

/**
 * Check the references of an RDV of `organisationId`, in one statement; ids in `unchanged` (those of the RDV before an
 * update) may point to a disabled motif or lieu, and agents or usagers already on it are not checked again. Throws a
 * 422 with one message per field; returns the motif and the organisation's time zone.
 */
export async function checkRdvReferences(
  tx: Tx,
  organisationId: string,
  rdv: { motifId: string; lieuId: string | null; agentIds: string[]; userIds: string[] },
  unchanged: { motifId?: string; lieuId?: string | null; agentIds?: string[]; userIds?: string[] } = {},
): Promise<{ motif: CheckedMotif; timezone: string }> {
  const newAgentIds = rdv.agentIds.filter((id) => !unchanged.agentIds?.includes(id));
  const newUserIds = rdv.userIds.filter((id) => !unchanged.userIds?.includes(id));
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT o."timezone",
           (SELECT json_build_object('id', m."id", 'defaultDurationInMin', m."defaultDurationInMin",
                                     'locationType', m."locationType", 'disabled', m."disabledAt" IS NOT NULL)
              FROM "Motif" m WHERE m."id" = ${rdv.motifId} AND m."organisationId" = o."id") AS "motif",
           (SELECT json_build_object('id', l."id", 'disabled', l."disabledAt" IS NOT NULL)
              FROM "Lieu" l WHERE l."id" = ${rdv.lieuId} AND l."organisationId" = o."id") AS "lieu",
           (SELECT count(*)::int FROM "AgentRole" r
             WHERE r."organisationId" = o."id" AND r."agentId" = ANY(${newAgentIds}::text[])) AS "agents",
           (SELECT count(*)::int FROM "User" u WHERE u."organisationId" = o."id" AND u."id" = ANY(${newUserIds}::text[])) AS "users"
      FROM "Organisation" o WHERE o."id" = ${organisationId}`;
  const found = referencesSchema.array().parse(rows)[0];
  if (!found) throw invalid({ organisationId: "Cette organisation n'existe pas." });
  const { motif, lieu } = found;
  const fields: FieldErrors = {};
  if (!motif) fields.motifId = "Ce motif n'existe pas dans votre organisation.";
  else if (motif.disabled && unchanged.motifId !== motif.id) fields.motifId = "Ce motif est désactivé.";

  if (rdv.lieuId) {
    if (!lieu) fields.lieuId = "Ce lieu n'existe pas dans votre organisation.";
    else if (lieu.disabled && unchanged.lieuId !== lieu.id) fields.lieuId = "Ce lieu est désactivé.";
  } else if (motif?.locationType === "public_office") {
    fields.lieuId = "Choisissez un lieu : ce motif se déroule sur place.";
  }
  if (found.agents !== newAgentIds.length) {
    fields.agentIds = "Un des agents choisis ne fait pas partie de l'organisation.";
  }
  if (found.users !== newUserIds.length) {
    fields.userIds = "Un des usagers choisis n'est pas un usager de l'organisation.";
  }
  if (!motif || Object.keys(fields).length > 0) throw invalid(fields);
  const { disabled: _, ...checked } = motif;
  return { motif: checked, timezone: found.timezone };
}

const referencesSchema = z.object({
  timezone: z.string(),
  motif: z
    .object({
      id: z.string(),
      defaultDurationInMin: z.number(),
      locationType: z.enum(LocationType),
      disabled: z.boolean(),
    })
    .nullable(),
  lieu: z.object({ id: z.string(), disabled: z.boolean() }).nullable(),
  agents: z.number(),
  users: z.number(),
});

/** An RDV ends on the day it starts (at midnight at the latest), in the organisation's calendar: 422 otherwise. */
export function checkEndsSameDay(startsAt: Date, durationInMin: number, timezone: string): void {
  const end = new Date(startsAt.getTime() + durationInMin * 60_000);
  const lastMinute = new Date(end.getTime() - 60_000);
  if (localDateInput(lastMinute, timezone) !== localDateInput(startsAt, timezone)) {
    throw invalid({
      durationInMin: `Le RDV doit se terminer le jour même : commencé à ${formatTime(startsAt, timezone)}, il finirait le lendemain à ${formatTime(end, timezone)}.`,
    });
  }
}
