// A usager as agents type it: names, and an optional email, phone and birth date, normalised so that searches and
// the « same email in the organisation » rule do not depend on how it was typed.
import { DateTime } from "luxon";
import { z } from "zod";

export const MAX_NAME_LENGTH = 100;

/** A usager to create, once parsed. */
export type UserInput = {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  /** A calendar day, "YYYY-MM-DD". */
  birthDate: string | null;
};

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

const BIRTH_DATE_FORMAT = "Saisissez la date de naissance au format AAAA-MM-JJ, par exemple 1984-03-21.";

/** A birth date "YYYY-MM-DD": a day that exists, from 1900 on and not after today. */
export const birthDateSchema = z
  .string({ error: BIRTH_DATE_FORMAT })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, BIRTH_DATE_FORMAT)
  .superRefine((value, ctx) => {
    const day = DateTime.fromISO(value, { zone: "utc" });
    if (!day.isValid)
      ctx.addIssue({ code: "custom", message: `Le ${value} n'existe pas : vérifiez le jour et le mois.` });
    else if (value < "1900-01-01")
      ctx.addIssue({ code: "custom", message: "La date de naissance doit être après 1900." });
    // Today anywhere on Earth: a birth date is a day, compared without a zone, a day of margin for the antipodes.
    else if (day > DateTime.utc().plus({ days: 1 })) {
      ctx.addIssue({ code: "custom", message: "La date de naissance ne peut pas être dans le futur." });
    }
  });

/** A stored birth date (a `date` column, read as UTC midnight) as "YYYY-MM-DD". */
export function birthDateText(birthDate: Date | null): string | null {
  return birthDate ? birthDate.toISOString().slice(0, 10) : null;
}

/** A birth date "YYYY-MM-DD" as the `date` column takes it. */
export function birthDateValue(birthDate: string | null): Date | null {
  return birthDate ? new Date(`${birthDate}T00:00:00.000Z`) : null;
}

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
  birthDate: optional(birthDateSchema),
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
