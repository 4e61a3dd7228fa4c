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
 * Fields of the « nouvel usager » part of the RDV form (all empty: no usager to create). Names are checked once the
 * form says a usager is to be created, by {@link newUserFromForm}.
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

/** The usager the RDV form asks to create, or null when its fields are all empty; missing names are reported. */
export function newUserFromForm(form: NewUserForm, ctx: z.RefinementCtx): UserInput | null {
  if (!form.newUserFirstName && !form.newUserLastName && !form.newUserEmail && !form.newUserPhone) return null;
  if (!form.newUserFirstName)
    ctx.addIssue({ code: "custom", path: ["newUserFirstName"], message: "Indiquez le prénom." });
  if (!form.newUserLastName) ctx.addIssue({ code: "custom", path: ["newUserLastName"], message: "Indiquez le nom." });
  return {
    firstName: form.newUserFirstName,
    lastName: form.newUserLastName,
    email: form.newUserEmail,
    phone: form.newUserPhone,
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
