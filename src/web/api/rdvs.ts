// /api/v1/rdvs. (issue 3)
import { Router } from "express";
import type { AppContext } from "../context.ts";

export function rdvsApi(_context: AppContext): Router {
  const router = Router();
  return router;
}
