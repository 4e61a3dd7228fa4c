// Forgotten password, reset link, password change in « Mon compte ». (issue 5)
import { Router } from "express";
import type { AppContext } from "../context.ts";

export function passwordRoutes(_context: AppContext): Router {
  const router = Router();
  return router;
}
