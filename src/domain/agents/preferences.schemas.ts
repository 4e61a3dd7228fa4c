// An agent's notification preferences as the « Préférences de notifications » form and the API send them.
import { z } from "zod";
import { NotificationLevel, RdvNotificationsLevel } from "../../generated/prisma/enums.ts";

const rdvLevelSchema = z.enum(Object.values(RdvNotificationsLevel), {
  error:
    "Choisissez « À chaque modification », « Uniquement les modifications faites par un usager (ou par un autre agent) », « Uniquement les modifications (faites par un usager ou un autre agent) moins de 24 heures à l'avance » ou « Jamais ».",
});
const recordLevelSchema = z.enum(Object.values(NotificationLevel), {
  error: "Choisissez « À chaque modification » ou « Jamais ».",
});

const fields = {
  rdvNotificationsLevel: rdvLevelSchema,
  plageOuvertureNotificationLevel: recordLevelSchema,
  absenceNotificationLevel: recordLevelSchema,
};

/** The page's form: the three choices, always all sent (other form fields, such as `_csrf`, are ignored). */
export const preferencesFormSchema = z.object(fields);

/** PATCH /api/v1/me/preferences: any of the three, and nothing else. */
export const preferencesPatchSchema = z.strictObject(fields).partial();

export type NotificationPreferences = z.output<typeof preferencesFormSchema>;
