import { z } from "zod";
import { isSingleLine } from "../validation.ts";

/** A lieu as forms and the API send it. */
export const lieuSchema = z.object({
  name: z
    .string({ error: "Saisissez le nom du lieu." })
    .trim()
    .min(1, "Saisissez le nom du lieu.")
    .max(100, "Le nom doit contenir au plus 100 caractères.")
    // Shown in email bodies and calendar LOCATION lines, where a line break would start a new field.
    .refine(isSingleLine, "Le nom ne peut contenir ni retour à la ligne, ni tabulation, ni caractère de contrôle."),
  address: z
    .string({ error: "Saisissez l'adresse du lieu." })
    .trim()
    .min(1, "Saisissez l'adresse du lieu.")
    .max(300, "L'adresse doit contenir au plus 300 caractères."),
});

/** A lieu's fields, parsed. */
export type LieuFields = z.output<typeof lieuSchema>;

/** A change of a lieu (API PATCH): the fields sent; the others are kept. */
export const lieuPatchSchema = lieuSchema.partial();
