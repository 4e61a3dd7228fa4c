// The organisation settings form (views/admin/organisation.ejs) → the settings: the page speaks of the minimum delay
// in hours and the maximum in days, the settings are in minutes.
import { z } from "zod";
import {
  commonFields,
  DELAYS_ORDER_MESSAGE,
  MAX_DELAY_LIMIT_DAYS,
  MINUTES_PER_DAY,
  type OrganisationSettings,
} from "../../domain/organisations/organisation.schemas.ts";
import { parseInput } from "../../domain/validation.ts";
import { formBody } from "./fields.ts";

const formSchema = z
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
    message: DELAYS_ORDER_MESSAGE,
    path: ["bookingMaxDelayDays"],
  });

/** The form's values showing stored settings: delays in hours and days. */
export function organisationFormValuesOf(settings: OrganisationSettings) {
  return {
    name: settings.name,
    timezone: settings.timezone,
    bookingMinDelayHours: settings.bookingMinDelayMinutes / 60,
    bookingMaxDelayDays: Math.round(settings.bookingMaxDelayMinutes / MINUTES_PER_DAY),
    emailSenderName: settings.emailSenderName ?? "",
  };
}

/** Every setting from the form, delays in minutes; a 422 names each bad field (in the form's own names). */
export function parseOrganisationForm(body: unknown): OrganisationSettings {
  const { bookingMinDelayHours, bookingMaxDelayDays, ...rest } = parseInput(formSchema, formBody(body));
  return {
    ...rest,
    bookingMinDelayMinutes: Math.round(bookingMinDelayHours * 60),
    bookingMaxDelayMinutes: bookingMaxDelayDays * MINUTES_PER_DAY,
  };
}
