// /api/v1/me/preferences. (issue 4)
import { Router } from "express";
import type { AppContext } from "../context.ts";

export function preferencesApi(_context: AppContext): Router {
  const router = Router();
  return router;
}
