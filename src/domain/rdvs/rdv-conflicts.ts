// What an RDV would collide with: another RDV of one of its agents that is not cancelled, or an absence of one of them
// (recurring absences expanded in their organisation's zone). Read inside the write transaction, after the agents'
// days are locked, so that two bookings of one agent at one time cannot both pass without a confirmation. Records of
// an organisation the actor does not belong to are never described: only that the agent is not available.
import { z } from "zod";
import type { Tx } from "../../db/client.ts";
import { RecurrenceFrequency, Weekday } from "../../generated/prisma/enums.ts";
import { formatShortDayTime, formatTime, localDateInput } from "../../vocabulary/dates.ts";
import { fullName } from "../../vocabulary/names.ts";
import { CANCELLED_STATUSES } from "../../vocabulary/rdv-statuses.ts";
import { type Actor, organisationIdsOf } from "../auth/actor.ts";
import { AppError } from "../errors.ts";
import { expandOccurrences, type Range } from "../recurrence/expand.ts";
import { dayNumberOfInstant, utcMidnightOfDayNumber } from "../recurrence/local-calendar.ts";
import { localDateFromDbDate, recurrenceFromColumns } from "../recurrence/recurrence-columns.ts";

/** One collision of an RDV, with a French sentence for the form and the API. */
export type RdvConflict =
  | { type: "rdv"; agentId: string; rdvId: string; startsAt: Date; endsAt: Date; message: string }
  | {
      type: "absence";
      agentId: string;
      absenceId: string;
      title: string;
      startsAt: Date;
      endsAt: Date;
      message: string;
    }
  /** A record of another organisation: its times are those of the RDV being booked, nothing of the record itself. */
  | { type: "unavailable"; agentId: string; startsAt: Date; endsAt: Date; message: string };

/** 409: the RDV collides with the listed RDVs or absences; sending it again with a confirmation books it anyway. */
export class RdvConflictError extends AppError {
  readonly conflicts: RdvConflict[];

  constructor(conflicts: RdvConflict[]) {
    super(
      "conflict",
      conflicts.length === 1
        ? "Ce créneau est en conflit avec l'agenda d'un agent : confirmez pour enregistrer le RDV quand même."
        : `Ce créneau est en conflit avec l'agenda des agents (${conflicts.length} conflits) : confirmez pour enregistrer le RDV quand même.`,
    );
    this.conflicts = conflicts;
    this.name = "RdvConflictError";
  }
}

/** An agent of the RDV, whose agenda is locked around the RDV's time for the rest of the transaction. */
export type LockedAgent = { id: string; firstName: string; lastName: string; organisationIds: string[] };

const DAY_MS = 86_400_000;

/**
 * Lock the agents' agendas on the UTC days that `range` touches, for the rest of the transaction (advisory locks, one
 * per agent and day, taken in key order so that two bookings never deadlock), then read the agents. Two RDVs of one
 * agent that overlap share at least one such day: bookings and moves that could collide check and write one after
 * the other, while bookings of the agent on other days go on side by side (a lock on the agent's row made every
 * booking of the agent wait for the one before). Online bookings take the same locks (`takeCreneau`).
 */
export async function lockAgentDays(tx: Tx, agentIds: readonly string[], range: Range): Promise<LockedAgent[]> {
  if (agentIds.length === 0) return [];
  const days: string[] = [];
  for (let day = Math.floor(range.from.getTime() / DAY_MS); day * DAY_MS < range.to.getTime(); day++) {
    days.push(String(day));
  }
  return tx.$queryRaw<LockedAgent[]>`
    WITH "locked" AS MATERIALIZED (
      SELECT count(pg_advisory_xact_lock("key")) AS "n"
        FROM (SELECT DISTINCT hashtextextended("agent" || '/' || "day", 0) AS "key"
                FROM unnest(${[...agentIds]}::text[]) AS "agent", unnest(${days}::text[]) AS "day"
               ORDER BY "key") AS "keys"
    )
    SELECT a."id", a."firstName", a."lastName",
           ARRAY(SELECT r."organisationId" FROM "AgentRole" r WHERE r."agentId" = a."id") AS "organisationIds"
      FROM "Agent" a, "locked" WHERE a."id" = ANY(${[...agentIds]}::text[])
     ORDER BY a."id"`;
}

/**
 * The last step of a booking or a move, once the RDV and its history and emails are written: lock the agents'
 * agendas around its time, read what it collides with and refuse it (`RdvConflictError`, which rolls everything back)
 * unless allowed. The RDV is written first so that the locks are held for this one read and the commit only: a
 * second booking that could collide waits here, then reads the first one committed — never a check, then a write,
 * outside the lock.
 */
export async function refuseConflicts(
  tx: Tx,
  query: Omit<ConflictQuery, "agents" | "rdvId"> & { rdvId: string; agentIds: readonly string[] },
): Promise<void> {
  const range = { from: query.startsAt, to: new Date(query.startsAt.getTime() + query.durationInMin * 60_000) };
  const agents = await lockAgentDays(tx, query.agentIds, range);
  const conflicts = await findRdvConflicts(tx, { ...query, agents });
  if (conflicts.length > 0) throw new RdvConflictError(conflicts);
}

export type ConflictQuery = {
  actor: Actor;
  /** The RDV being booked or moved, which never collides with itself. */
  rdvId?: string;
  startsAt: Date;
  durationInMin: number;
  /** The agents to check, locked by `lockAgentDays` over the RDV's time. */
  agents: LockedAgent[];
  /** The zone of the RDV's organisation, in which the messages give times. */
  timezone: string;
};

/** RDVs never last a day: those starting a day before cannot reach the RDV. */
const RDV_LOOKBACK_MS = 86_400_000;
/** Absence days are local to their organisation's zone: two days of margin cover any offset and overnight ends. */
const DAY_MARGIN = 2;

/** The RDVs and absences the RDV would collide with, in time order; one query whatever the number of agents. */
export async function findRdvConflicts(tx: Tx, query: ConflictQuery): Promise<RdvConflict[]> {
  const { actor, agents, timezone } = query;
  if (agents.length === 0) return [];
  const range: Range = { from: query.startsAt, to: new Date(query.startsAt.getTime() + query.durationInMin * 60_000) };
  const agentIds = agents.map((agent) => agent.id);
  // Each agent's organisations: an agent busy elsewhere is not free here either (the créneaux search agrees).
  const organisationIds = [...new Set(agents.flatMap((agent) => agent.organisationIds))];
  const firstDay = utcMidnightOfDayNumber(dayNumberOfInstant(range.from, timezone) - DAY_MARGIN);
  const lastDay = utcMidnightOfDayNumber(dayNumberOfInstant(range.to, timezone) + DAY_MARGIN);
  // One statement for both kinds (Prisma sent four: each relation is a query of its own).
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT 'rdv' AS "kind", json_build_object(
             'kind', 'rdv', 'id', r."id", 'organisationId', r."organisationId", 'startsAt', r."startsAt", 'durationInMin', r."durationInMin",
             'agentIds', ARRAY(SELECT ra."agentId" FROM "RdvAgent" ra
                                WHERE ra."rdvId" = r."id" AND ra."agentId" = ANY(${agentIds}::text[]) ORDER BY ra."agentId")
           ) AS "row", r."startsAt" AS "sortAt", r."id" AS "sortId"
      FROM "Rdv" r
     WHERE r."organisationId" = ANY(${organisationIds}::text[])
       AND r."id" <> ${query.rdvId ?? ""}
       AND r."startsAt" >= ${new Date(range.from.getTime() - RDV_LOOKBACK_MS)} AND r."startsAt" < ${range.to}
       AND r."status"::text <> ALL(${[...CANCELLED_STATUSES]}::text[])
       AND EXISTS (SELECT 1 FROM "RdvAgent" ra WHERE ra."rdvId" = r."id" AND ra."agentId" = ANY(${agentIds}::text[]))
    UNION ALL
    SELECT 'absence', json_build_object(
             'kind', 'absence', 'id', a."id", 'organisationId', a."organisationId", 'agentId', a."agentId", 'title', a."title",
             'firstDay', a."firstDay", 'startTime', a."startTime", 'endDay', a."endDay", 'endTime', a."endTime",
             'recurrenceFrequency', a."recurrenceFrequency", 'recurrenceInterval', a."recurrenceInterval",
             'recurrenceWeekdays', COALESCE(a."recurrenceWeekdays", '{}'), 'recurrenceUntil', a."recurrenceUntil", 'timezone', o."timezone"
           ), NULL, a."id"
      FROM "Absence" a JOIN "Organisation" o ON o."id" = a."organisationId"
     WHERE a."organisationId" = ANY(${organisationIds}::text[]) AND a."agentId" = ANY(${agentIds}::text[])
       AND a."firstDay" <= ${isoDay(lastDay)}::date
       AND (a."endDay" >= ${isoDay(firstDay)}::date
            OR (a."recurrenceFrequency" IS NOT NULL AND (a."recurrenceUntil" IS NULL OR a."recurrenceUntil" >= ${isoDay(firstDay)}::date)))
     ORDER BY "kind" DESC, "sortAt", "sortId"`;
  const rdvRows: z.infer<typeof rdvRowSchema>[] = [];
  const absenceRows: z.infer<typeof absenceRowSchema>[] = [];
  for (const { row } of conflictRowSchema.array().parse(rows)) {
    if (row.kind === "rdv") rdvRows.push(row);
    else absenceRows.push(row);
  }

  const readable = new Set(organisationIdsOf(actor));
  const nameOf = new Map(agents.map((agent) => [agent.id, fullName(agent)]));
  const describe = new Describer(timezone, range, agents.length);
  const found: RdvConflict[] = [];
  for (const rdv of rdvRows) {
    const endsAt = new Date(rdv.startsAt.getTime() + rdv.durationInMin * 60_000);
    if (endsAt <= range.from) continue;
    for (const agentId of rdv.agentIds) {
      const name = nameOf.get(agentId) ?? "";
      found.push(
        readable.has(rdv.organisationId)
          ? {
              type: "rdv",
              agentId,
              rdvId: rdv.id,
              startsAt: rdv.startsAt,
              endsAt,
              message: `${name} a déjà un RDV ${describe.period(rdv.startsAt, endsAt)} : confirmer quand même ?`,
            }
          : describe.unavailable(agentId, name),
      );
    }
  }
  for (const absence of absenceRows) {
    const occurrences = expandOccurrences(
      {
        firstDay: localDateFromDbDate(absence.firstDay),
        startTime: absence.startTime,
        endDay: localDateFromDbDate(absence.endDay),
        endTime: absence.endTime,
        recurrence: recurrenceFromColumns(absence),
        timezone: absence.timezone,
      },
      range,
    );
    const name = nameOf.get(absence.agentId) ?? "";
    for (const occurrence of occurrences) {
      found.push(
        readable.has(absence.organisationId)
          ? {
              type: "absence",
              agentId: absence.agentId,
              absenceId: absence.id,
              title: absence.title,
              ...occurrence,
              message: `${name} est absent (${absence.title}) ${describe.period(occurrence.startsAt, occurrence.endsAt)}`,
            }
          : describe.unavailable(absence.agentId, name),
      );
    }
  }
  return dropRepeatedUnavailability(found).sort(
    (a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.agentId.localeCompare(b.agentId),
  );
}

/** A UTC-midnight Date of a local day as the `date` PostgreSQL reads, whatever the session's zone. */
const isoDay = (day: Date) => day.toISOString().slice(0, 10);

const dbDate = z.string().transform((day) => new Date(`${day}T00:00:00Z`));

const rdvRowSchema = z.object({
  kind: z.literal("rdv"),
  id: z.string(),
  organisationId: z.string(),
  startsAt: z.coerce.date(),
  durationInMin: z.number(),
  agentIds: z.array(z.string()),
});

const absenceRowSchema = z.object({
  kind: z.literal("absence"),
  id: z.string(),
  organisationId: z.string(),
  agentId: z.string(),
  title: z.string(),
  firstDay: dbDate,
  startTime: z.string(),
  endDay: dbDate,
  endTime: z.string(),
  recurrenceFrequency: z.enum(RecurrenceFrequency).nullable(),
  recurrenceInterval: z.number().nullable(),
  recurrenceWeekdays: z.array(z.enum(Weekday)),
  recurrenceUntil: dbDate.nullable(),
  timezone: z.string(),
});

const conflictRowSchema = z.object({ row: z.discriminatedUnion("kind", [rdvRowSchema, absenceRowSchema]) });

/** The sentences of conflicts, in the zone of the RDV's organisation. */
class Describer {
  private readonly timezone: string;
  private readonly range: Range;
  private readonly agentCount: number;

  constructor(timezone: string, range: Range, agentCount: number) {
    this.timezone = timezone;
    this.range = range;
    this.agentCount = agentCount;
  }

  /** « de 10:00 à 10:30 » on the RDV's day; with the days when the record starts or ends on another one. */
  period(startsAt: Date, endsAt: Date): string {
    const day = localDateInput(this.range.from, this.timezone);
    // An end at midnight is the end of the RDV's day, not the next day.
    const lastInstant = new Date(endsAt.getTime() - 1);
    if (localDateInput(startsAt, this.timezone) === day && localDateInput(lastInstant, this.timezone) === day) {
      return `de ${formatTime(startsAt, this.timezone)} à ${formatTime(endsAt, this.timezone)}`;
    }
    return `du ${formatShortDayTime(startsAt, this.timezone)} au ${formatShortDayTime(endsAt, this.timezone)}`;
  }

  /** A record the actor may not know of: who is not available, nothing of why. */
  unavailable(agentId: string, name: string): RdvConflict {
    return {
      type: "unavailable",
      agentId,
      startsAt: this.range.from,
      endsAt: this.range.to,
      message:
        this.agentCount === 1
          ? "Cet agent n'est pas disponible sur ce créneau."
          : `${name} n'est pas disponible sur ce créneau.`,
    };
  }
}

/** One « not available » per agent: several hidden records must not be counted, which would describe them. */
function dropRepeatedUnavailability(conflicts: RdvConflict[]): RdvConflict[] {
  const seen = new Set<string>();
  return conflicts.filter((conflict) => {
    if (conflict.type !== "unavailable") return true;
    if (seen.has(conflict.agentId)) return false;
    seen.add(conflict.agentId);
    return true;
  });
}
