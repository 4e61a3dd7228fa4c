// The input guard, in front of every route: a request whose path, query or body cannot be decoded into valid text
// is refused with 400 before any handler (or PostgreSQL) sees it. PostgreSQL refuses NUL in text (22021), and the
// decoders of Node and Express silently turn bad percent-escapes and invalid UTF-8 into U+FFFD or keep them as is:
// both would either crash a handler or store something nobody typed.
import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";
import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from "express";

const BODY_LIMIT = "100kb";
/** A control character where no one can legitimately type one: in a URL path. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rule refuses.
const PATH_FORBIDDEN = /[\u0000-\u001f\u007f]/;
const NUL = "\u0000";
/** Under the `u` flag a surrogate pair is one code point: only a lone surrogate (not encodable in UTF-8) matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why the input was refused, for the log and the French message. */
type Refusal = "path" | "query" | "body" | "charset" | "type";

const MESSAGE_OF: Record<Refusal, string> = {
  path: "L'adresse demandée contient des caractères invalides.",
  query: "Les paramètres de l'adresse contiennent des caractères invalides.",
  body: "Le contenu envoyé n'est pas un texte valide (encodage incorrect ou caractère interdit).",
  charset: "Le contenu envoyé doit être encodé en UTF-8.",
  type: "Ce type de contenu n'est pas accepté : envoyez un formulaire, ou du JSON à l'API.",
};

declare global {
  namespace Express {
    interface Locals {
      /** Set while the body is read when its raw bytes are not valid UTF-8 text. */
      undecodableBody?: boolean;
    }
  }
}

/** Whether an answer to this request is JSON (the API, or a client that asks only for JSON). */
export function wantsJson(req: Request): boolean {
  return req.originalUrl.startsWith("/api/") || req.accepts(["html", "json"]) === "json";
}

/** Answer a refused request: 400 (or the status given) with a French page or the API's JSON error. */
export function refuseRequest(req: Request, res: Response, message: string, status = 400): void {
  if (wantsJson(req)) {
    res.status(status).json({ error: { code: "bad_request", message } });
    return;
  }
  res.status(status).render("errors/error", { title: "Requête invalide", message });
}

/** Whether `text` is a string PostgreSQL and our views accept: well-formed UTF-16 (no lone surrogate), no NUL. */
function isStorableText(text: string): boolean {
  return !text.includes(NUL) && !LONE_SURROGATE.test(text);
}

/** Decode one percent-encoded component strictly (UTF-8 only), or null when it cannot be decoded. */
function strictDecode(component: string): string | null {
  try {
    return decodeURIComponent(component);
  } catch {
    return null;
  }
}

/** Whether every name and value of an `a=b&c=d` string decodes into storable text. */
function isDecodableForm(raw: string): boolean {
  if (raw === "") return true;
  for (const pair of raw.split("&")) {
    for (const part of pair.split("=")) {
      const decoded = strictDecode(part.replaceAll("+", " "));
      if (decoded === null || !isStorableText(decoded)) return false;
    }
  }
  return true;
}

function refusalOfUrl(url: string): Refusal | null {
  const queryStart = url.indexOf("?");
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const decodedPath = strictDecode(path);
  if (decodedPath === null || !isStorableText(decodedPath) || PATH_FORBIDDEN.test(decodedPath)) return "path";
  if (queryStart !== -1 && !isDecodableForm(url.slice(queryStart + 1))) return "query";
  return null;
}

/** Whether every string (and key) of a parsed body is storable text; walked without recursion (deep JSON). */
function isStorableBody(body: unknown): boolean {
  const stack: unknown[] = [body];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (!isStorableText(value)) return false;
    } else if (Array.isArray(value)) {
      stack.push(...value);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (!isStorableText(key)) return false;
        stack.push(item);
      }
    }
  }
  return true;
}

/** The charset a body declares, lower-cased, or null when it declares none. */
function declaredCharset(req: Request): string | null {
  const type = req.get("content-type");
  if (!type) return null;
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(type);
  return match?.[1] ? match[1].toLowerCase() : null;
}

/** body-parser's `verify` hook: remember (rather than throw) that the decoded bytes are not UTF-8 text. */
function checkRawBody(form: boolean) {
  return (_req: IncomingMessage, res: unknown, buffer: Buffer) => {
    const undecodable = !isUtf8(buffer) || (form && !isDecodableForm(buffer.toString("utf8")));
    if (undecodable && isExpressResponse(res)) res.locals.undecodableBody = true;
  };
}

function isExpressResponse(value: unknown): value is Response {
  return typeof value === "object" && value !== null && "locals" in value;
}

/** Refuse bad paths and queries, and bodies in another charset than UTF-8, before anything reads them. */
function guardUrlAndCharset(req: Request, res: Response, next: NextFunction): void {
  const refusal = refusalOfUrl(req.url);
  const charset = declaredCharset(req);
  if (refusal) refuseRequest(req, res, MESSAGE_OF[refusal]);
  else if (charset !== null && charset !== "utf-8" && charset !== "utf8") refuseRequest(req, res, MESSAGE_OF.charset);
  else next();
}

/**
 * Body-reading errors (a gzip body that is not gzip, bad JSON, too large, unknown encoding) become a 4xx here,
 * before the routes: they carry a 4xx status but no AppError code.
 */
function bodyErrors(error: unknown, req: Request, res: Response, next: NextFunction): void {
  const status = clientErrorStatus(error);
  if (status === null) {
    next(error);
    return;
  }
  const message =
    status === 413 ? "Le contenu envoyé est trop volumineux." : "La requête est mal formée (contenu illisible).";
  refuseRequest(req, res, message, status);
}

/** The 4xx status an error from Express or body-parser carries, or null for any other error. */
export function clientErrorStatus(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const status = Reflect.get(error, "status") ?? Reflect.get(error, "statusCode");
  return typeof status === "number" && status >= 400 && status < 500 ? status : null;
}

/**
 * Refuse a body whose raw bytes were not UTF-8, whose parsed strings hold NUL or lone surrogates, or that no parser
 * read (another content type: the pages read only forms, the API only JSON). Handlers then always find an object
 * in `req.body`, also for requests without a body.
 */
function guardParsedBody(req: Request, res: Response, next: NextFunction): void {
  if (req.body === undefined) {
    if (hasBody(req)) {
      refuseRequest(req, res, MESSAGE_OF.type, 415);
      return;
    }
    req.body = {};
  }
  if (res.locals.undecodableBody || !isStorableBody(req.body)) refuseRequest(req, res, MESSAGE_OF.body);
  else next();
}

/** Whether the request announces a body (a length above zero, or chunks). */
function hasBody(req: Request): boolean {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? "0") > 0;
}

/**
 * The guard and the body parsers, for `app.use` before any route: JSON under /api (its only format), URL-encoded
 * forms elsewhere (the only format of the pages).
 */
export function inputGuard(): Array<RequestHandler | ErrorRequestHandler> {
  const json = express.json({ limit: BODY_LIMIT, verify: checkRawBody(false) });
  const form = express.urlencoded({
    extended: true,
    limit: BODY_LIMIT,
    parameterLimit: 200,
    verify: checkRawBody(true),
  });
  const parseBody: RequestHandler = (req, res, next) =>
    req.originalUrl.startsWith("/api/") ? json(req, res, next) : form(req, res, next);
  return [guardUrlAndCharset, parseBody, guardParsedBody, bodyErrors];
}
