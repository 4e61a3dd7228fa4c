// One place that turns errors into responses: French pages for the browser, JSON for the API, never a stack trace.
import type { NextFunction, Request, Response } from "express";
import { AppError, type AppErrorCode } from "../../domain/errors.ts";
import { logger } from "../../logger.ts";
import { isDatabaseUnavailable, isRefusedValue } from "./database-errors.ts";
import { clientErrorStatus, refuseRequest, wantsJson } from "./input-guard.ts";

export const STATUS_OF: Record<AppErrorCode, number> = {
  invalid: 422,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  rate_limited: 429,
};

const TITLE_OF: Record<AppErrorCode, string> = {
  invalid: "Données invalides",
  not_found: "Page introuvable",
  forbidden: "Accès refusé",
  conflict: "Action impossible",
  rate_limited: "Trop de tentatives",
};

/** The 404 page for routes nobody answers. */
export function notFoundHandler(req: Request, res: Response) {
  if (wantsJson(req)) {
    res.status(404).json({ error: { code: "not_found", message: "Ressource introuvable." } });
    return;
  }
  res.status(404).render("errors/error", {
    title: TITLE_OF.not_found,
    message: "Cette page n'existe pas ou vous n'y avez pas accès.",
  });
}

/** Seconds after which a client may retry when the database is momentarily unavailable. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Map AppErrors to their status; HTTP errors of Express (4xx) keep theirs; a database that is down or restarting is a
 * 503 with Retry-After; a value PostgreSQL refuses is a 400; anything else is logged and becomes a bare 500.
 */
export function errorHandler(error: unknown, req: Request, res: Response, _next: NextFunction) {
  const isApi = wantsJson(req);
  if (res.headersSent) {
    logger.error({ err: error, method: req.method, path: req.path }, "error after the answer started");
    return;
  }
  if (error instanceof AppError) {
    const status = STATUS_OF[error.code];
    if (isApi) {
      res.status(status).json({ error: { code: error.code, message: error.message, fields: error.fields } });
      return;
    }
    res.status(status).render("errors/error", { title: TITLE_OF[error.code], message: error.message });
    return;
  }
  const clientStatus = clientErrorStatus(error);
  if (clientStatus !== null) {
    refuseRequest(req, res, "La requête est mal formée ou trop volumineuse.", clientStatus);
    return;
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn({ err: error, method: req.method, path: req.path }, "database unavailable");
    res.status(503).set("Retry-After", String(RETRY_AFTER_SECONDS));
    const message = "Le service est momentanément indisponible. Réessayez dans quelques secondes.";
    if (isApi) {
      res.json({ error: { code: "unavailable", message } });
      return;
    }
    res.render("errors/error", { title: "Service momentanément indisponible", message });
    return;
  }
  if (isRefusedValue(error)) {
    // A value reached PostgreSQL that a schema should have refused: still the client's input, never a 500.
    logger.warn({ err: error, method: req.method, path: req.path }, "value refused by the database");
    refuseRequest(req, res, "La requête contient une valeur invalide.");
    return;
  }
  logger.error({ err: error, method: req.method, path: req.path }, "unhandled error");
  if (isApi) {
    res.status(500).json({ error: { code: "internal", message: "Une erreur interne est survenue." } });
    return;
  }
  res.status(500).render("errors/error", {
    title: "Erreur interne",
    message: "Une erreur est survenue de notre côté. L'équipe technique a été prévenue ; réessayez dans un instant.",
  });
}
