import { z } from "zod";

/** A lieu as forms and the API send it. */
export const lieuSchema = z.object({
  name: z
    .string({ error: "Saisissez le nom du lieu." })
    .trim()
    .min(1, "Saisissez le nom du lieu.")
    .max(100, "Le nom doit contenir au plus 100 caractères."),
  address: z
    .string({ error: "Saisissez l'adresse du lieu." })
    .trim()
    .min(1, "Saisissez l'adresse du lieu.")
    .max(300, "L'adresse doit contenir au plus 300 caractères."),
});
