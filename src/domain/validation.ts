// One way to turn raw input (form body, JSON body) into typed values: zod, with French messages per field.
import { z } from "zod";
import { type FieldErrors, invalid } from "./errors.ts";

z.config(z.locales.fr());

/** Field errors keyed by dotted path (`recurrence.until`), first message per field. */
export function fieldErrorsFrom(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Parse `raw` with `schema`, or throw an `invalid` AppError carrying a French message per field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw invalid(fieldErrorsFrom(result.error));
  return result.data;
}

// Fields several areas share.

/** Line breaks, tabs and other control characters: never in a one-line text, which may become an email header. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rule refuses.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Whether a one-line text (a name, a title) is free of control characters. */
export function isSingleLine(value: string): boolean {
  return !CONTROL_CHARACTERS.test(value);
}

/** An id sent by a client: any string the database may hold; whether it exists is checked against the database. */
export function idSchema(message: string) {
  return z.string({ error: message }).trim().min(1, message).max(64, message);
}

/** The title of a plage or an absence, as shown in agendas and email subjects. */
export const titleSchema = z
  .string({ error: "Saisissez un titre." })
  .trim()
  .min(1, "Saisissez un titre.")
  .max(200, "Le titre ne peut pas dépasser 200 caractères.")
  .refine(isSingleLine, "Le titre ne peut contenir ni retour à la ligne, ni tabulation, ni caractère de contrôle.");
