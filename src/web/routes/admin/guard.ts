// Every « Administration » page is for the admins of the current organisation: others get a 403 page.
import type { NextFunction, Request, Response } from "express";
import { requireAdmin } from "../../../domain/admin/admin.policy.ts";
import type { Actor } from "../../../domain/auth/actor.ts";
import { forbidden } from "../../../domain/errors.ts";
import { formatDate, formatDateTime, formatShortDateTime } from "../../../vocabulary/dates.ts";
import { sessionOf } from "../../middleware/session.ts";

/** What an admin page works on: the signed-in admin and its current organisation. */
export type AdminScope = { actor: Actor; organisationId: string; timezone: string; sessionId: string };

/** Refuse (403) anyone who is not an admin of the current organisation; give the views dates in its zone. */
export function requireAdminPage(_req: Request, res: Response, next: NextFunction) {
  const session = sessionOf(res);
  const organisation = session.currentOrganisation;
  if (!organisation) throw forbidden("Vous n'appartenez à aucune organisation.");
  requireAdmin(session.actor, organisation.id);
  const zone = organisation.timezone;
  res.locals.nav = "admin";
  res.locals.styles = ["/assets/css/admin.css"];
  res.locals.formatDate = (instant: Date) => formatDate(instant, zone);
  res.locals.formatDateTime = (instant: Date) => formatDateTime(instant, zone);
  res.locals.formatShortDateTime = (instant: Date) => formatShortDateTime(instant, zone);
  next();
}

/** The scope of a handler behind `requireAdminPage`. */
export function adminScopeOf(res: Response): AdminScope {
  const session = sessionOf(res);
  const organisation = session.currentOrganisation;
  if (!organisation) throw forbidden();
  return {
    actor: session.actor,
    organisationId: organisation.id,
    timezone: organisation.timezone,
    sessionId: session.id,
  };
}
