// Accepting an invitation: the invitee chooses a password and is signed in.
import { Router } from "express";
import { acceptInvitation, findInvitation } from "../../domain/auth/invitations.ts";
import { PASSWORD_MIN_LENGTH } from "../../domain/auth/password.schemas.ts";
import { setFlash } from "../../domain/auth/sessions.ts";
import { signIn } from "../../domain/auth/sign-in.ts";
import type { AppContext } from "../context.ts";
import { submitForm } from "../forms.ts";
import { setSessionCookie } from "../middleware/session.ts";
import { renderUnusableLink } from "./password.ts";

export function invitationRoutes({ db, config }: AppContext): Router {
  const router = Router();

  router.get("/invitations/:token", async (req, res) => {
    const invitation = await findInvitation(db, req.params.token);
    if (invitation.status !== "valid") return renderUnusableLink(res, invitation.status, "invitation");
    res.render("invitations/accept", { invitation, minLength: PASSWORD_MIN_LENGTH, errors: {} });
  });

  router.post("/invitations/:token", async (req, res) => {
    const invitation = await findInvitation(db, req.params.token);
    if (invitation.status !== "valid") return renderUnusableLink(res, invitation.status, "invitation");
    await submitForm(res, "invitations/accept", { invitation, minLength: PASSWORD_MIN_LENGTH }, async () => {
      const accepted = await acceptInvitation(db, { secret: req.params.token, raw: req.body });
      if (accepted.status !== "accepted") return renderUnusableLink(res, accepted.status, "invitation");
      const { sessionToken, sessionId } = await signIn(db, {
        raw: { email: accepted.email, password: req.body.password },
        ip: req.ip ?? "unknown",
        sessionTtlHours: config.SESSION_TTL_HOURS,
      });
      await setFlash(db, sessionId, "Votre compte est activé. Bienvenue !");
      setSessionCookie(res, config, sessionToken);
      res.redirect("/agenda");
    });
  });

  return router;
}
