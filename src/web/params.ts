// Path parameters as handlers read them.
import type { Request } from "express";
import { notFound } from "../domain/errors.ts";

/** The path parameter `name` (404 if the route has none, which only a routing mistake causes). */
export function pathParam(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== "string") throw notFound();
  return value;
}

/** The `:id` of the path. */
export function idParam(req: Request): string {
  return pathParam(req, "id");
}
