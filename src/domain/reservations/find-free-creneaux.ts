// The free créneaux a usager may pick: the engine's, for a motif offered online, over local days within the
// organisation's booking window. Several agents free at one time and place are one créneau for the usager (the booking
// picks the agent), and no answer names an agent.
import type { Db } from "../../db/client.ts";
import { computeCreneaux } from "../creneaux/compute-creneaux.ts";
import { MAX_CRENEAUX_PERIOD_DAYS } from "../creneaux/creneaux.schemas.ts";
import { loadCreneauxData } from "../creneaux/load-creneaux-data.ts";
import { invalid } from "../errors.ts";
import {
  dayNumberFromLocalDate,
  dayNumberOfInstant,
  instantAt,
  localDateFromDayNumber,
} from "../recurrence/local-calendar.ts";
import { parseInput } from "../validation.ts";
import { findOnlineMotif, findOpenLieu, findPublicOrganisation, type PublicOrganisation } from "./online-offer.ts";
import { publicCreneauxQuerySchema } from "./reservation.schemas.ts";

/** A créneau as a usager sees it: when, how long, where. */
export type FreeCreneau = { startsAt: Date; endsAt: Date; durationInMin: number; lieuId: string };

export type FreeCreneauxSearch = {
  organisation: PublicOrganisation;
  motif: { id: string; name: string; durationInMin: number };
  /** The local days searched, both included. */
  from: string;
  to: string;
  creneaux: FreeCreneau[];
};

/**
 * The free créneaux of an online motif (at one lieu or all) between two local days; without them, from today to the
 * end of the booking window. Unknown organisation: 404; unknown motif or lieu, bad period: 422.
 */
export async function findFreeCreneaux(db: Db, raw: unknown, now = new Date()): Promise<FreeCreneauxSearch> {
  const query = parseInput(publicCreneauxQuerySchema, raw);
  const organisation = await findPublicOrganisation(db, query.organisationId);
  const motif = await findOnlineMotif(db, organisation.id, query.motifId);
  if (query.lieuId !== undefined) await findOpenLieu(db, organisation.id, query.lieuId);
  const { timezone, window } = organisation;
  const today = dayNumberOfInstant(now, timezone);
  const windowDays = Math.ceil(window.maxDelayInMin / 1440);
  const from = query.from ?? localDateFromDayNumber(today);
  const to = query.to ?? localDateFromDayNumber(Math.min(today + windowDays, dayNumberFromLocalDate(from) + 61));
  const days = dayNumberFromLocalDate(to) - dayNumberFromLocalDate(from) + 1;
  if (days < 1) throw invalid({ to: "La fin doit être le même jour que le début ou après." });
  if (days > MAX_CRENEAUX_PERIOD_DAYS) {
    throw invalid({ to: `La période ne peut pas dépasser ${MAX_CRENEAUX_PERIOD_DAYS} jours.` });
  }
  const period = {
    from: instantAt(dayNumberFromLocalDate(from), "00:00", timezone),
    to: instantAt(dayNumberFromLocalDate(to) + 1, "00:00", timezone),
  };
  const data = await loadCreneauxData(db, {
    organisationId: organisation.id,
    timezone,
    motifId: motif.id,
    ...(query.lieuId !== undefined && { lieuId: query.lieuId }),
    range: { from: period.from, to: new Date(period.to.getTime() + motif.durationInMin * 60_000) },
  });
  const creneaux = computeCreneaux({ timezone, durationInMin: motif.durationInMin, period, now, window, ...data });
  const seen = new Set<string>();
  const free: FreeCreneau[] = [];
  for (const creneau of creneaux) {
    const key = `${creneau.startsAt.getTime()} ${creneau.lieuId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    free.push({
      startsAt: creneau.startsAt,
      endsAt: creneau.endsAt,
      durationInMin: motif.durationInMin,
      lieuId: creneau.lieuId,
    });
  }
  return {
    organisation,
    motif: { id: motif.id, name: motif.name, durationInMin: motif.durationInMin },
    from,
    to,
    creneaux: free,
  };
}
