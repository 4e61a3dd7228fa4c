// /dev/emails: the emails stored by the dev store (no SMTP_URL), to read them while developing: list, HTML view,
// plain text and ICS download. Emails hold links that sign people in: the page exists only with NODE_ENV=development
// (404 in production and tests), and even there shows an agent only its own emails and those of its admin organisations.
import { Router } from "express";
import { notFound } from "../../domain/errors.ts";
import { appLinkOf } from "../../notifications/app-link.ts";
import { devEmailReaderOf, readableDevEmailIds } from "../../notifications/dev-email-access.ts";
import { findRenderedEmail, listRecentEmails } from "../../notifications/outbox-queries.ts";
import { formatShortDateTime } from "../../vocabulary/dates.ts";
import type { AppContext } from "../context.ts";
import { requireAgent, sessionOf } from "../middleware/session.ts";
import { idParam } from "../params.ts";

// The HTML of an email is shown as it is, in a sandboxed frame: its inline styles are allowed there, scripts never.
const EMAIL_HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; frame-ancestors 'self'; sandbox";
const DISPLAY_ZONE = "Europe/Paris";

export function devEmailRoutes({ db, config }: AppContext): Router {
  const router = Router();
  if (config.NODE_ENV !== "development") return router;
  router.use("/dev/emails", requireAgent);
  // One email: 404 unless the reader may see it, before any handler renders it.
  router.use("/dev/emails/:id", async (req, res, next) => {
    const id = idParam(req);
    const readable = await readableDevEmailIds(db, devEmailReaderOf(sessionOf(res)), [id]);
    if (!readable.has(id)) throw notFound("Cet email n'existe pas.");
    next();
  });
  // Emails are shown as the worker renders them, with the links of this APP_URL.
  const link = appLinkOf(config);

  router.get("/dev/emails", async (_req, res) => {
    const recent = await listRecentEmails(db);
    const readable = await readableDevEmailIds(
      db,
      devEmailReaderOf(sessionOf(res)),
      recent.map((email) => email.id),
    );
    const emails = recent.filter((email) => readable.has(email.id));
    res.render("dev-emails/index", {
      emails: emails.map((email) => ({ ...email, createdAt: formatShortDateTime(email.createdAt, DISPLAY_ZONE) })),
      smtp: Boolean(config.SMTP_URL),
      styles: ["/assets/css/dev-emails.css"],
    });
  });

  router.get("/dev/emails/:id", async (req, res) => {
    const email = await findRenderedEmail(db, idParam(req), link);
    res.render("dev-emails/show", {
      email,
      createdAt: formatShortDateTime(email.createdAt, DISPLAY_ZONE),
      styles: ["/assets/css/dev-emails.css"],
    });
  });

  router.get("/dev/emails/:id/html", async (req, res) => {
    const email = await findRenderedEmail(db, idParam(req), link);
    res.set("Content-Security-Policy", EMAIL_HTML_CSP).type("html").send(email.html);
  });

  router.get("/dev/emails/:id/ics", async (req, res) => {
    const email = await findRenderedEmail(db, idParam(req), link);
    if (!email.icsContent) throw notFound("Cet email n'a pas de fichier de calendrier.");
    // attachment() sets a type from the file name: the method goes in after it.
    res
      .attachment(email.icsFilename ?? `${email.kind}.ics`)
      .type(`text/calendar; charset=utf-8; method=${email.icsMethod ?? "REQUEST"}`)
      .send(email.icsContent);
  });

  return router;
}
