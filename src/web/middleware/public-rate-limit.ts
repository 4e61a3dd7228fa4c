// The per-address limit of the public pages and API (domain/reservations/public-rate-limit.ts), as middleware: safe
// methods count as reads, anything else as a write.
import type { NextFunction, Request, Response } from "express";
import { countPublicRequest } from "../../domain/reservations/public-rate-limit.ts";
import type { AppContext } from "../context.ts";

/** Count the request against its address's limit before anything else reads the database; 429 past it. */
export function publicRateLimit({ db }: AppContext) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const kind = req.method === "GET" || req.method === "HEAD" ? "read" : "write";
    await countPublicRequest(db, { kind, ip: req.ip ?? "unknown", now: new Date() });
    next();
  };
}
