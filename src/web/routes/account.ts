// « Mon compte »: the agent's own pages.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { requireAgent } from "../middleware/session.ts";

export function accountRoutes(_context: AppContext): Router {
  const router = Router();
  router.get("/mon-compte", requireAgent, (_req, res) => {
    res.render("account/index", { nav: "compte" });
  });
  return router;
}
