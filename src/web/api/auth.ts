// API authentication: `Authorization: Bearer <token>` only. Cookies are never read on the API, so a browser
// session cannot be used (and CSRF does not apply).
import type { NextFunction, Request, Response } from "express";
import type { Actor } from "../../domain/auth/actor.ts";
import { actorForApiToken } from "../../domain/auth/api-tokens.ts";
import type { AppContext } from "../context.ts";

declare global {
  namespace Express {
    interface Locals {
      apiActor?: Actor;
    }
  }
}

/** Refuse calls without a valid bearer token (401, JSON). */
export function requireApiToken({ db }: AppContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer (\S+)$/.exec(req.get("authorization") ?? "");
    const actor = match?.[1] ? await actorForApiToken(db, match[1]) : null;
    if (!actor) {
      res
        .status(401)
        .set("WWW-Authenticate", 'Bearer realm="rdv-agents"')
        .json({ error: { code: "unauthorized", message: "Jeton d'API manquant, invalide ou révoqué." } });
      return;
    }
    res.locals.apiActor = actor;
    next();
  };
}

/** The actor of a handler behind `requireApiToken`. */
export function apiActorOf(res: Response): Actor {
  const actor = res.locals.apiActor;
  if (!actor) throw new Error("apiActorOf called on a route without requireApiToken");
  return actor;
}
