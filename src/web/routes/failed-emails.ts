// « Administration › Emails en échec »: the emails the worker gave up on after a day of retries, with « Renvoyer ».
import { Router } from "express";
import { setFlash } from "../../domain/auth/sessions.ts";
import { countPendingEmails, listFailedEmails, resendFailedEmail } from "../../notifications/failed-emails.ts";
import type { AppContext } from "../context.ts";
import { requireAgent } from "../middleware/session.ts";
import { idParam } from "../params.ts";
import { adminScopeOf, requireAdminPage } from "./admin/guard.ts";

const PATH = "/admin/emails-en-echec";

export function failedEmailRoutes({ db }: AppContext): Router {
  const router = Router();
  router.use(PATH, requireAgent, requireAdminPage);

  router.get(PATH, async (_req, res) => {
    const { actor, organisationId } = adminScopeOf(res);
    const emails = await listFailedEmails(db, actor, organisationId);
    const pending = await countPendingEmails(db, actor, organisationId);
    res.render("failed-emails/index", { emails, pending, adminNav: "emails" });
  });

  router.post(`${PATH}/:id/renvoyer`, async (req, res) => {
    const { actor, organisationId, sessionId } = adminScopeOf(res);
    await resendFailedEmail(db, { actor, organisationId, emailId: idParam(req) });
    await setFlash(db, sessionId, "L'email a été remis dans la file d'envoi.");
    res.redirect(PATH);
  });

  return router;
}
