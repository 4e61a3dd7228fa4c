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

const emailSchema = z
  .string({ error: "Saisissez une adresse email valide." })
  .trim()
  .toLowerCase()
  .max(320, "Cette adresse email est trop longue.")
  .pipe(z.email("Saisissez une adresse email valide, par exemple jeanne.dupont@example.org."));

/** Spaces, dots, dashes and brackets are how people type numbers; they are not part of them. */
export function normalisePhone(phone: string): string {
  return phone.replace(/[\s.\-()]/g, "");
}

const phoneSchema = z
  .string({ error: "Saisissez un numéro de téléphone valide." })
  .max(30, "Ce numéro de téléphone est trop long.")
  .transform(normalisePhone)
  .pipe(z.string().regex(/^\+?\d{6,15}$/, "Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78."));

/** The API body of a new usager. */
export const userInputSchema = z.strictObject({
  organisationId: z.guid({ error: "L'organisation est inconnue." }),
  firstName: firstNameSchema,
  lastName: lastNameSchema,
  email: emailSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
});

const optionalFormText = z.string().optional().default("");
const trimmedFormText = optionalFormText.transform((value) => value.trim());

/**
 * Fields of the « nouvel usager » part of the RDV form (all empty: no usager to create). Names are required only when
 * the form creates a usager: see {@link newUserFormErrors}.
 */
export const newUserFormFields = {
  newUserFirstName: trimmedFormText.pipe(z.string().max(MAX_NAME_LENGTH, `${MAX_NAME_LENGTH} caractères au plus.`)),
  newUserLastName: trimmedFormText.pipe(z.string().max(MAX_NAME_LENGTH, `${MAX_NAME_LENGTH} caractères au plus.`)),
  newUserEmail: trimmedFormText.pipe(z.union([z.literal(""), emailSchema])).transform((value) => value || null),
  newUserPhone: trimmedFormText.pipe(z.union([z.literal(""), phoneSchema])).transform((value) => value || null),
};

type NewUserForm = {
  newUserFirstName: string;
  newUserLastName: string;
  newUserEmail: string | null;
  newUserPhone: string | null;
};

/** The usager the RDV form asks to create (names checked by {@link newUserFormErrors}), or null when all blank. */
export function newUserFromForm(form: NewUserForm): UserInput | null {
  if (!form.newUserFirstName && !form.newUserLastName && !form.newUserEmail && !form.newUserPhone) return null;
  return {
    firstName: form.newUserFirstName,
    lastName: form.newUserLastName,
    email: form.newUserEmail,
    phone: form.newUserPhone,
  };
}

const blank = (value: unknown) => typeof value !== "string" || value.trim() === "";

/** Whether the raw RDV form asks to create a usager: one of its « nouvel usager » fields is filled in. */
export function formCreatesUser(raw: Record<string, unknown>): boolean {
  return !["newUserFirstName", "newUserLastName", "newUserEmail", "newUserPhone"].every((key) => blank(raw[key]));
}

/** The names missing from a usager the raw RDV form asks to create. */
export function newUserFormErrors(raw: Record<string, unknown>): Record<string, string> {
  if (!formCreatesUser(raw)) return {};
  return {
    ...(blank(raw.newUserFirstName) ? { newUserFirstName: "Indiquez le prénom." } : {}),
    ...(blank(raw.newUserLastName) ? { newUserLastName: "Indiquez le nom." } : {}),
  };
}

/** The query of a usager search: at least two characters. */
export const userSearchSchema = z.object({
  q: z
    .string({ error: "Saisissez au moins 2 caractères." })
    .trim()
    .min(2, "Saisissez au moins 2 caractères.")
    .max(100, "100 caractères au plus."),
});
