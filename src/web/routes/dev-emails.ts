// Development-only list of stored emails at /dev/emails. (issue 4)
import { Router } from "express";
import type { AppContext } from "../context.ts";

export function devEmailRoutes(_context: AppContext): Router {
  const router = Router();
  return router;
}
