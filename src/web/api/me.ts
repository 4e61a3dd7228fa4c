// GET /api/v1/me. (issue 3)
import { Router } from "express";
import type { AppContext } from "../context.ts";

export function meApi(_context: AppContext): Router {
  const router = Router();
  return router;
}
