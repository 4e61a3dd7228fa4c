// Sign-in and sign-out pages.
import { Router } from "express";
import { destroySession, switchOrganisation } from "../../domain/auth/sessions.ts";
import { signIn } from "../../domain/auth/sign-in.ts";
import type { AppContext } from "../context.ts";
import { submitForm } from "../forms.ts";
import { clearSessionCookie, requireAgent, sessionOf, setSessionCookie } from "../middleware/session.ts";

/** A same-site path to go back to after sign-in; anything else falls back to the agenda. */
function safeReturnPath(value: unknown): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/agenda";
}

export function authRoutes({ db, config }: AppContext): Router {
  const router = Router();

  router.get("/connexion", (req, res) => {
    if (res.locals.session) return res.redirect("/agenda");
    res.render("auth/sign-in", { values: {}, errors: {}, retour: safeReturnPath(req.query.retour) });
  });

  router.post("/connexion", async (req, res) => {
    const retour = safeReturnPath(req.body?.retour);
    const values = { email: typeof req.body?.email === "string" ? req.body.email : "" };
    await submitForm(res, "auth/sign-in", { values, retour }, async () => {
      const { sessionToken } = await signIn(db, {
        raw: req.body,
        ip: req.ip ?? "unknown",
        sessionTtlHours: config.SESSION_TTL_HOURS,
      });
      setSessionCookie(res, config, sessionToken);
      res.redirect(retour);
    });
  });

  router.post("/deconnexion", requireAgent, async (_req, res) => {
    await destroySession(db, sessionOf(res).id);
    clearSessionCookie(res);
    res.redirect("/connexion");
  });

  router.post("/organisation-courante", requireAgent, async (req, res) => {
    const organisationId: unknown = req.body?.organisationId;
    if (typeof organisationId === "string") await switchOrganisation(db, sessionOf(res), organisationId);
    res.redirect("/agenda");
  });

  return router;
}
