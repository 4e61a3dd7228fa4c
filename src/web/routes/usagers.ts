// A usager's record for every member of its organisation: details, phone to call, upcoming and past RDVs, and
// « Nouveau RDV » for this usager. Linked from every RDV page and from the day sheet.
import { Router } from "express";
import { getUsagerRecord, type UserRdv } from "../../domain/usagers/user.queries.ts";
import { formatDate, formatShortDateTime } from "../../vocabulary/dates.ts";
import type { AppContext } from "../context.ts";
import { currentOrganisationOf, requireAgent, sessionOf } from "../middleware/session.ts";
import { idParam } from "../params.ts";
import { currentStatusLabel } from "../presenters/rdvs.ts";

/** « 06 12 34 56 78 » as a tel: address (digits and a leading +). */
function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}

export function usagerRoutes({ db }: AppContext): Router {
  const router = Router();

  router.get("/usagers/:id", requireAgent, async (req, res) => {
    const { actor } = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const now = new Date();
    const record = await getUsagerRecord(db, { actor, organisationId: organisation.id, userId: idParam(req), now });
    const zone = organisation.timezone;
    const rdvItem = (rdv: UserRdv) => ({
      id: rdv.id,
      when: formatShortDateTime(rdv.startsAt, zone),
      motif: `${rdv.motifName} (${rdv.durationInMin} min)`,
      lieu: rdv.lieuName ?? "—",
      agents: rdv.agentNames.join(", "),
      status: currentStatusLabel(rdv, now),
    });
    res.render("usagers/show", {
      nav: "rdvs",
      usager: {
        id: record.id,
        name: `${record.firstName} ${record.lastName}`,
        email: record.email,
        phone: record.phone,
        tel: record.phone ? telHref(record.phone) : null,
        birthDate: record.birthDate ? formatDate(new Date(`${record.birthDate}T12:00:00Z`), "UTC") : null,
      },
      upcoming: record.upcoming.map(rdvItem),
      past: record.past.map(rdvItem),
      newRdvUrl: `/rdvs/nouveau?${new URLSearchParams({ userId: record.id })}`,
      isAdmin: organisation.level === "admin",
    });
  });

  return router;
}
