import { z } from "zod";
import { dayNumberFromLocalDate } from "./local-calendar.ts";

/** Days of the week as stored in the database (Prisma enum `Weekday`), Monday first. */
export const WEEKDAYS = ["mo", "tu", "we", "th", "fr", "sa", "su"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const AT_LEAST_ONE_WEEKDAY = "Choisissez au moins un jour de la semaine.";

function isLocalDate(value: string): boolean {
  try {
    dayNumberFromLocalDate(value);
    return true;
  } catch {
    return false;
  }
}

/** A "YYYY-MM-DD" calendar day that really exists, with the given French message otherwise. */
function localDate(message: string) {
  return z.string({ error: message }).refine(isLocalDate, message);
}

const INVALID_DATE = "La date doit être une date valide (AAAA-MM-JJ).";
const INVALID_TIME = "L'heure doit être au format HH:MM.";

/** A calendar day "YYYY-MM-DD" that exists (no 30 February), local to the organisation. */
export const localDateSchema = localDate(INVALID_DATE);

/** A wall-clock time "HH:MM" between 00:00 and 23:59, local to the organisation. */
export const localTimeSchema = z
  .string({ error: INVALID_TIME })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "L'heure doit être au format HH:MM, entre 00:00 et 23:59.");

/**
 * A required field checked by `schema`: missing, null or empty (forms send empty fields as missing) gets the field's
 * own message (« Indiquez le premier jour. ») rather than a format message about a value nobody typed.
 */
function required(schema: z.ZodString, requiredMessage: string, invalidMessage: string) {
  return z
    .string({
      error: (issue) => (issue.input === undefined || issue.input === null ? requiredMessage : invalidMessage),
    })
    .min(1, requiredMessage)
    .pipe(schema);
}

/** A required local day, `requiredMessage` when missing or empty. */
export function requiredLocalDate(requiredMessage: string) {
  return required(localDateSchema, requiredMessage, INVALID_DATE);
}

/** A required local time, `requiredMessage` when missing or empty. */
export function requiredLocalTime(requiredMessage: string) {
  return required(localTimeSchema, requiredMessage, INVALID_TIME);
}

/** One day of the week, as stored. */
const weekdaySchema = z.enum(WEEKDAYS, { error: "Ce jour de la semaine n'existe pas." });

const intervalSchema = z
  .number({ error: "L'intervalle de récurrence doit être un nombre." })
  .int("L'intervalle de récurrence doit être un nombre entier.")
  .min(1, "L'intervalle de récurrence doit être compris entre 1 et 12.")
  .max(12, "L'intervalle de récurrence doit être compris entre 1 et 12.")
  .default(1);

const untilSchema = localDate("La date de fin de récurrence doit être une date valide.").optional();

const weeklySchema = z.object({
  every: z.literal("week"),
  interval: intervalSchema,
  weekdays: z
    .array(weekdaySchema, { error: AT_LEAST_ONE_WEEKDAY })
    .min(1, AT_LEAST_ONE_WEEKDAY)
    .refine((days) => new Set(days).size === days.length, "Chaque jour de la semaine ne peut être choisi qu'une fois.")
    // Monday-first order makes equal recurrences equal values, and RRULEs and descriptions deterministic.
    .transform((days) => WEEKDAYS.filter((day) => days.includes(day))),
  until: untilSchema,
});

const monthlySchema = z
  .object({
    every: z.literal("month"),
    interval: intervalSchema,
    // The day of a monthly recurrence comes from its first day (« le 2e mardi »), so choosing weekdays is an error.
    weekdays: z
      .array(weekdaySchema)
      .max(0, "Une récurrence mensuelle suit le jour de la première date : ne choisissez pas de jour de la semaine.")
      .optional(),
    until: untilSchema,
  })
  .transform(({ weekdays: _weekdays, ...monthly }) => monthly);

/**
 * A recurrence as forms and the API send it: every N weeks on some weekdays, or every N months on the Nth weekday of
 * the first day (its last weekday when the first day is in the fifth week), until an optional inclusive local day.
 */
export const recurrenceSchema = z.discriminatedUnion("every", [weeklySchema, monthlySchema], {
  error: "Choisissez une fréquence de récurrence : toutes les semaines ou tous les mois.",
});

/** A recurrence, or null for a one-off plage or absence. */
export const nullableRecurrenceSchema = recurrenceSchema.nullable();

export type Recurrence = z.output<typeof recurrenceSchema>;
export type RecurrenceInput = z.input<typeof recurrenceSchema>;
