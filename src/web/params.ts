// Path parameters as handlers read them.
import type { Request } from "express";
import { notFound } from "../domain/errors.ts";

/** The `:id` of the path (404 if the route has none, which only a routing mistake causes). */
export function idParam(req: Request): string {
  const { id } = req.params;
  if (typeof id !== "string") throw notFound();
  return id;
}
