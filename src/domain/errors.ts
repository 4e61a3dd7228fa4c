/** The ways a domain action refuses; one error middleware maps them to HTTP statuses and French pages. */
export type AppErrorCode = "not_found" | "forbidden" | "invalid" | "conflict" | "rate_limited";

/** Per-field French messages, keyed by the form/API field name. */
export type FieldErrors = Record<string, string>;

/** A refusal from the domain: a code, a French message and, for `invalid`, messages per field. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fields?: FieldErrors;

  constructor(code: AppErrorCode, message: string, fields?: FieldErrors) {
    super(message);
    this.code = code;
    this.fields = fields;
    this.name = "AppError";
  }
}

/** 404: the record does not exist, or the actor may not know it does. */
export const notFound = (message = "Cette page n'existe pas ou vous n'y avez pas accès.") =>
  new AppError("not_found", message);
/** 403: the actor sees the record but may not do this. */
export const forbidden = (message = "Vous n'avez pas le droit de faire cette action.") =>
  new AppError("forbidden", message);
/** 422: the input is refused, with a French message per field. */
export const invalid = (fields: FieldErrors, message = "Le formulaire contient des erreurs.") =>
  new AppError("invalid", message, fields);
/** 409: the input clashes with what is stored (a duplicate, an overlap), optionally on fields. */
export const conflict = (message: string, fields?: FieldErrors) => new AppError("conflict", message, fields);
