import { z } from "zod";
import type { LocationType } from "../../generated/prisma/enums.ts";

export const LOCATION_TYPES = ["public_office", "phone", "home"] as const satisfies readonly LocationType[];

export const LOCATION_TYPE_LABELS: Record<LocationType, string> = {
  public_office: "Sur place",
  phone: "Par téléphone",
  home: "À domicile",
};

const MIN_MOTIF_DURATION = 5;
const MAX_MOTIF_DURATION = 480;

const DURATION_MESSAGE = `La durée doit être un nombre entier de minutes, entre ${MIN_MOTIF_DURATION} et ${MAX_MOTIF_DURATION}.`;

/** The fields of a motif as the API sends them (the page's form: src/web/forms/motif-form.ts). */
const motifFields = z.object({
  name: z
    .string({ error: "Saisissez le nom du motif." })
    .trim()
    .min(1, "Saisissez le nom du motif.")
    .max(100, "Le nom doit contenir au plus 100 caractères."),
  defaultDurationInMin: z
    .number({ error: DURATION_MESSAGE })
    .int(DURATION_MESSAGE)
    .min(MIN_MOTIF_DURATION, DURATION_MESSAGE)
    .max(MAX_MOTIF_DURATION, DURATION_MESSAGE),
  locationType: z.enum(LOCATION_TYPES, { error: "Choisissez : sur place, par téléphone ou à domicile." }),
  color: z
    .string({ error: "Choisissez une couleur." })
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "La couleur doit être au format #RRGGBB, par exemple #3a6ea5.")
    .transform((color) => color.toLowerCase()),
  bookableOnline: z.boolean({ error: "Indiquez oui ou non." }),
});

/** A new motif; not bookable online unless said so. */
export const motifSchema = motifFields.extend({ bookableOnline: motifFields.shape.bookableOnline.default(false) });

/** A motif's fields, parsed. */
export type MotifFields = z.output<typeof motifSchema>;

/** A change of a motif (API PATCH): the fields sent; the others are kept. */
export const motifPatchSchema = motifFields.partial();
