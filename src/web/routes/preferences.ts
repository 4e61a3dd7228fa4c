// « Mon compte › Préférences de notifications ». (issue 4)
import { Router } from "express";
import type { AppContext } from "../context.ts";

export function preferenceRoutes(_context: AppContext): Router {
  const router = Router();
  return router;
}
