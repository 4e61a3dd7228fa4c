// One place that turns errors into responses: French pages for the browser, JSON for the API, never a stack trace.
import type { NextFunction, Request, Response } from "express";
import { AppError, type AppErrorCode } from "../../domain/errors.ts";
import { logger } from "../../logger.ts";

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
  if (req.originalUrl.startsWith("/api/")) {
    res.status(404).json({ error: { code: "not_found", message: "Ressource introuvable." } });
    return;
  }
  res.status(404).render("errors/error", {
    title: TITLE_OF.not_found,
    message: "Cette page n'existe pas ou vous n'y avez pas accès.",
  });
}

/** Map AppErrors to their status; anything else is logged and becomes a bare 500. */
export function errorHandler(error: unknown, req: Request, res: Response, _next: NextFunction) {
  const isApi = req.originalUrl.startsWith("/api/");
  if (error instanceof AppError) {
    const status = STATUS_OF[error.code];
    if (isApi) {
      res.status(status).json({ error: { code: error.code, message: error.message, fields: error.fields } });
      return;
    }
    res.status(status).render("errors/error", { title: TITLE_OF[error.code], message: error.message });
    return;
  }
  if (isBodyParserError(error)) {
    const message = "La requête est mal formée ou trop volumineuse.";
    if (isApi) {
      res.status(error.status).json({ error: { code: "bad_request", message } });
      return;
    }
    res.status(error.status).render("errors/error", { title: "Requête invalide", message });
    return;
  }
  logger.error({ err: error, method: req.method, path: req.path }, "unhandled error");
  if (res.headersSent) return;
  if (isApi) {
    res.status(500).json({ error: { code: "internal", message: "Une erreur interne est survenue." } });
    return;
  }
  res.status(500).render("errors/error", {
    title: "Erreur interne",
    message: "Une erreur est survenue de notre côté. L'équipe technique a été prévenue ; réessayez dans un instant.",
  });
}

function isBodyParserError(error: unknown): error is { status: number; type: string } {
  return (
    typeof error === "object" &&
    error !== null &&
    "type" in error &&
    "status" in error &&
    typeof error.status === "number" &&
    error.status >= 400 &&
    error.status < 500
  );
}
