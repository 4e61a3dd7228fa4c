// « Trouver un créneau »: a motif, a lieu (or all), an agent (or any) and a first day → the next free créneaux across
// agents, by day, each with a « Réserver » link to the RDV form pre-filled. A GET form: a search is a link to share.
import { Router } from "express";
import { creneauxAgentScope } from "../../domain/creneaux/creneaux.policy.ts";
import { findCreneaux } from "../../domain/creneaux/find-creneaux.ts";
import { findRdvFormOptions } from "../../domain/rdvs/rdv-form-options.ts";
import type { AppContext } from "../context.ts";
import { submitForm } from "../forms.ts";
import { currentOrganisationOf, requireAgent, sessionOf } from "../middleware/session.ts";
import { creneauxByDay, dayAfter } from "../presenters/creneaux.ts";

/** How far one search looks ahead, in days; the page then offers to look further. */
const SEARCH_DAYS = 28;
/** Whole days are shown until at least this many créneaux. */
const SHOWN_CRENEAUX = 40;

export function creneauRoutes({ db }: AppContext): Router {
  const router = Router();

  router.get("/creneaux", requireAgent, async (req, res) => {
    const { actor } = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    // An agent searches its own créneaux: the agent choice is offered to the secretariat and admins only.
    const ownAgentId = creneauxAgentScope(actor, organisation.id, undefined);
    const options = await findRdvFormOptions(db, actor, organisation.id);
    const values = {
      motifId: text(req.query.motifId),
      lieuId: text(req.query.lieuId),
      agentId: ownAgentId ?? text(req.query.agentId),
      from: text(req.query.from),
    };
    const locals = {
      nav: "creneaux",
      organisation,
      choices: options,
      chooseAgent: ownAgentId === undefined,
      values,
      errors: {},
      search: null,
    };
    if (values.motifId === "") {
      res.render("creneaux/index", locals);
      return;
    }
    await submitForm(res, "creneaux/index", locals, async () => {
      const search = await findCreneaux(db, {
        actor,
        organisationId: organisation.id,
        raw: values,
        defaultDays: SEARCH_DAYS,
      });
      const found = creneauxByDay(search, SHOWN_CRENEAUX);
      const next = new URLSearchParams({ ...values, from: found.nextFrom ?? dayAfter(search.to) });
      res.render("creneaux/index", {
        ...locals,
        values: { ...values, from: search.from },
        search: { ...search, days: found.days, nextHref: `/creneaux?${next}`, truncated: found.nextFrom !== null },
      });
    });
  });

  return router;
}

const text = (value: unknown) => (typeof value === "string" ? value : "");
