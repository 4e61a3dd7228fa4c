// /api/public/v1: what a usager's own app or a partner's site may do without any token — the online motifs and their
// lieux, the free créneaux (no agent, no personal data), and booking, reading, moving and cancelling an RDV by the
// secret of its link. Rate-limited per address. The same domain actions as the public pages. See docs/api/public.md.
import { Router } from "express";
import { bookReservation } from "../../domain/reservations/book-reservation.ts";
import {
  cancelReservation,
  findReservation,
  moveReservation,
  type ReservationView,
} from "../../domain/reservations/change-reservation.ts";
import { findFreeCreneaux } from "../../domain/reservations/find-free-creneaux.ts";
import { findOnlineOffer } from "../../domain/reservations/online-offer.ts";
import { isoInZone } from "../../vocabulary/dates.ts";
import type { AppContext } from "../context.ts";
import { notFoundHandler } from "../middleware/errors.ts";
import { publicRateLimit } from "../middleware/public-rate-limit.ts";

/** The public API router, mounted at /api/public/v1 before cookies and sessions are read. */
export function publicApi(context: AppContext): Router {
  const { db } = context;
  const router = Router();
  router.use(publicRateLimit(context));

  router.get("/organisations/:organisationId/motifs", async (req, res) => {
    const offer = await findOnlineOffer(db, req.params.organisationId);
    res.json({
      organisation: { id: offer.organisation.id, name: offer.organisation.name, timezone: offer.organisation.timezone },
      motifs: offer.motifs,
    });
  });

  router.get("/creneaux", async (req, res) => {
    const search = await findFreeCreneaux(db, req.query);
    const timezone = search.organisation.timezone;
    res.json({
      creneaux: search.creneaux.map((creneau) => ({
        startsAt: isoInZone(creneau.startsAt, timezone),
        durationInMin: creneau.durationInMin,
        lieuId: creneau.lieuId,
      })),
    });
  });

  router.post("/reservations", async (req, res) => {
    const booked = await bookReservation(context, { raw: req.body });
    const reservation = await findReservation(db, booked.token);
    res.status(201).json({ rdv: reservationJson(reservation), token: booked.token });
  });

  router.get("/reservations/:token", async (req, res) => {
    res.json({ rdv: reservationJson(await findReservation(db, req.params.token)) });
  });

  router.post("/reservations/:token/annulation", async (req, res) => {
    await cancelReservation(context, { token: req.params.token });
    res.json({ rdv: reservationJson(await findReservation(db, req.params.token)) });
  });

  router.patch("/reservations/:token", async (req, res) => {
    await moveReservation(context, { token: req.params.token, raw: req.body });
    res.json({ rdv: reservationJson(await findReservation(db, req.params.token)) });
  });

  // Anything else under /api/public/v1 is a JSON 404, not a page of the site.
  router.use(notFoundHandler);
  return router;
}

/** An RDV as the public API shows it: times with the organisation's offset, no agent, no notes. */
function reservationJson(view: ReservationView) {
  const { rdv, organisation } = view;
  return {
    startsAt: isoInZone(rdv.startsAt, organisation.timezone),
    durationInMin: rdv.durationInMin,
    status: rdv.status,
    motif: { id: rdv.motif.id, name: rdv.motif.name },
    lieu: rdv.lieu,
    organisation: { id: organisation.id, name: organisation.name },
  };
}
