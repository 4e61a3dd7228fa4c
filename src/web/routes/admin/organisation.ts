// « Administration › Organisation »: name, time zone, online booking delays, email sender name.
import { Router } from "express";
import { setFlash } from "../../../domain/auth/sessions.ts";
import { getOrganisationSettings } from "../../../domain/organisations/organisation.queries.ts";
import { FRENCH_TIMEZONES, OTHER_TIMEZONES } from "../../../domain/organisations/timezones.ts";
import { updateOrganisationSettings } from "../../../domain/organisations/update-organisation-settings.ts";
import type { AppContext } from "../../context.ts";
import { organisationFormValuesOf, parseOrganisationForm } from "../../forms/organisation-form.ts";
import { submitForm } from "../../forms.ts";
import { adminScopeOf } from "./guard.ts";

const common = { adminNav: "organisation", frenchTimezones: FRENCH_TIMEZONES, otherTimezones: OTHER_TIMEZONES };

export function adminOrganisationRoutes(context: AppContext): Router {
  const router = Router();
  const { db } = context;

  router.get("/admin/organisation", async (_req, res) => {
    const settings = await getOrganisationSettings(db, adminScopeOf(res));
    res.render("admin/organisation", { ...common, values: organisationFormValuesOf(settings), errors: {} });
  });

  router.post("/admin/organisation", async (req, res) => {
    const scope = adminScopeOf(res);
    await submitForm(res, "admin/organisation", { ...common, values: req.body }, async () => {
      await updateOrganisationSettings(context, { ...scope, patch: parseOrganisationForm(req.body) });
      await setFlash(db, scope.sessionId, "Paramètres de l'organisation enregistrés.");
      res.redirect("/admin/organisation");
    });
  });

  return router;
}
