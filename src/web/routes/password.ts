// Forgotten password, reset link, password change in « Mon compte ».
import { type Response, Router } from "express";
import type { TokenCheck } from "../../domain/auth/agent-tokens.ts";
import { changePassword } from "../../domain/auth/change-password.ts";
import { PASSWORD_MIN_LENGTH } from "../../domain/auth/password.schemas.ts";
import { findPasswordReset, requestPasswordReset, resetPassword } from "../../domain/auth/password-reset.ts";
import { setFlash } from "../../domain/auth/sessions.ts";
import type { AppContext } from "../context.ts";
import { submitForm } from "../forms.ts";
import { clearSessionCookie, requireAgent, sessionOf } from "../middleware/session.ts";

/** The page of a link that cannot be used: 410 when it was used or has expired, 404 when it never existed. */
export function renderUnusableLink(
  res: Response,
  status: Exclude<TokenCheck["status"], "valid">,
  kind: "reset" | "invitation",
) {
  res.status(status === "unknown" ? 404 : 410).render("password/link-unusable", { status, kind });
}

export function passwordRoutes(context: AppContext): Router {
  const router = Router();
  const { db } = context;

  router.get("/mot-de-passe/oublie", (_req, res) => {
    res.render("password/forgot", { values: {}, errors: {} });
  });

  router.post("/mot-de-passe/oublie", async (req, res) => {
    const values = { email: typeof req.body?.email === "string" ? req.body.email : "" };
    await submitForm(res, "password/forgot", { values }, async () => {
      await requestPasswordReset(context, { raw: req.body });
      res.render("password/forgot-sent", { email: values.email.trim() });
    });
  });

  router.get("/mot-de-passe/nouveau/:token", async (req, res) => {
    const reset = await findPasswordReset(db, req.params.token);
    if (reset.status !== "valid") return renderUnusableLink(res, reset.status, "reset");
    res.render("password/reset", { email: reset.agent.email, minLength: PASSWORD_MIN_LENGTH, errors: {} });
  });

  router.post("/mot-de-passe/nouveau/:token", async (req, res) => {
    const reset = await findPasswordReset(db, req.params.token);
    if (reset.status !== "valid") return renderUnusableLink(res, reset.status, "reset");
    const locals = { email: reset.agent.email, minLength: PASSWORD_MIN_LENGTH };
    await submitForm(res, "password/reset", locals, async () => {
      const result = await resetPassword(db, { secret: req.params.token, raw: req.body });
      if (result.status !== "reset") return renderUnusableLink(res, result.status, "reset");
      // Every session of the agent is closed, this browser's included.
      clearSessionCookie(res);
      res.render("password/reset-done", { email: result.email, session: undefined });
    });
  });

  router.get("/mon-compte/mot-de-passe", requireAgent, (_req, res) => {
    res.render("password/change", { nav: "compte", minLength: PASSWORD_MIN_LENGTH, errors: {} });
  });

  router.post("/mon-compte/mot-de-passe", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    await submitForm(res, "password/change", { nav: "compte", minLength: PASSWORD_MIN_LENGTH }, async () => {
      const { closedSessions, revokedTokens } = await changePassword(db, {
        agentId: session.agent.id,
        sessionId: session.id,
        raw: req.body,
      });
      const sessions = closedSessions > 0 ? ` Vos ${closedSessions} autre(s) session(s) ont été fermées.` : "";
      const tokens = revokedTokens > 0 ? ` Vos ${revokedTokens} jeton(s) d'API ont été révoqués.` : "";
      await setFlash(db, session.id, `Votre mot de passe a été changé.${sessions}${tokens}`);
      res.redirect("/mon-compte");
    });
  });

  return router;
}
