// Absences pages. (issue 3)
import { Router } from "express";
import type { AppContext } from "../context.ts";

export function absenceRoutes(_context: AppContext): Router {
  const router = Router();
  return router;
}
