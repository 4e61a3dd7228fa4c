// What an agent's calendar shows over a range: its RDVs, the occurrences of its plages d'ouverture and of its
// absences. One SQL statement reads the agent, its organisation's zone and the three kinds (and, for the agenda page,
// the organisation's agents); recurring plages and absences are expanded by the recurrence module.
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { RdvStatus } from "../../generated/prisma/enums.ts";
import { fullName } from "../../vocabulary/names.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import { invalid, notFound } from "../errors.ts";
import { expandOccurrences, type Range } from "../recurrence/expand.ts";
import { dayNumberOfUtcDate, localDateFromDayNumber } from "../recurrence/local-calendar.ts";
import { WEEKDAYS } from "../recurrence/recurrence.schemas.ts";
import { dbDateFromLocalDate, recurrenceFromColumns } from "../recurrence/recurrence-columns.ts";
import { MAX_AGENDA_RANGE_DAYS } from "./agenda.schemas.ts";
import { agendaAgentSchema, organisationAgentsJson } from "./list-agenda-agents.ts";

export type AgendaRdv = {
  kind: "rdv";
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: RdvStatus;
  motif: { name: string; color: string };
  lieuName: string | null;
  /** « Prénom Nom » of each usager, sorted by last name. */
  usagers: string[];
};
export type AgendaPlage = { kind: "plage"; id: string; title: string; startsAt: Date; endsAt: Date; lieuName: string };
export type AgendaAbsence = { kind: "absence"; id: string; title: string; startsAt: Date; endsAt: Date };
export type AgendaEvent = AgendaRdv | AgendaPlage | AgendaAbsence;

export type AgendaAgent = { id: string; firstName: string; lastName: string };
export type Agenda = { agent: AgendaAgent; timezone: string; events: AgendaEvent[] };

export type AgendaQuery = {
  actor: Actor;
  /** The organisation whose agenda is read: an agent's RDVs, plages and absences of other organisations stay out. */
  organisationId: string;
  agentId: string;
  range: Range;
};

const MS_PER_DAY = 86_400_000;
/** RDVs never last a day (the RDV rules cap them at 8 hours): those starting earlier cannot reach into the range. */
const RDV_LOOKBACK_MS = MS_PER_DAY;

/**
 * The events of one agent of an organisation that intersect the range, sorted by start. Every member of the
 * organisation may read the agenda of any of its agents (secretaries book for everyone, agents book with colleagues);
 * an organisation the actor does not belong to, or an agent who is not a member of it, is a 404.
 */
export async function listAgendaEvents(db: Db, query: AgendaQuery): Promise<Agenda> {
  const { agenda } = await readAgenda(db, query, false);
  return agenda;
}

/**
 * The same agenda and, read by the same statement, the agents of the organisation by last then first name (the
 * agenda page's picker, as `listAgendaAgents` lists them).
 */
export async function listAgendaEventsAndAgents(
  db: Db,
  query: AgendaQuery,
): Promise<{ agenda: Agenda; agents: AgendaAgent[] }> {
  const { agenda, agents } = await readAgenda(db, query, true);
  return { agenda, agents: agents ?? [] };
}

async function readAgenda(
  db: Db,
  { actor, organisationId, agentId, range }: AgendaQuery,
  withAgents: boolean,
): Promise<{ agenda: Agenda; agents: AgendaAgent[] | null }> {
  requireMembership(actor, organisationId);
  const { from, to } = range;
  if (!(from < to) || to.getTime() - from.getTime() > MAX_AGENDA_RANGE_DAYS * MS_PER_DAY) {
    throw invalid({ end: `La période doit être non vide et durer au plus ${MAX_AGENDA_RANGE_DAYS} jours.` });
  }
  // Plages and absences are stored as local days: keep those whose days can meet the range, with a day of margin on
  // each side for occurrences that cross midnight, and another because the zone is only known to the statement (a
  // local day is at most a day from the UTC one); expansion then keeps exactly those that intersect the range.
  const firstDay = localDateFromDayNumber(dayNumberOfUtcDate(from) - 2);
  const lastDay = localDateFromDayNumber(dayNumberOfUtcDate(to) + 2);
  const stillRecurring = (table: Prisma.Sql) =>
    Prisma.sql`(${table}."recurrenceFrequency" IS NOT NULL
                AND (${table}."recurrenceUntil" IS NULL OR ${table}."recurrenceUntil" >= ${firstDay}::date))`;
  const p = Prisma.raw(`p`);
  const ab = Prisma.raw(`ab`);
  // One statement, one round trip: the agent (no row: not a member of the organisation), the zone, then each kind as
  // one JSON array. The RDVs come from the links of the agent over the period ("RdvAgent" carries each RDV's start
  // for that index), not from every RDV of the organisation that week.
  const rows = await db.$queryRaw<unknown[]>`
    SELECT a."id", a."firstName", a."lastName", o."timezone",
           ${withAgents ? Prisma.sql`${organisationAgentsJson(organisationId)}` : Prisma.sql`NULL`} AS "agents",
           COALESCE((
             SELECT json_agg(json_build_object(
                      'id', r."id", 'startsAt', (extract(epoch FROM r."startsAt") * 1000)::bigint,
                      'durationInMin', r."durationInMin", 'status', r."status", 'motifName', m."name",
                      'motifColor', m."color", 'lieuName', l."name",
                      'usagers', COALESCE((
                        SELECT json_agg(json_build_array(u."firstName", u."lastName") ORDER BY u."lastName", u."firstName")
                          FROM "RdvUser" ru JOIN "User" u ON u."id" = ru."userId" WHERE ru."rdvId" = r."id"), '[]'))
                    ORDER BY ra."startsAt", r."id")
               FROM "RdvAgent" ra JOIN "Rdv" r ON r."id" = ra."rdvId"
               JOIN "Motif" m ON m."id" = r."motifId" LEFT JOIN "Lieu" l ON l."id" = r."lieuId"
              WHERE ra."agentId" = a."id" AND r."organisationId" = o."id"
                AND ra."startsAt" >= ${new Date(from.getTime() - RDV_LOOKBACK_MS)} AND ra."startsAt" < ${to}), '[]')
             AS "rdvs",
           COALESCE((
             SELECT json_agg(json_build_object(
                      'id', p."id", 'title', p."title", 'lieuName', l."name", ${seriesJson(p)}) ORDER BY p."firstDay", p."id")
               FROM "PlageOuverture" p JOIN "Lieu" l ON l."id" = p."lieuId"
              WHERE p."organisationId" = o."id" AND p."agentId" = a."id" AND p."firstDay" <= ${lastDay}::date
                AND ((p."recurrenceFrequency" IS NULL AND p."firstDay" >= ${firstDay}::date) OR ${stillRecurring(p)})), '[]')
             AS "plages",
           COALESCE((
             SELECT json_agg(json_build_object(
                      'id', ab."id", 'title', ab."title", 'endDay', ab."endDay", ${seriesJson(ab)}) ORDER BY ab."firstDay", ab."id")
               FROM "Absence" ab
              WHERE ab."organisationId" = o."id" AND ab."agentId" = a."id" AND ab."firstDay" <= ${lastDay}::date
                AND (ab."endDay" >= ${firstDay}::date OR ${stillRecurring(ab)})), '[]')
             AS "absences"
      FROM "AgentRole" ar JOIN "Agent" a ON a."id" = ar."agentId" JOIN "Organisation" o ON o."id" = ar."organisationId"
     WHERE ar."agentId" = ${agentId} AND ar."organisationId" = ${organisationId}`;
  const row = agendaRowSchema.array().parse(rows)[0];
  if (!row) throw notFound("Cet agent n'existe pas dans votre organisation.");
  const { timezone } = row;

  const events: AgendaEvent[] = [];
  for (const rdv of row.rdvs) {
    const endsAt = new Date(rdv.startsAt + rdv.durationInMin * 60_000);
    if (endsAt <= from) continue;
    events.push({
      kind: "rdv",
      id: rdv.id,
      startsAt: new Date(rdv.startsAt),
      endsAt,
      status: rdv.status,
      motif: { name: rdv.motifName, color: rdv.motifColor },
      lieuName: rdv.lieuName,
      usagers: rdv.usagers.map(([firstName, lastName]) => fullName({ firstName, lastName })),
    });
  }
  for (const plage of row.plages) {
    for (const occurrence of expandOccurrences(seriesOf(plage, timezone), range)) {
      events.push({ kind: "plage", id: plage.id, title: plage.title, lieuName: plage.lieuName, ...occurrence });
    }
  }
  for (const absence of row.absences) {
    for (const occurrence of expandOccurrences({ ...seriesOf(absence, timezone), endDay: absence.endDay }, range)) {
      events.push({ kind: "absence", id: absence.id, title: absence.title, ...occurrence });
    }
  }
  events.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.endsAt.getTime() - b.endsAt.getTime());
  const agent = { id: row.id, firstName: row.firstName, lastName: row.lastName };
  return { agenda: { agent, timezone, events }, agents: row.agents };
}

/** The series columns of a plage or an absence as JSON fields (days as "YYYY-MM-DD"). */
function seriesJson(table: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`'firstDay', ${table}."firstDay", 'startTime', ${table}."startTime", 'endTime', ${table}."endTime",
    'recurrenceFrequency', ${table}."recurrenceFrequency", 'recurrenceInterval', ${table}."recurrenceInterval",
    'recurrenceWeekdays', COALESCE(${table}."recurrenceWeekdays", '{}'), 'recurrenceUntil', ${table}."recurrenceUntil"`;
}

function seriesOf(row: z.output<typeof seriesRowSchema>, timezone: string) {
  const { recurrenceUntil } = row;
  const recurrence = recurrenceFromColumns({
    ...row,
    recurrenceUntil: recurrenceUntil === null ? null : dbDateFromLocalDate(recurrenceUntil),
  });
  return { firstDay: row.firstDay, startTime: row.startTime, endTime: row.endTime, recurrence, timezone };
}

const localDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const seriesRowSchema = z.object({
  firstDay: localDay,
  startTime: z.string(),
  endTime: z.string(),
  recurrenceFrequency: z.enum(["week", "month"]).nullable(),
  recurrenceInterval: z.number().int().nullable(),
  recurrenceWeekdays: z.array(z.enum(WEEKDAYS)),
  recurrenceUntil: localDay.nullable(),
});

const agendaRowSchema = agendaAgentSchema.extend({
  timezone: z.string(),
  agents: agendaAgentSchema.array().nullable(),
  rdvs: z.array(
    z.object({
      id: z.string(),
      /** Milliseconds since the epoch (a JSON number). */
      startsAt: z.number().int(),
      durationInMin: z.number().int(),
      status: z.enum(RdvStatus),
      motifName: z.string(),
      motifColor: z.string(),
      lieuName: z.string().nullable(),
      usagers: z.array(z.tuple([z.string(), z.string()])),
    }),
  ),
  plages: z.array(seriesRowSchema.extend({ id: z.string(), title: z.string(), lieuName: z.string() })),
  absences: z.array(seriesRowSchema.extend({ id: z.string(), title: z.string(), endDay: localDay })),
});
