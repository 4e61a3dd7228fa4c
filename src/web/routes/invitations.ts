// Accepting an invitation: a new invitee chooses a password and is signed in; an existing account signs in, then
// joins the organisation with « Rejoindre ».
import { Router } from "express";
import { acceptInvitation, findInvitation, joinOrganisation } from "../../domain/auth/invitations.ts";
import { PASSWORD_MIN_LENGTH } from "../../domain/auth/password.schemas.ts";
import { setFlash } from "../../domain/auth/sessions.ts";
import { signIn } from "../../domain/auth/sign-in.ts";
import type { AppContext } from "../context.ts";
import { submitForm } from "../forms.ts";
import { requireAgent, sessionOf, setSessionCookie } from "../middleware/session.ts";
import { pathParam } from "../params.ts";
import { renderUnusableLink } from "./password.ts";

export function invitationRoutes({ db, config }: AppContext): Router {
  const router = Router();

  router.get("/invitations/:token", async (req, res, next) => {
    const invitation = await findInvitation(db, req.params.token);
    if (invitation.status !== "valid") return renderUnusableLink(res, invitation.status, "invitation");
    // An existing account accepts signed in (requireAgent sends anonymous visitors to sign in and back here).
    if (invitation.join) return next();
    res.render("invitations/accept", { invitation, minLength: PASSWORD_MIN_LENGTH, errors: {} });
  });

  router.get("/invitations/:token", requireAgent, async (req, res) => {
    const token = pathParam(req, "token");
    const invitation = await findInvitation(db, token);
    if (invitation.status !== "valid") return renderUnusableLink(res, invitation.status, "invitation");
    const otherAccount = invitation.agent.id !== sessionOf(res).agent.id;
    res.status(otherAccount ? 403 : 200).render("invitations/join", {
      invitation,
      otherAccount,
      invitationToken: token,
    });
  });

  router.post("/invitations/:token/rejoindre", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const token = pathParam(req, "token");
    const joined = await joinOrganisation(db, { secret: token, agentId: session.agent.id });
    if (joined.status === "other_account") {
      const invitation = await findInvitation(db, token);
      if (invitation.status !== "valid") return renderUnusableLink(res, invitation.status, "invitation");
      return res.status(403).render("invitations/join", { invitation, otherAccount: true, invitationToken: token });
    }
    if (joined.status !== "joined") return renderUnusableLink(res, joined.status, "invitation");
    await setFlash(db, session.id, `Vous avez rejoint ${joined.organisation.name}.`);
    res.redirect("/agenda");
  });

  router.post("/invitations/:token", async (req, res) => {
    const invitation = await findInvitation(db, req.params.token);
    if (invitation.status !== "valid") return renderUnusableLink(res, invitation.status, "invitation");
    if (invitation.join) return res.redirect(303, `/invitations/${encodeURIComponent(req.params.token)}`);
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
