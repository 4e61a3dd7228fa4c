// The pages every public service must publish, linked from the footer: accessibility statement, legal notice and
// personal data. Public (no sign-in); the signed-in agent's organisation fills the placeholders it can.
import { Router } from "express";
import type { AppContext } from "../context.ts";

const PAGES = {
  "/accessibilite": { view: "legal/accessibility", title: "Déclaration d'accessibilité" },
  "/mentions-legales": { view: "legal/legal-notice", title: "Mentions légales" },
  "/donnees-personnelles": { view: "legal/personal-data", title: "Données personnelles" },
} as const;

export function legalRoutes(_context: AppContext): Router {
  const router = Router();
  for (const [path, page] of Object.entries(PAGES)) {
    router.get(path, (_req, res) => {
      const organisation = res.locals.session?.currentOrganisation?.name ?? null;
      res.render(page.view, { title: page.title, organisation });
    });
  }
  return router;
}
