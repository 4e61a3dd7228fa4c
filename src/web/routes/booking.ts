// The usager's door, no account: /prendre-rdv/<organisation> (motif offered online → lieu → créneau → who you are →
// confirm) and /mon-rdv/<token>, the link of the confirmation email (see, move, cancel). Built for a phone. Every
// request counts against the address's limit; the forms carry the anonymous CSRF token of csrf.ts.
import { type Request, type Response, Router } from "express";
import { AppError, type FieldErrors, invalid } from "../../domain/errors.ts";
import { bookReservation } from "../../domain/reservations/book-reservation.ts";
import { cancelReservation, findReservation, moveReservation } from "../../domain/reservations/change-reservation.ts";
import { findFreeCreneaux } from "../../domain/reservations/find-free-creneaux.ts";
import { findOnlineOffer, listBookableOrganisations } from "../../domain/reservations/online-offer.ts";
import { startsAtSchema } from "../../domain/reservations/reservation.schemas.ts";
import { CRENEAU_TAKEN_MESSAGE } from "../../domain/reservations/take-creneau.ts";
import { formatDateTime } from "../../vocabulary/dates.ts";
import type { AppContext } from "../context.ts";
import { submitForm } from "../forms.ts";
import { publicRateLimit } from "../middleware/public-rate-limit.ts";
import { bookingDays, reservationPage } from "../presenters/booking.ts";

/** Days with créneaux shown at once; the page then offers the following ones. */
const SHOWN_DAYS = 7;

const USAGER_FIELDS = ["firstName", "lastName", "email", "phone"] as const;

export function bookingRoutes(context: AppContext): Router {
  const { db } = context;
  const router = Router();
  // Only the usager's paths count against the limit: this router sees every request of the site go by.
  router.use(["/prendre-rdv", "/mon-rdv"], publicRateLimit(context));

  router.get("/prendre-rdv", async (_req, res) => {
    res.render("booking/organisations", {
      title: "Prendre rendez-vous",
      organisations: await listBookableOrganisations(db),
    });
  });

  router.get("/prendre-rdv/:organisationId", async (req, res) => {
    const offer = await findOnlineOffer(db, req.params.organisationId);
    const motifId = text(req.query.motifId);
    const lieuId = text(req.query.lieuId);
    const startsAt = text(req.query.startsAt);
    const motif = offer.motifs.find((candidate) => candidate.id === motifId);
    const base = { title: `Prendre rendez-vous · ${offer.organisation.name}`, organisation: offer.organisation };
    if (!motif) {
      res.render("booking/motifs", { ...base, motifs: offer.motifs });
      return;
    }
    const lieu = motif.lieux.find((candidate) => candidate.id === lieuId);
    if (!lieu) {
      res.render("booking/lieux", { ...base, motif });
      return;
    }
    // No créneau chosen yet, or a link that does not hold one: the list.
    if (!startsAtSchema.safeParse(startsAt).success) {
      await renderCreneaux(req, res, { ...base, motif, lieu, from: text(req.query.from) });
      return;
    }
    res.render("booking/form", {
      ...base,
      motif,
      lieu,
      creneau: creneauOf(startsAt, offer.organisation.timezone),
      values: {},
      errors: {},
    });
  });

  router.post("/prendre-rdv/:organisationId", async (req, res) => {
    const offer = await findOnlineOffer(db, req.params.organisationId);
    const body = formBody(req);
    const motif = offer.motifs.find((candidate) => candidate.id === body.motifId);
    const lieu = motif?.lieux.find((candidate) => candidate.id === body.lieuId);
    if (!motif || !lieu) {
      // A motif withdrawn from online booking (or a forged form) since the page was shown: start again.
      res.redirect(303, `/prendre-rdv/${offer.organisation.id}`);
      return;
    }
    const base = {
      title: `Prendre rendez-vous · ${offer.organisation.name}`,
      organisation: offer.organisation,
      motif,
      lieu,
    };
    const values = Object.fromEntries(USAGER_FIELDS.map((field) => [field, body[field]]));
    // Taken meanwhile: not a form error to fix, but another créneau to choose, from the list shown again (409).
    let taken = false;
    await submitForm(
      res,
      "booking/form",
      { ...base, creneau: creneauOf(body.startsAt, offer.organisation.timezone), values },
      async () => {
        const booked = await bookReservation(context, {
          raw: {
            organisationId: offer.organisation.id,
            motifId: motif.id,
            lieuId: lieu.id,
            startsAt: body.startsAt,
            usager: values,
          },
        }).catch((error: unknown) => {
          if (isTaken(error)) return null;
          // The domain names the usager's fields `usager.email`…; the form names them `email`.
          if (error instanceof AppError && error.code === "invalid" && error.fields) {
            throw invalid(formFieldErrors(error.fields), error.message);
          }
          throw error;
        });
        if (booked === null) taken = true;
        else res.redirect(303, `/mon-rdv/${booked.token}?confirme=1`);
      },
    );
    if (taken) {
      res.status(409);
      await renderCreneaux(req, res, { ...base, from: "", errorMessage: CRENEAU_TAKEN_MESSAGE });
    }
  });

  router.get("/mon-rdv/:token", async (req, res) => {
    const view = await findReservation(db, req.params.token);
    const notice = req.query.confirme
      ? "Votre rendez-vous est confirmé. Un email de confirmation vous a été envoyé."
      : req.query.deplace
        ? "Votre rendez-vous a été déplacé. Un email vous a été envoyé."
        : req.query.annule
          ? "Votre rendez-vous est annulé. Un email vous a été envoyé."
          : null;
    res.render("booking/reservation", {
      title: "Mon rendez-vous",
      token: req.params.token,
      reservation: reservationPage(view),
      notice,
    });
  });

  router.post("/mon-rdv/:token/annulation", async (req, res) => {
    await cancelReservation(context, { token: req.params.token });
    res.redirect(303, `/mon-rdv/${req.params.token}?annule=1`);
  });

  router.get("/mon-rdv/:token/deplacer", async (req, res) => {
    await renderMove(req, res, {});
  });

  router.post("/mon-rdv/:token/deplacer", async (req, res) => {
    try {
      await moveReservation(context, { token: req.params.token, raw: { startsAt: formBody(req).startsAt } });
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== "conflict" && error.code !== "invalid")) throw error;
      res.status(error.code === "conflict" ? 409 : 422);
      await renderMove(req, res, { errorMessage: error.fields?.startsAt ?? error.message });
      return;
    }
    res.redirect(303, `/mon-rdv/${req.params.token}?deplace=1`);
  });

  /** The créneaux step: free créneaux of the motif at the lieu, by day, from `from` (default today). */
  async function renderCreneaux(
    req: Request,
    res: Response,
    locals: Record<string, unknown> & {
      organisation: { id: string };
      motif: { id: string };
      lieu: { id: string };
      from: string;
    },
  ) {
    const search = await findFreeCreneaux(db, {
      organisationId: locals.organisation.id,
      motifId: locals.motif.id,
      lieuId: locals.lieu.id,
      from: locals.from,
    });
    const { days, nextFrom } = bookingDays(search, SHOWN_DAYS);
    const link = (params: Record<string, string>) =>
      `/prendre-rdv/${locals.organisation.id}?${new URLSearchParams({ motifId: locals.motif.id, lieuId: locals.lieu.id, ...params })}`;
    res.render("booking/creneaux", {
      ...locals,
      days,
      nextHref: nextFrom ? link({ from: nextFrom }) : null,
      creneauHref: (startsAt: string) => link({ startsAt }),
      path: req.path,
    });
  }

  /** The move step: free créneaux of the RDV's motif at its lieu, the RDV's own time excepted. */
  async function renderMove(req: Request, res: Response, locals: { errorMessage?: string }) {
    const token = String(req.params.token);
    const view = await findReservation(db, token);
    const reservation = reservationPage(view);
    if (reservation.cancelled || !view.rdv.lieu) {
      res.redirect(303, `/mon-rdv/${token}`);
      return;
    }
    const search = await findFreeCreneaux(db, {
      organisationId: view.organisation.id,
      motifId: view.rdv.motif.id,
      lieuId: view.rdv.lieu.id,
      from: text(req.query.from),
    });
    const current = view.rdv.startsAt.getTime();
    const others = { ...search, creneaux: search.creneaux.filter((creneau) => creneau.startsAt.getTime() !== current) };
    const { days, nextFrom } = bookingDays(others, SHOWN_DAYS);
    res.render("booking/move", {
      title: "Déplacer mon rendez-vous",
      token,
      reservation,
      days,
      nextHref: nextFrom ? `/mon-rdv/${token}/deplacer?from=${nextFrom}` : null,
      ...locals,
    });
  }

  return router;
}

function formFieldErrors(fields: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(fields).map(([key, message]) => [key.replace(/^usager\./, ""), message]));
}

function isTaken(error: unknown): boolean {
  return error instanceof AppError && error.code === "conflict" && error.message === CRENEAU_TAKEN_MESSAGE;
}

/** The chosen créneau for the recap: its value as sent, and in French (empty when it is not a date). */
function creneauOf(startsAt: string, timezone: string) {
  const date = new Date(startsAt);
  return { startsAt, label: Number.isNaN(date.getTime()) ? "" : formatDateTime(date, timezone) };
}

/** The form's fields as strings (a field sent twice or missing is empty). */
function formBody(req: Request): Record<(typeof USAGER_FIELDS)[number] | "motifId" | "lieuId" | "startsAt", string> {
  const body: unknown = req.body;
  const field = (name: string) => (typeof body === "object" && body !== null ? text(Reflect.get(body, name)) : "");
  return {
    motifId: field("motifId"),
    lieuId: field("lieuId"),
    startsAt: field("startsAt"),
    firstName: field("firstName"),
    lastName: field("lastName"),
    email: field("email"),
    phone: field("phone"),
  };
}

const text = (value: unknown) => (typeof value === "string" ? value : "");
