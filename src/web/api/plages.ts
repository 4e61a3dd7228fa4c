// /api/v1/plages_ouverture. (issue 3)
import { Router } from "express";
import type { AppContext } from "../context.ts";

export function plagesApi(_context: AppContext): Router {
  const router = Router();
  return router;
}
