// Reads the session cookie, exposes the current session to handlers and views, and guards signed-in pages.
import type { NextFunction, Request, Response } from "express";
import type { Config } from "../../config.ts";
import { type CurrentSession, clearFlash, findSession, type SessionOrganisation } from "../../domain/auth/sessions.ts";
import { notFound } from "../../domain/errors.ts";
import { frenchSpacing } from "../../vocabulary/typography.ts";
import type { AppContext } from "../context.ts";

export const SESSION_COOKIE = "rdv_session";

/** Give the browser the session cookie of a session just opened (sign-in, accepted invitation). */
export function setSessionCookie(res: Response, config: Config, sessionToken: string): void {
  res.cookie(SESSION_COOKIE, sessionToken, {
    httpOnly: true,
    sameSite: "lax",
    secure: config.NODE_ENV === "production",
    path: "/",
    maxAge: config.SESSION_TTL_HOURS * 3600 * 1000,
  });
}

/** Make the browser forget its session cookie (signed out, or the session is gone). */
export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: "/" });
}

/** Sign-out: forget the cookie, and tell the browser to drop the pages it cached (the Back button shows nothing). */
export function forgetSession(res: Response): void {
  clearSessionCookie(res);
  res.set("Clear-Site-Data", '"cache"');
}

/**
 * Pages and API answers show personal data (usagers' contacts, RDVs): no browser or proxy may keep them, so that
 * after sign-out the Back button asks the server again, which then asks for a sign-in.
 */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set("Cache-Control", "no-store");
  next();
}

declare global {
  namespace Express {
    interface Locals {
      session?: CurrentSession;
      csrfToken?: string;
      flash?: CurrentSession["flash"];
    }
  }
}

/** Load the session (if any) for every request; show and forget its flash message on pages. */
export function loadSession({ db }: AppContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const secret: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof secret === "string" && secret.length > 0) {
      const session = await findSession(db, secret);
      if (session) {
        res.locals.session = session;
        if (session.flash && req.method === "GET" && req.accepts("html")) {
          // French spacing once here, for every flash message of every page (« Lieu « X » créé », « … : … »).
          res.locals.flash = { ...session.flash, message: frenchSpacing(session.flash.message) };
          await clearFlash(db, session.id);
        }
      } else {
        clearSessionCookie(res);
      }
    }
    next();
  };
}

/** Pages behind sign-in: redirect anonymous visitors to the sign-in page. */
export function requireAgent(req: Request, res: Response, next: NextFunction) {
  if (res.locals.session) return next();
  const target = req.method === "GET" ? `?retour=${encodeURIComponent(req.originalUrl)}` : "";
  res.redirect(`/connexion${target}`);
}

/** The organisation the agent works in, for pages that need one (404 for an agent who belongs to none). */
export function currentOrganisationOf(res: Response): SessionOrganisation {
  const organisation = sessionOf(res).currentOrganisation;
  if (!organisation) throw notFound("Vous n'appartenez à aucune organisation.");
  return organisation;
}

/** The session of a handler behind `requireAgent`. */
export function sessionOf(res: Response): CurrentSession {
  const session = res.locals.session;
  if (!session) throw new Error("sessionOf called on a route without requireAgent");
  return session;
}
