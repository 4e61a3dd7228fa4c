// « Administration »: agents, invitations, lieux, motifs, usagers, settings. Admins of the current organisation only.
import { Router } from "express";
import type { AppContext } from "../../context.ts";
import { requireAgent } from "../../middleware/session.ts";
import { adminAgentRoutes } from "./agents.ts";
import { requireAdminPage } from "./guard.ts";
import { adminLieuRoutes } from "./lieux.ts";
import { adminMotifRoutes } from "./motifs.ts";
import { adminOrganisationRoutes } from "./organisation.ts";
import { adminUserRoutes } from "./usagers.ts";

export function adminRoutes(context: AppContext): Router {
  const router = Router();
  router.use("/admin", requireAgent, requireAdminPage);
  router.get("/admin", (_req, res) => {
    res.render("admin/index", { adminNav: "" });
  });
  for (const routes of [
    adminAgentRoutes,
    adminLieuRoutes,
    adminMotifRoutes,
    adminUserRoutes,
    adminOrganisationRoutes,
  ]) {
    router.use(routes(context));
  }
  return router;
}
