// What a usager sends to book, move or cancel online (public pages and the public API share these schemas): the
// créneau chosen, by its start instant, and who the usager is. Email and phone are required here: the confirmation
// and its link go to the email, and the service may need to call.
import { z } from "zod";
import { localDateSchema } from "../recurrence/recurrence.schemas.ts";
import { emailSchema, phoneSchema, userFieldsSchema } from "../usagers/user.schemas.ts";
import { idSchema } from "../validation.ts";

const emptyIsAbsent = (value: unknown) => (value === "" ? undefined : value);

/** An instant with its offset, as the créneaux lists write it (2027-03-29T09:00:00+02:00). */
export const startsAtSchema = z
  .string({ error: "Choisissez un créneau." })
  .trim()
  .min(1, "Choisissez un créneau.")
  .pipe(z.iso.datetime({ offset: true, error: "Ce créneau n'est pas une date valide." }))
  .transform((value) => new Date(value));

/** The usager's identity, as typed in the booking form or sent to the API. */
const usagerSchema = z.object({
  firstName: userFieldsSchema.shape.firstName,
  lastName: userFieldsSchema.shape.lastName,
  email: z
    .string({ error: "Indiquez votre adresse email." })
    .trim()
    .min(1, "Indiquez votre adresse email.")
    .pipe(emailSchema),
  phone: z
    .string({ error: "Indiquez votre numéro de téléphone." })
    .trim()
    .min(1, "Indiquez votre numéro de téléphone.")
    .pipe(phoneSchema),
});

export type UsagerInput = z.output<typeof usagerSchema>;

/** A booking: the créneau (organisation, motif, lieu, start) and the usager. */
export const bookingSchema = z.object({
  organisationId: idSchema("L'organisation est inconnue."),
  motifId: idSchema("Choisissez un motif."),
  lieuId: idSchema("Choisissez un lieu."),
  startsAt: startsAtSchema,
  usager: usagerSchema,
});

export type BookingInput = z.output<typeof bookingSchema>;

/** A move: the new start, at the same motif and lieu. */
export const moveSchema = z.object({ startsAt: startsAtSchema });

/** The public créneaux query: a motif offered online, a lieu (optional: all), and a period of local days. */
export const publicCreneauxQuerySchema = z.object({
  organisationId: idSchema("L'organisation est inconnue."),
  motifId: z.preprocess(emptyIsAbsent, idSchema("Choisissez un motif.")),
  lieuId: z.preprocess(emptyIsAbsent, idSchema("Ce lieu n'existe pas.").optional()),
  from: z.preprocess(
    emptyIsAbsent,
    z.string({ error: "Le début doit être une date (AAAA-MM-JJ)." }).pipe(localDateSchema).optional(),
  ),
  to: z.preprocess(
    emptyIsAbsent,
    z.string({ error: "La fin doit être une date (AAAA-MM-JJ)." }).pipe(localDateSchema).optional(),
  ),
});

export type PublicCreneauxQuery = z.output<typeof publicCreneauxQuerySchema>;
