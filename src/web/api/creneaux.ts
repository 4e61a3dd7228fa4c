// /api/v1/organisations/:organisationId/creneaux: the free créneaux of a motif, with the agent of each, for an
// integrator booking on behalf of its organisation. Same rules as « Trouver un créneau ». See docs/api/creneaux.md.
import { Router } from "express";
import { DateTime } from "luxon";
import { type FoundCreneau, findCreneaux } from "../../domain/creneaux/find-creneaux.ts";
import type { AppContext } from "../context.ts";
import { apiActorOf } from "./auth.ts";

export function creneauxApi({ db }: AppContext): Router {
  const router = Router();

  router.get("/organisations/:organisationId/creneaux", async (req, res) => {
    const search = await findCreneaux(db, {
      actor: apiActorOf(res),
      organisationId: req.params.organisationId,
      raw: req.query,
    });
    res.set("Cache-Control", "private, no-store");
    res.json({ creneaux: search.creneaux.map((creneau) => creneauJson(creneau, search.timezone)) });
  });

  return router;
}

/** A créneau as the API shows it: its start with the organisation's offset, so that it reads as local time. */
function creneauJson(creneau: FoundCreneau, timezone: string) {
  return {
    startsAt:
      DateTime.fromJSDate(creneau.startsAt, { zone: timezone }).toISO({ suppressMilliseconds: true }) ??
      creneau.startsAt.toISOString(),
    durationInMin: creneau.durationInMin,
    lieuId: creneau.lieuId,
    agentId: creneau.agentId,
    agentName: creneau.agentName,
  };
}
