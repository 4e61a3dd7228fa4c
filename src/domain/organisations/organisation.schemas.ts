import { z } from "zod";
import { isSingleLine } from "../validation.ts";
import { isKnownTimezone } from "./timezones.ts";

export const MINUTES_PER_DAY = 24 * 60;
export const MAX_DELAY_LIMIT_DAYS = 366;

/** Why delays are refused when the maximum is not after the minimum. */
export const DELAYS_ORDER_MESSAGE = "Le délai maximum doit être plus long que le délai minimum.";

/** The settings the page and the API send alike: name, time zone, sender name. */
export const commonFields = {
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

const settingsFields = {
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
};

/** The maximum delay must be longer than the minimum, when both are known. */
function checkDelaysOrder(
  value: { bookingMinDelayMinutes?: number; bookingMaxDelayMinutes?: number },
  ctx: z.RefinementCtx,
): void {
  const { bookingMinDelayMinutes: min, bookingMaxDelayMinutes: max } = value;
  if (min !== undefined && max !== undefined && min >= max) {
    ctx.addIssue({ code: "custom", message: DELAYS_ORDER_MESSAGE, path: ["bookingMaxDelayMinutes"] });
  }
}

/** Settings as the API sends them, delays in minutes; also what a change is checked against once applied. */
export const organisationSettingsSchema = z.object(settingsFields).superRefine(checkDelaysOrder);

export type OrganisationSettings = z.output<typeof organisationSettingsSchema>;

/** A change of the settings (API PATCH): the fields sent; the others are kept. */
export const organisationSettingsPatchSchema = z.object(settingsFields).partial().superRefine(checkDelaysOrder);
