// « Mon compte › Jetons d'API »: list and revoke. (issue 3)
import { Router } from "express";
import type { AppContext } from "../context.ts";

export function accountTokenRoutes(_context: AppContext): Router {
  const router = Router();
  return router;
}
