// The checks a plage must pass against the database before it is written: its agent, lieu and motifs belong to the
// organisation, and it does not overlap another plage of the same agent.
import { DateTime } from "luxon";
import type { Tx } from "../../db/client.ts";
import { conflict, invalid } from "../errors.ts";
import type { Occurrence, Series } from "../recurrence/expand.ts";
import { seriesOverlap } from "../recurrence/overlap.ts";
import { dbDateFromLocalDate, seriesColumns, seriesFromColumns } from "../recurrence/recurrence-columns.ts";

/**
 * Serialise the writes of one agent's schedule: two concurrent requests cannot both pass the overlap check and
 * then both write. Returns the organisation's time zone, or refuses an agent who is not a member (422 on agentId).
 */
export async function lockAgentOfOrganisation(tx: Tx, agentId: string, organisationId: string): Promise<string> {
  await tx.$queryRaw`SELECT 1 FROM "Agent" WHERE "id" = ${agentId} FOR UPDATE`;
  const role = await tx.agentRole.findUnique({
    where: { agentId_organisationId: { agentId, organisationId } },
    select: { organisation: { select: { timezone: true } } },
  });
  if (!role) throw invalid({ agentId: "Cet agent ne fait pas partie de l'organisation." });
  return role.organisation.timezone;
}

/**
 * The lieu and the motifs must be the organisation's, and in use; a lieu or motif disabled since the plage was made
 * may stay on it (`current`), but none may be newly chosen.
 */
export async function checkPlageReferences(
  tx: Tx,
  input: { organisationId: string; lieuId: string; motifIds: string[] },
  current: { lieuId: string; motifIds: string[] } | null = null,
): Promise<void> {
  const lieu = await tx.lieu.findFirst({
    where: { id: input.lieuId, organisationId: input.organisationId },
    select: { disabledAt: true },
  });
  if (!lieu) throw invalid({ lieuId: "Choisissez un lieu de l'organisation." });
  if (lieu.disabledAt && current?.lieuId !== input.lieuId) throw invalid({ lieuId: "Ce lieu est désactivé." });
  const motifs = await tx.motif.findMany({
    where: { id: { in: input.motifIds }, organisationId: input.organisationId },
    select: { id: true, disabledAt: true },
  });
  if (motifs.length !== input.motifIds.length) throw invalid({ motifIds: "Choisissez des motifs de l'organisation." });
  if (motifs.some((m) => m.disabledAt && !current?.motifIds.includes(m.id))) {
    throw invalid({ motifIds: "Un des motifs choisis est désactivé." });
  }
}

type Conflict = { title: string | null; overlap: Occurrence };

/**
 * Refuse (409, with a message on the start time) a plage that overlaps another plage of its agent, naming that plage
 * and the first moment both are on. Plages of the agent in other organisations count too, but nothing of them is
 * revealed (« Cet agent n'est pas disponible sur ce créneau. »). They are compared in this organisation's time zone, so those of an organisation in another zone are left
 * out.
 */
export async function refuseOverlappingPlage(
  tx: Tx,
  plage: Series & { agentId: string; organisationId: string; excludeId?: string },
  timezone: string,
): Promise<void> {
  const firstDay = dbDateFromLocalDate(plage.firstDay);
  const lastDay = plage.recurrence ? plage.recurrence.until : plage.firstDay;
  const candidates = await tx.plageOuverture.findMany({
    where: {
      agentId: plage.agentId,
      ...(plage.excludeId && { id: { not: plage.excludeId } }),
      organisation: { timezone },
      // Only plages still on at or after this one's first day, and starting by its last day.
      OR: [
        { recurrenceFrequency: { not: null }, recurrenceUntil: null },
        { recurrenceUntil: { gte: firstDay } },
        { recurrenceFrequency: null, firstDay: { gte: firstDay } },
      ],
      ...(lastDay !== undefined && { firstDay: { lte: dbDateFromLocalDate(lastDay) } }),
    },
    select: { organisationId: true, title: true, ...seriesColumns },
  });
  let first: Conflict | null = null;
  for (const candidate of candidates) {
    const overlap = seriesOverlap(plage, seriesFromColumns(candidate), timezone);
    if (overlap && (!first || overlap.startsAt < first.overlap.startsAt)) {
      first = { title: candidate.organisationId === plage.organisationId ? candidate.title : null, overlap };
    }
  }
  if (first) {
    const message = overlapMessage(first, timezone);
    throw conflict(message, { startTime: message });
  }
}

function overlapMessage({ title, overlap }: Conflict, timezone: string): string {
  const local = (instant: Date) => DateTime.fromJSDate(instant, { zone: timezone }).setLocale("fr");
  const start = local(overlap.startsAt);
  // A plage of another organisation is not described at all: its days and hours are not this organisation's business.
  if (title === null) return "Cet agent n'est pas disponible sur ce créneau.";
  return (
    `Cette plage chevauche la plage « ${title} » : toutes deux sont ouvertes le ${start.toFormat("cccc d LLLL yyyy")} ` +
    `de ${start.toFormat("HH:mm")} à ${local(overlap.endsAt).toFormat("HH:mm")}.`
  );
}
