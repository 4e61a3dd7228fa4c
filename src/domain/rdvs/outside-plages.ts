// Whether an RDV falls outside its agents' plages d'ouverture. Agents book beyond their plages every day, so this is
// never a conflict: the RDV form only mentions it.
import type { Db } from "../../db/client.ts";
import { fullName } from "../../vocabulary/names.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import { expandOccurrences, type Range } from "../recurrence/expand.ts";
import { dayNumberOfInstant, utcMidnightOfDayNumber } from "../recurrence/local-calendar.ts";
import { seriesColumns, seriesFromColumns } from "../recurrence/recurrence-columns.ts";

export type OutsidePlagesQuery = {
  organisationId: string;
  timezone: string;
  startsAt: Date;
  durationInMin: number;
  agentIds: string[];
};

/** « Prénom Nom » of the RDV's agents none of whose plages in the organisation covers the whole RDV. */
export async function findAgentsOutsidePlages(db: Db, actor: Actor, query: OutsidePlagesQuery): Promise<string[]> {
  const { organisationId, timezone, agentIds } = query;
  requireMembership(actor, organisationId);
  if (agentIds.length === 0) return [];
  const range: Range = { from: query.startsAt, to: new Date(query.startsAt.getTime() + query.durationInMin * 60_000) };
  const day = dayNumberOfInstant(range.from, timezone);
  const firstDay = utcMidnightOfDayNumber(day - 1);
  const plages = await db.plageOuverture.findMany({
    where: {
      organisationId,
      agentId: { in: agentIds },
      firstDay: { lte: utcMidnightOfDayNumber(day + 1) },
      OR: [
        { recurrenceFrequency: null, firstDay: { gte: firstDay } },
        { recurrenceFrequency: { not: null }, OR: [{ recurrenceUntil: null }, { recurrenceUntil: { gte: firstDay } }] },
      ],
    },
    select: { agentId: true, ...seriesColumns },
  });
  const covered = new Set(
    plages
      .filter((plage) =>
        expandOccurrences({ ...seriesFromColumns(plage), timezone }, range).some(
          (occurrence) => occurrence.startsAt <= range.from && occurrence.endsAt >= range.to,
        ),
      )
      .map((plage) => plage.agentId),
  );
  const outside = agentIds.filter((id) => !covered.has(id));
  if (outside.length === 0) return [];
  const agents = await db.agent.findMany({
    where: { id: { in: outside } },
    select: { firstName: true, lastName: true },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
  });
  return agents.map(fullName);
}

/** « Créneau hors des plages d'ouverture de Bruno Martin et Chloé Durand (pour information). » */
export function outsidePlagesSentence(names: string[]): string {
  const list = new Intl.ListFormat("fr", { type: "conjunction" }).format(names);
  return `Créneau hors des plages d'ouverture de ${list} (pour information : ce n'est pas un conflit).`;
}
