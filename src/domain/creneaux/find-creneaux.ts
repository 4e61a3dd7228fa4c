// « Trouver un créneau »: the free créneaux of a motif over a period, for the back-office page and the agents' API.
// Checks the question, reads what the engine needs (load-creneaux-data.ts), computes (compute-creneaux.ts) and names
// each créneau's agent and lieu.
import type { Db } from "../../db/client.ts";
import type { Actor } from "../auth/actor.ts";
import { invalid } from "../errors.ts";
import {
  dayNumberFromLocalDate,
  dayNumberOfInstant,
  instantAt,
  localDateFromDayNumber,
} from "../recurrence/local-calendar.ts";
import { parseInput } from "../validation.ts";
import { computeCreneaux } from "./compute-creneaux.ts";
import { creneauxAgentScope } from "./creneaux.policy.ts";
import {
  type CreneauxQuery,
  creneauxQuerySchema,
  DEFAULT_CRENEAUX_PERIOD_DAYS,
  MAX_CRENEAUX_PERIOD_DAYS,
} from "./creneaux.schemas.ts";
import { type CreneauxData, loadCreneauxData } from "./load-creneaux-data.ts";

const EMPTY: CreneauxData = { plages: [], absences: [], rdvs: [], agentNames: new Map(), lieuNames: new Map() };

export type FindCreneauxCommand = {
  actor: Actor;
  organisationId: string;
  /** Query string or JSON: see `creneauxQuerySchema` (motifId, lieuId, agentId, from, to). */
  raw: unknown;
  /** How many days a search without an end covers (default DEFAULT_CRENEAUX_PERIOD_DAYS). */
  defaultDays?: number;
  now?: Date;
};

/** A free créneau, with what a person needs to pick it. */
export type FoundCreneau = {
  startsAt: Date;
  endsAt: Date;
  durationInMin: number;
  agentId: string;
  agentName: string;
  lieuId: string;
  lieuName: string;
};

export type CreneauxSearch = {
  timezone: string;
  motif: { id: string; name: string; durationInMin: number };
  /** The local days searched, both included. */
  from: string;
  to: string;
  creneaux: FoundCreneau[];
};

/**
 * The free créneaux of a motif of the organisation between two local days (default: the coming week), at one lieu
 * or all, with one agent or any (an agent searches only its own), in order. Unknown motif, lieu or agent: 422.
 */
export async function findCreneaux(
  db: Db,
  { actor, organisationId, raw, defaultDays = DEFAULT_CRENEAUX_PERIOD_DAYS, now = new Date() }: FindCreneauxCommand,
): Promise<CreneauxSearch> {
  // Membership first: another organisation is a 404 whatever the query says.
  creneauxAgentScope(actor, organisationId, undefined);
  const query = parseInput(creneauxQuerySchema, raw);
  const agentId = creneauxAgentScope(actor, organisationId, query.agentId);
  const { motif, timezone, window } = await checkReferences(db, organisationId, query);
  const { from, to } = periodOf(query, timezone, now, defaultDays);
  const period = {
    from: instantAt(dayNumberFromLocalDate(from), "00:00", timezone),
    to: instantAt(dayNumberFromLocalDate(to) + 1, "00:00", timezone),
  };
  // Only what the booking window leaves of the period is worth reading.
  const range = {
    from: new Date(Math.max(period.from.getTime(), now.getTime() + window.minDelayInMin * 60_000)),
    to: new Date(
      Math.min(period.to.getTime() + motif.durationInMin * 60_000, now.getTime() + window.maxDelayInMin * 60_000),
    ),
  };
  const data =
    range.from < range.to
      ? await loadCreneauxData(db, {
          organisationId,
          timezone,
          motifId: motif.id,
          ...(query.lieuId !== undefined && { lieuId: query.lieuId }),
          ...(agentId !== undefined && { agentId }),
          range,
        })
      : EMPTY;
  const creneaux = computeCreneaux({ timezone, durationInMin: motif.durationInMin, period, now, window, ...data });
  return {
    timezone,
    motif,
    from,
    to,
    creneaux: creneaux.map((creneau) => ({
      ...creneau,
      durationInMin: motif.durationInMin,
      agentName: data.agentNames.get(creneau.agentId) ?? "",
      lieuName: data.lieuNames.get(creneau.lieuId) ?? "",
    })),
  };
}

/** The motif (enabled, of the organisation) with the organisation's settings; the lieu and agent, if named, exist. */
async function checkReferences(db: Db, organisationId: string, query: CreneauxQuery) {
  const [motif, lieu, role] = await Promise.all([
    db.motif.findFirst({
      where: { id: query.motifId, organisationId, disabledAt: null },
      select: {
        id: true,
        name: true,
        defaultDurationInMin: true,
        organisation: { select: { timezone: true, bookingMinDelayMinutes: true, bookingMaxDelayMinutes: true } },
      },
    }),
    query.lieuId === undefined
      ? null
      : db.lieu.findFirst({ where: { id: query.lieuId, organisationId }, select: { id: true } }),
    query.agentId === undefined
      ? null
      : db.agentRole.findUnique({
          where: { agentId_organisationId: { agentId: query.agentId, organisationId } },
          select: { id: true },
        }),
  ]);
  if (!motif) throw invalid({ motifId: "Ce motif n'existe pas ou n'est plus proposé dans l'organisation." });
  if (query.lieuId !== undefined && !lieu) throw invalid({ lieuId: "Ce lieu n'existe pas dans l'organisation." });
  if (query.agentId !== undefined && !role) {
    throw invalid({ agentId: "Cet agent ne fait pas partie de l'organisation." });
  }
  const { organisation } = motif;
  return {
    motif: { id: motif.id, name: motif.name, durationInMin: motif.defaultDurationInMin },
    timezone: organisation.timezone,
    window: { minDelayInMin: organisation.bookingMinDelayMinutes, maxDelayInMin: organisation.bookingMaxDelayMinutes },
  };
}

/** The local days searched: from today and for `defaultDays` unless told, at most MAX_CRENEAUX_PERIOD_DAYS. */
function periodOf(query: CreneauxQuery, timezone: string, now: Date, defaultDays: number) {
  const from = query.from ?? localDateFromDayNumber(dayNumberOfInstant(now, timezone));
  const to = query.to ?? localDateFromDayNumber(dayNumberFromLocalDate(from) + defaultDays - 1);
  const days = dayNumberFromLocalDate(to) - dayNumberFromLocalDate(from) + 1;
  if (days < 1) throw invalid({ to: "La fin doit être le même jour que le début ou après." });
  if (days > MAX_CRENEAUX_PERIOD_DAYS) {
    throw invalid({ to: `La période ne peut pas dépasser ${MAX_CRENEAUX_PERIOD_DAYS} jours.` });
  }
  return { from, to };
}
