// « Mon compte › Préférences de notifications »: which emails the signed-in agent receives.
import { Router } from "express";
import { getPreferences } from "../../domain/agents/get-preferences.ts";
import { preferencesFormSchema } from "../../domain/agents/preferences.schemas.ts";
import { updatePreferences } from "../../domain/agents/update-preferences.ts";
import { setFlash } from "../../domain/auth/sessions.ts";
import { parseInput } from "../../domain/validation.ts";
import type { AppContext } from "../context.ts";
import { submitForm } from "../forms.ts";
import { requireAgent, sessionOf } from "../middleware/session.ts";

const VIEW = "preferences/edit";

export function preferenceRoutes({ db }: AppContext): Router {
  const router = Router();

  router.get("/mon-compte/preferences", requireAgent, async (_req, res) => {
    const values = await getPreferences(db, sessionOf(res).actor);
    res.render(VIEW, { nav: "compte", values, errors: {} });
  });

  router.post("/mon-compte/preferences", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    await submitForm(res, VIEW, { nav: "compte", values: req.body ?? {} }, async () => {
      await updatePreferences({ db }, { actor: session.actor, patch: parseInput(preferencesFormSchema, req.body) });
      await setFlash(db, session.id, "Préférences de notifications mises à jour.");
      res.redirect("/mon-compte/preferences");
    });
  });

  return router;
}
