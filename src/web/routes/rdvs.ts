// RDV pages: list, create, show with history, edit, status, delete. (issue 3)
import { Router } from "express";
import type { AppContext } from "../context.ts";

export function rdvRoutes(_context: AppContext): Router {
  const router = Router();
  return router;
}
