// /api/v1/organisations/:id/{agents,motifs,lieux,users}, /api/v1/users. (issues 3, 5)
import { Router } from "express";
import type { AppContext } from "../context.ts";

export function organisationsApi(_context: AppContext): Router {
  const router = Router();
  return router;
}
