// Sign-in and sign-out pages.
import { Router } from "express";
import { destroySession, switchOrganisation } from "../../domain/auth/sessions.ts";
import { signIn } from "../../domain/auth/sign-in.ts";
import type { AppContext } from "../context.ts";
import { submitForm } from "../forms.ts";
import { forgetSession, requireAgent, sessionOf, setSessionCookie } from "../middleware/session.ts";

const DEFAULT_RETURN_PATH = "/agenda";
/** A made-up origin to resolve return paths against: whatever resolves elsewhere leaves the site. */
const PROBE_ORIGIN = "http://retour.invalid";
/** What browsers strip or read as a slash before resolving a Location: tabs, line breaks, backslashes, controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rule refuses.
const UNSAFE_IN_RETURN_PATH = /[\\\u0000-\u001f\u007f]/;
/** Percent-encoded slashes and backslashes in the path part, which some proxies and frameworks decode once. */
const ENCODED_SLASH = /%(2f|5c)/i;

/**
 * A path of this site to go back to after sign-in, normalised (`/agenda?date=…`); anything that could lead elsewhere
 * (`//evil`, `/\\evil`, `https:evil`, `/%5Cevil`, a tab or line break inside…) falls back to the agenda.
 */
function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || value.length > 2000 || !value.startsWith("/")) return DEFAULT_RETURN_PATH;
  if (value.startsWith("//") || UNSAFE_IN_RETURN_PATH.test(value)) return DEFAULT_RETURN_PATH;
  if (ENCODED_SLASH.test(value.split(/[?#]/, 1)[0] ?? "")) return DEFAULT_RETURN_PATH;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return DEFAULT_RETURN_PATH;
  }
  if (url.origin !== PROBE_ORIGIN) return DEFAULT_RETURN_PATH;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments resolved away could leave a `//` at the start (`/.//evil`).
  return path.startsWith("//") ? DEFAULT_RETURN_PATH : path;
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
    forgetSession(res);
    res.redirect("/connexion");
  });

  router.post("/organisation-courante", requireAgent, async (req, res) => {
    const organisationId: unknown = req.body?.organisationId;
    if (typeof organisationId === "string") await switchOrganisation(db, sessionOf(res), organisationId);
    res.redirect("/agenda");
  });

  return router;
}
