// What the créneaux engine needs from the database, in three queries whatever the size of the organisation: the plages
// that offer the motif (index on organisation and agent), then the absences (index on organisation and agent) and the
// RDVs (index on organisation and start) of their agents in the period. Absences and RDVs of these agents in their
// other organisations count too: a person who is absent or busy elsewhere is not free here either.
import type { Db, Tx } from "../../db/client.ts";
import { CANCELLED_STATUSES } from "../../vocabulary/rdv-statuses.ts";
import type { Range } from "../recurrence/expand.ts";
import { dayNumberOfInstant, utcMidnightOfDayNumber } from "../recurrence/local-calendar.ts";
import { localDateFromDbDate, seriesColumns, seriesFromColumns } from "../recurrence/recurrence-columns.ts";
import type { CreneauxAbsence, CreneauxPlage, CreneauxRdv } from "./compute-creneaux.ts";

export type CreneauxDataQuery = {
  organisationId: string;
  timezone: string;
  motifId: string;
  lieuId?: string;
  agentId?: string;
  /** Every instant a créneau may cover. */
  range: Range;
  /** An RDV that does not count as busy: the one a usager is moving (it frees its own time). */
  exceptRdvId?: string;
};

export type CreneauxData = {
  plages: CreneauxPlage[];
  absences: CreneauxAbsence[];
  rdvs: CreneauxRdv[];
  /** « Prénom Nom » of each agent who has a plage for the motif. */
  agentNames: Map<string, string>;
  lieuNames: Map<string, string>;
};

/** RDVs never last a day (the RDV rules cap them at 8 hours): those starting earlier cannot reach into the range. */
const RDV_LOOKBACK_MS = 86_400_000;

/**
 * Days are stored local to each organisation's zone: two days of margin on each side cover any zone's offset from
 * the organisation's, and occurrences crossing midnight; expansion then keeps exactly what meets the range.
 */
const DAY_MARGIN = 2;

/**
 * Read the plages offering the motif (enabled lieux, current members), and the absences and RDVs of their agents. Also
 * called inside an online booking's transaction once it has locked the agents (reservations/take-creneau.ts).
 */
export async function loadCreneauxData(db: Db | Tx, query: CreneauxDataQuery): Promise<CreneauxData> {
  const { organisationId, timezone, motifId, lieuId, agentId, range, exceptRdvId } = query;
  const firstDay = utcMidnightOfDayNumber(dayNumberOfInstant(range.from, timezone) - DAY_MARGIN);
  const lastDay = utcMidnightOfDayNumber(dayNumberOfInstant(range.to, timezone) + DAY_MARGIN);
  const stillRecurring = {
    recurrenceFrequency: { not: null },
    OR: [{ recurrenceUntil: null }, { recurrenceUntil: { gte: firstDay } }],
  };
  const plageRows = await db.plageOuverture.findMany({
    where: {
      organisationId,
      ...(agentId !== undefined && { agentId }),
      ...(lieuId !== undefined && { lieuId }),
      motifs: { some: { motifId } },
      lieu: { disabledAt: null },
      agent: { roles: { some: { organisationId } } },
      firstDay: { lte: lastDay },
      OR: [{ recurrenceFrequency: null, firstDay: { gte: firstDay } }, stillRecurring],
    },
    select: {
      agentId: true,
      lieuId: true,
      agent: { select: { firstName: true, lastName: true, roles: { select: { organisationId: true } } } },
      lieu: { select: { name: true } },
      ...seriesColumns,
    },
  });
  const agentIds = [...new Set(plageRows.map((row) => row.agentId))];
  const organisationIds = [...new Set(plageRows.flatMap((row) => row.agent.roles.map((role) => role.organisationId)))];
  if (agentIds.length === 0) return { plages: [], absences: [], rdvs: [], agentNames: new Map(), lieuNames: new Map() };

  const [absenceRows, rdvRows] = await Promise.all([
    db.absence.findMany({
      where: {
        organisationId: { in: organisationIds },
        agentId: { in: agentIds },
        firstDay: { lte: lastDay },
        OR: [{ endDay: { gte: firstDay } }, stillRecurring],
      },
      select: { agentId: true, endDay: true, organisation: { select: { timezone: true } }, ...seriesColumns },
    }),
    // One join, in SQL: the RDVs of the period and their agents come back as flat rows (an organisation's six weeks
    // hold thousands), without the second query with one parameter per RDV that Prisma sends for a nested relation.
    db.$queryRaw<{ agentId: string; startsAt: Date; durationInMin: number }[]>`
      SELECT ra."agentId", r."startsAt", r."durationInMin"
      FROM "Rdv" r JOIN "RdvAgent" ra ON ra."rdvId" = r."id"
      WHERE r."organisationId" = ANY(${organisationIds}::text[])
        AND r."startsAt" >= ${new Date(range.from.getTime() - RDV_LOOKBACK_MS)} AND r."startsAt" < ${range.to}
        AND r."status"::text <> ALL(${[...CANCELLED_STATUSES]}::text[])
        AND ra."agentId" = ANY(${agentIds}::text[])
        AND r."id" IS DISTINCT FROM ${exceptRdvId ?? null}::text`,
  ]);

  return {
    plages: plageRows.map((row) => ({ agentId: row.agentId, lieuId: row.lieuId, series: seriesFromColumns(row) })),
    absences: absenceRows.map((row) => ({
      agentId: row.agentId,
      timezone: row.organisation.timezone,
      series: { ...seriesFromColumns(row), endDay: localDateFromDbDate(row.endDay) },
    })),
    rdvs: rdvRows,
    agentNames: new Map(plageRows.map((row) => [row.agentId, `${row.agent.firstName} ${row.agent.lastName}`])),
    lieuNames: new Map(plageRows.map((row) => [row.lieuId, row.lieu.name])),
  };
}
