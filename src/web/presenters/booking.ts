// The usager's pages as they show créneaux and an RDV: grouped by local day, French dates and times in the
// organisation's zone, each créneau with the value (its start with offset) that the next step sends back.

import type { ReservationView } from "../../domain/reservations/change-reservation.ts";
import type { FreeCreneauxSearch } from "../../domain/reservations/find-free-creneaux.ts";
import { formatDate, formatDateTime, formatTime, isoInZone, localDateInput } from "../../vocabulary/dates.ts";
import { isCancelledStatus } from "../../vocabulary/rdv-statuses.ts";

export type BookingDay = {
  date: string;
  /** « lundi 29 mars 2027 » */
  label: string;
  creneaux: { startsAt: string; time: string; label: string }[];
};

/**
 * The créneaux of the first `maxDays` days that have any, and the day the following ones start (null: none left in
 * the search).
 */
export function bookingDays(
  search: FreeCreneauxSearch,
  maxDays: number,
): { days: BookingDay[]; nextFrom: string | null } {
  const timezone = search.organisation.timezone;
  const days: BookingDay[] = [];
  for (const creneau of search.creneaux) {
    const date = localDateInput(creneau.startsAt, timezone);
    let day = days.at(-1);
    if (day?.date !== date) {
      if (days.length === maxDays) return { days, nextFrom: date };
      day = { date, label: formatDate(creneau.startsAt, timezone), creneaux: [] };
      days.push(day);
    }
    day.creneaux.push({
      startsAt: isoInZone(creneau.startsAt, timezone),
      time: formatTime(creneau.startsAt, timezone),
      label: formatDateTime(creneau.startsAt, timezone),
    });
  }
  return { days, nextFrom: null };
}

/** An RDV seen through its link: French date and time, place, and whether it can still change. */
export function reservationPage(view: ReservationView) {
  const { rdv, organisation } = view;
  const lieu = rdv.lieu
    ? `${rdv.lieu.name}, ${rdv.lieu.address}`
    : rdv.motif.locationType === "phone"
      ? "Par téléphone"
      : "À domicile";
  return {
    organisationName: organisation.name,
    usagerName: view.usager.firstName,
    when: formatDateTime(rdv.startsAt, organisation.timezone),
    durationInMin: rdv.durationInMin,
    motifName: rdv.motif.name,
    lieu,
    cancelled: isCancelledStatus(rdv.status),
  };
}
