// /api/v1/absences. (issue 3)
import { Router } from "express";
import type { AppContext } from "../context.ts";

export function absencesApi(_context: AppContext): Router {
  const router = Router();
  return router;
}
