// The printable day list as the page shows it: times in the organisation's zone, one status vocabulary, phones as
// tel: links.
import type { DaySheetGroup } from "../../domain/agenda/day-sheet.ts";
import { formatTime } from "../../vocabulary/dates.ts";
import { fullName } from "../../vocabulary/names.ts";
import { isCancelledStatus, isPastRdv, rdvStatusLabel } from "../../vocabulary/rdv-statuses.ts";

const LOCATION_LABELS = { public_office: null, phone: "Par téléphone", home: "À domicile" } as const;

/** View model of the day list's groups. */
export function presentDaySheet(groups: DaySheetGroup[], timezone: string, now: Date) {
  return groups.map((group) => ({
    title: group.title,
    rdvs: group.rdvs.map((rdv) => ({
      id: rdv.id,
      time: `${formatTime(rdv.startsAt, timezone)}–${formatTime(new Date(rdv.startsAt.getTime() + rdv.durationInMin * 60_000), timezone)}`,
      motif: rdv.motif.name,
      where: LOCATION_LABELS[rdv.motif.locationType] ?? rdv.lieu?.name ?? "",
      agents: rdv.agents.map(fullName).join(", "),
      usagers: rdv.usagers.map((usager) => ({
        url: `/usagers/${usager.id}`,
        name: fullName(usager),
        phone: usager.phone,
        tel: usager.phone ? `tel:${usager.phone.replace(/[^\d+]/g, "")}` : null,
      })),
      status: rdvStatusLabel(rdv.status, { past: isPastRdv(rdv.startsAt, now) }),
      cancelled: isCancelledStatus(rdv.status),
    })),
  }));
}
