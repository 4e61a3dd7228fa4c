// The agenda page.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { requireAgent } from "../middleware/session.ts";

export function agendaRoutes(_context: AppContext): Router {
  const router = Router();
  router.get("/", (_req, res) => res.redirect("/agenda"));
  router.get("/agenda", requireAgent, (_req, res) => {
    res.render("agenda/index", { nav: "agenda" });
  });
  return router;
}
