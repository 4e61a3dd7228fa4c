// A usager as agents type it: names, and an optional email and phone, normalised so that searches and the
// « same email in the organisation » rule do not depend on how it was typed.
import { z } from "zod";

export const MAX_NAME_LENGTH = 100;

/** A usager to create, once parsed. */
export type UserInput = { firstName: string; lastName: string; email: string | null; phone: string | null };

const name = (missing: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(MAX_NAME_LENGTH, `${MAX_NAME_LENGTH} caractères au plus.`);

const firstNameSchema = name("Indiquez le prénom.");
const lastNameSchema = name("Indiquez le nom.");

/** An email as typed, trimmed and lowercased. */
export const emailSchema = z
  .string({ error: "Saisissez une adresse email valide." })
  .trim()
  .toLowerCase()
  .max(320, "Cette adresse email est trop longue.")
  .pipe(z.email("Saisissez une adresse email valide, par exemple jeanne.dupont@example.org."));

/** Spaces, dots, dashes and brackets are how people type numbers; they are not part of them. */
export function normalisePhone(phone: string): string {
  return phone.replace(/[\s.\-()]/g, "");
}

/** A phone number as typed, without its separators. */
export const phoneSchema = z
  .string({ error: "Saisissez un numéro de téléphone valide." })
  .max(30, "Ce numéro de téléphone est trop long.")
  .transform(normalisePhone)
  .pipe(z.string().regex(/^\+?\d{6,15}$/, "Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78."));

/** An optional email or phone: absent, null or blank ("" from a form) is null. */
function optional(schema: z.ZodType<string, string>) {
  const blankAsNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);
  return z.preprocess(blankAsNull, schema.nullable().optional()).transform((value) => value ?? null);
}

/** A usager's own fields (forms and API): names, and an email and phone that may be left blank. */
export const userFieldsSchema = z.object({
  firstName: firstNameSchema,
  lastName: lastNameSchema,
  email: optional(emailSchema),
  phone: optional(phoneSchema),
});

/** A usager from the API, with its organisation (`POST /api/v1/users`). */
export const userInputSchema = z.strictObject({
  organisationId: z.guid({ error: "L'organisation est inconnue." }),
  ...userFieldsSchema.shape,
});

/** A change of a usager (API PATCH): the fields sent; the others are kept. */
export const userPatchSchema = userFieldsSchema.partial();

/** The query of a usager search: at least two characters. */
export const userSearchSchema = z.object({
  q: z
    .string({ error: "Saisissez au moins 2 caractères." })
    .trim()
    .min(2, "Saisissez au moins 2 caractères.")
    .max(100, "100 caractères au plus."),
});
