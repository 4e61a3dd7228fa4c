import { z } from "zod";
import { isSingleLine } from "../validation.ts";
import { isKnownTimezone } from "./timezones.ts";

export const DEFAULT_BOOKING_MIN_DELAY_MINUTES = 2 * 60;
export const DEFAULT_BOOKING_MAX_DELAY_MINUTES = 6 * 7 * 24 * 60;
const MINUTES_PER_DAY = 24 * 60;
const MAX_DELAY_LIMIT_DAYS = 366;

const ORDER_MESSAGE = "Le délai maximum doit être plus long que le délai minimum.";

const commonFields = {
  name: z
    .string({ error: "Saisissez le nom de l'organisation." })
    .trim()
    .min(1, "Saisissez le nom de l'organisation.")
    .max(100, "Le nom doit contenir au plus 100 caractères.")
    // The name becomes an email subject (invitations): a line break there would forge headers.
    .refine(isSingleLine, "Le nom ne peut contenir ni retour à la ligne, ni tabulation, ni caractère de contrôle."),
  timezone: z
    .string({ error: "Choisissez un fuseau horaire." })
    .refine(isKnownTimezone, "Choisissez un fuseau horaire de la liste."),
  emailSenderName: z
    .string({ error: "Le nom d'expéditeur doit être un texte." })
    .trim()
    // A line break in a display name would end up in an email header.
    .regex(/^[^\r\n<>"]*$/, "Le nom d'expéditeur ne peut contenir ni retour à la ligne, ni < > \".")
    .refine(isSingleLine, "Le nom d'expéditeur ne peut contenir ni tabulation, ni caractère de contrôle.")
    .max(100, "Le nom d'expéditeur doit contenir au plus 100 caractères.")
    .nullable()
    .optional()
    .transform((value) => value || null),
};

/** Settings as the API sends them, delays in minutes. */
export const organisationSettingsSchema = z
  .object({
    ...commonFields,
    bookingMinDelayMinutes: z
      .number({ error: "Le délai minimum doit être un nombre de minutes." })
      .int("Le délai minimum doit être un nombre entier de minutes.")
      .min(0, "Le délai minimum ne peut pas être négatif.")
      .max(30 * MINUTES_PER_DAY, "Le délai minimum ne peut pas dépasser 30 jours."),
    bookingMaxDelayMinutes: z
      .number({ error: "Le délai maximum doit être un nombre de minutes." })
      .int("Le délai maximum doit être un nombre entier de minutes.")
      .min(60, "Le délai maximum doit être d'au moins une heure.")
      .max(
        MAX_DELAY_LIMIT_DAYS * MINUTES_PER_DAY,
        `Le délai maximum ne peut pas dépasser ${MAX_DELAY_LIMIT_DAYS} jours.`,
      ),
  })
  .refine((value) => value.bookingMinDelayMinutes < value.bookingMaxDelayMinutes, {
    message: ORDER_MESSAGE,
    path: ["bookingMaxDelayMinutes"],
  });

export type OrganisationSettings = z.output<typeof organisationSettingsSchema>;

/** Settings as the page sends them: the minimum delay in hours, the maximum in days. */
export const organisationSettingsFormSchema = z
  .object({
    ...commonFields,
    bookingMinDelayHours: z.coerce
      .number({ error: "Le délai minimum doit être un nombre d'heures." })
      .min(0, "Le délai minimum ne peut pas être négatif.")
      .max(30 * 24, "Le délai minimum ne peut pas dépasser 720 heures (30 jours)."),
    bookingMaxDelayDays: z.coerce
      .number({ error: "Le délai maximum doit être un nombre de jours." })
      .int("Le délai maximum doit être un nombre entier de jours.")
      .min(1, "Le délai maximum doit être d'au moins un jour.")
      .max(MAX_DELAY_LIMIT_DAYS, `Le délai maximum ne peut pas dépasser ${MAX_DELAY_LIMIT_DAYS} jours.`),
  })
  .refine((value) => value.bookingMinDelayHours * 60 < value.bookingMaxDelayDays * MINUTES_PER_DAY, {
    message: ORDER_MESSAGE,
    path: ["bookingMaxDelayDays"],
  })
  .transform(
    ({ bookingMinDelayHours, bookingMaxDelayDays, ...rest }): OrganisationSettings => ({
      ...rest,
      bookingMinDelayMinutes: Math.round(bookingMinDelayHours * 60),
      bookingMaxDelayMinutes: bookingMaxDelayDays * MINUTES_PER_DAY,
    }),
  );
