// Path parameters and page queries as handlers read them.
import type { Request, Response } from "express";
import type { z } from "zod";
import { notFound } from "../domain/errors.ts";
import { fieldErrorsFrom } from "../domain/validation.ts";

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

/** A page's query read with `schema`, or null once a 400 page giving the French reasons has been sent. */
export function pageQuery<S extends z.ZodType>(res: Response, schema: S, query: unknown): z.output<S> | null {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  res.status(400).render("errors/error", {
    title: "Requête invalide",
    message: Object.values(fieldErrorsFrom(parsed.error)).join(" "),
  });
  return null;
}
