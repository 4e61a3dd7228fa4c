// « Administration »: agents, invitations, lieux, motifs, usagers, settings, failed emails. Admins only. (issue 5)
import { Router } from "express";
import type { AppContext } from "../../context.ts";

export function adminRoutes(_context: AppContext): Router {
  const router = Router();
  return router;
}
