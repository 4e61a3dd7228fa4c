// /api/v1/me/preferences: the token's agent reads and changes its notification levels.
import { Router } from "express";
import { getPreferences } from "../../domain/agents/get-preferences.ts";
import { preferencesPatchSchema } from "../../domain/agents/preferences.schemas.ts";
import { updatePreferences } from "../../domain/agents/update-preferences.ts";
import { parseInput } from "../../domain/validation.ts";
import type { AppContext } from "../context.ts";
import { apiActorOf } from "./auth.ts";

export function preferencesApi({ db }: AppContext): Router {
  const router = Router();

  router.get("/me/preferences", async (_req, res) => {
    res.json(await getPreferences(db, apiActorOf(res)));
  });

  router.patch("/me/preferences", async (req, res) => {
    const patch = parseInput(preferencesPatchSchema, req.body);
    res.json((await updatePreferences({ db }, { actor: apiActorOf(res), patch })).record);
  });

  return router;
}
