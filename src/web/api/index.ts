// The JSON API under /api/v1. Mounted before cookies and sessions are read: it knows only bearer tokens.
import express, { Router } from "express";
import type { AppContext } from "../context.ts";
import { absencesApi } from "./absences.ts";
import { requireApiToken } from "./auth.ts";
import { creneauxApi } from "./creneaux.ts";
import { meApi } from "./me.ts";
import { organisationsApi } from "./organisations.ts";
import { plagesApi } from "./plages.ts";
import { preferencesApi } from "./preferences.ts";
import { rdvsApi } from "./rdvs.ts";
import { tokensApi } from "./tokens.ts";

/** Every API router; all but /tokens require a bearer token. */
export function apiRoutes(context: AppContext): Router {
  const router = Router();
  router.use(express.json({ limit: "100kb" }));
  router.use(tokensApi(context));
  router.use(requireApiToken(context));
  for (const routes of [meApi, preferencesApi, organisationsApi, rdvsApi, plagesApi, absencesApi, creneauxApi]) {
    router.use(routes(context));
  }
  return router;
}
