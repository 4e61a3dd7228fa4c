// Créneaux as « Trouver un créneau » shows them: grouped by local day, each with the link that opens the RDV form
// pre-filled, and where the next search starts.
import { DateTime } from "luxon";
import type { CreneauxSearch } from "../../domain/creneaux/find-creneaux.ts";
import { dayNumberFromLocalDate, localDateFromDayNumber } from "../../domain/recurrence/local-calendar.ts";

export type CreneauxDay = {
  date: string;
  /** « lundi 21 décembre 2026 » */
  label: string;
  creneaux: { time: string; endTime: string; agentName: string; lieuName: string; bookHref: string }[];
};

/**
 * The créneaux of the first days found, whole days only, until at least `atLeast` are shown; `nextFrom` is the day a
 * search for the following ones starts (null when the period held nothing more).
 */
export function creneauxByDay(
  search: CreneauxSearch,
  atLeast: number,
): { days: CreneauxDay[]; nextFrom: string | null } {
  const days: CreneauxDay[] = [];
  let shown = 0;
  let nextFrom: string | null = null;
  for (const creneau of search.creneaux) {
    const start = DateTime.fromJSDate(creneau.startsAt, { zone: search.timezone });
    const date = start.toISODate() ?? "";
    let day = days.at(-1);
    if (day?.date !== date) {
      if (shown >= atLeast) {
        nextFrom = date;
        break;
      }
      day = { date, label: start.setLocale("fr").toFormat("cccc d LLLL yyyy"), creneaux: [] };
      days.push(day);
    }
    const time = start.toFormat("HH:mm");
    const params = new URLSearchParams({
      motifId: search.motif.id,
      lieuId: creneau.lieuId,
      agentId: creneau.agentId,
      date,
      time,
    });
    day.creneaux.push({
      time,
      endTime: DateTime.fromJSDate(creneau.endsAt, { zone: search.timezone }).toFormat("HH:mm"),
      agentName: creneau.agentName,
      lieuName: creneau.lieuName,
      bookHref: `/rdvs/nouveau?${params}`,
    });
    shown++;
  }
  return { days, nextFrom };
}

/** The day after the last one searched: where to look when a whole search found nothing. */
export function dayAfter(date: string): string {
  return localDateFromDayNumber(dayNumberFromLocalDate(date) + 1);
}
