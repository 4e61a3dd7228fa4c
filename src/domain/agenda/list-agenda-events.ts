// What an agent's calendar shows over a range: its RDVs, the occurrences of its plages d'ouverture and of its
// absences. One query per kind; recurring plages and absences are expanded by the recurrence module.
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { RdvStatus } from "../../generated/prisma/enums.ts";
import { fullName } from "../../vocabulary/names.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import { invalid, notFound } from "../errors.ts";
import { expandOccurrences, type Range } from "../recurrence/expand.ts";
import { dayNumberOfInstant, utcMidnightOfDayNumber } from "../recurrence/local-calendar.ts";
import { localDateFromDbDate, seriesColumns, seriesFromColumns } from "../recurrence/recurrence-columns.ts";
import { MAX_AGENDA_RANGE_DAYS } from "./agenda.schemas.ts";

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

/** RDVs never last a day (the RDV rules cap them at 8 hours): those starting earlier cannot reach into the range. */
const RDV_LOOKBACK_MS = 86_400_000;

/**
 * The events of one agent of an organisation that intersect the range, sorted by start. Every member of the
 * organisation may read the agenda of any of its agents (secretaries book for everyone, agents book with colleagues);
 * an organisation the actor does not belong to, or an agent who is not a member of it, is a 404.
 */
export async function listAgendaEvents(
  db: Db,
  { actor, organisationId, agentId, range }: AgendaQuery,
): Promise<Agenda> {
  requireMembership(actor, organisationId);
  const { from, to } = range;
  if (!(from < to) || to.getTime() - from.getTime() > MAX_AGENDA_RANGE_DAYS * 86_400_000) {
    throw invalid({ end: `La période doit être non vide et durer au plus ${MAX_AGENDA_RANGE_DAYS} jours.` });
  }
  // The agent and the organisation's zone in one statement (Prisma's nested select sends one per relation).
  const role = agendaAgentSchema.array().parse(
    await db.$queryRaw<unknown[]>`
      SELECT a."id", a."firstName", a."lastName", o."timezone"
        FROM "AgentRole" ar JOIN "Agent" a ON a."id" = ar."agentId" JOIN "Organisation" o ON o."id" = ar."organisationId"
       WHERE ar."agentId" = ${agentId} AND ar."organisationId" = ${organisationId}`,
  )[0];
  if (!role) throw notFound("Cet agent n'existe pas dans votre organisation.");
  const { timezone, ...agent } = role;
  // Plages and absences are stored as local days: keep those whose days can meet the range, with a day of margin
  // on each side for occurrences that cross midnight; expansion then keeps exactly those that intersect it.
  const firstDay = utcMidnightOfDayNumber(dayNumberOfInstant(from, timezone) - 1);
  const lastDay = utcMidnightOfDayNumber(dayNumberOfInstant(to, timezone) + 1);
  const stillRecurring = {
    recurrenceFrequency: { not: null },
    OR: [{ recurrenceUntil: null }, { recurrenceUntil: { gte: firstDay } }],
  };
  const [rdvs, plages, absences] = await Promise.all([
    // One statement for the RDVs with their motif, lieu and usagers (Prisma's relation select sent five).
    db.$queryRaw<unknown[]>`
      SELECT r."id", r."startsAt", r."durationInMin", r."status"::text AS "status",
             m."name" AS "motifName", m."color" AS "motifColor", l."name" AS "lieuName",
             COALESCE((SELECT json_agg(json_build_array(u."firstName", u."lastName") ORDER BY u."lastName", u."firstName")
                         FROM "RdvUser" ru JOIN "User" u ON u."id" = ru."userId" WHERE ru."rdvId" = r."id"), '[]') AS "usagers"
        FROM "Rdv" r JOIN "Motif" m ON m."id" = r."motifId" LEFT JOIN "Lieu" l ON l."id" = r."lieuId"
       WHERE r."organisationId" = ${organisationId}
         AND r."startsAt" >= ${new Date(from.getTime() - RDV_LOOKBACK_MS)} AND r."startsAt" < ${to}
         AND EXISTS (SELECT 1 FROM "RdvAgent" ra WHERE ra."rdvId" = r."id" AND ra."agentId" = ${agentId})
       ORDER BY r."startsAt"`.then((rows) => agendaRdvRowSchema.array().parse(rows)),
    db.plageOuverture.findMany({
      where: {
        organisationId,
        agentId,
        firstDay: { lte: lastDay },
        OR: [{ recurrenceFrequency: null, firstDay: { gte: firstDay } }, stillRecurring],
      },
      select: { id: true, title: true, lieu: { select: { name: true } }, ...seriesColumns },
    }),
    db.absence.findMany({
      where: {
        organisationId,
        agentId,
        firstDay: { lte: lastDay },
        OR: [{ endDay: { gte: firstDay } }, stillRecurring],
      },
      select: { id: true, title: true, endDay: true, ...seriesColumns },
    }),
  ]);

  const events: AgendaEvent[] = [];
  for (const rdv of rdvs) {
    const endsAt = new Date(rdv.startsAt.getTime() + rdv.durationInMin * 60_000);
    if (endsAt <= from) continue;
    events.push({
      kind: "rdv",
      id: rdv.id,
      startsAt: rdv.startsAt,
      endsAt,
      status: rdv.status,
      motif: { name: rdv.motifName, color: rdv.motifColor },
      lieuName: rdv.lieuName,
      usagers: rdv.usagers.map(([firstName, lastName]) => fullName({ firstName, lastName })),
    });
  }
  for (const plage of plages) {
    for (const occurrence of expandOccurrences({ ...seriesFromColumns(plage), timezone }, range)) {
      events.push({ kind: "plage", id: plage.id, title: plage.title, lieuName: plage.lieu.name, ...occurrence });
    }
  }
  for (const absence of absences) {
    const series = { ...seriesFromColumns(absence), endDay: localDateFromDbDate(absence.endDay), timezone };
    for (const occurrence of expandOccurrences(series, range)) {
      events.push({ kind: "absence", id: absence.id, title: absence.title, ...occurrence });
    }
  }
  events.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.endsAt.getTime() - b.endsAt.getTime());
  return { agent, timezone, events };
}

const agendaAgentSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  timezone: z.string(),
});

const agendaRdvRowSchema = z.object({
  id: z.string(),
  startsAt: z.date(),
  durationInMin: z.number().int(),
  status: z.enum(RdvStatus),
  motifName: z.string(),
  motifColor: z.string(),
  lieuName: z.string().nullable(),
  usagers: z.array(z.tuple([z.string(), z.string()])),
});
