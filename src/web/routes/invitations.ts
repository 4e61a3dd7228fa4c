// Accepting an invitation: choose a password. (issue 5)
import { Router } from "express";
import type { AppContext } from "../context.ts";

export function invitationRoutes(_context: AppContext): Router {
  const router = Router();
  return router;
}
