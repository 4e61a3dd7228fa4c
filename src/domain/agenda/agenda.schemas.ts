// The inputs of the agenda: the page's query string (agent, day, week or day view) and the events feed's range.
import { DateTime } from "luxon";
import { z } from "zod";
import { type DayNumber, dayNumberFromLocalDate, instantAt } from "../recurrence/local-calendar.ts";
import { localDateSchema } from "../recurrence/recurrence.schemas.ts";

/** The widest range the events feed answers: a month view plus its overflowing weeks, with margin. */
export const MAX_AGENDA_RANGE_DAYS = 62;

/**
 * « liste » is the week as a list (FullCalendar's list view; the page without JavaScript lists every view); « equipe »
 * is one day of every agent side by side, for secretaries and admins.
 */
export const AGENDA_VIEWS = ["semaine", "jour", "liste", "equipe"] as const;
export type AgendaView = (typeof AGENDA_VIEWS)[number];

// A calendar day, or a day and a time with an optional offset: what FullCalendar sends as `start` and `end`. Luxon's
// fromISO also reads week and ordinal dates, which no calendar sends: they are refused here rather than guessed.
const ISO_DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const agentIdSchema = z
  .string({ error: "L'agent doit être un identifiant." })
  .trim()
  .min(1, "L'agent doit être un identifiant.")
  .max(100, "L'agent doit être un identifiant.");

/** The agenda page's query: `?agentId=…&date=YYYY-MM-DD&vue=semaine|jour|liste`, every part optional. */
export const agendaPageSchema = z.object({
  agentId: agentIdSchema.optional(),
  date: localDateSchema.optional(),
  vue: z.enum(AGENDA_VIEWS, { error: "La vue doit être « semaine », « jour », « liste » ou « equipe »." }).optional(),
});

/**
 * The events feed's query: `agentId` (default: the signed-in agent), `start` and `end` as ISO 8601. A value without
 * offset is a wall-clock time in the organisation's zone (FullCalendar sends them so for a named time zone); one with
 * an offset is an instant. The range must be non-empty and at most MAX_AGENDA_RANGE_DAYS long.
 */
export function agendaRangeSchema(timezone: string) {
  // Every feed request parses its range: building the zod schema anew cost 2 % of the feed's CPU, so one per zone.
  let schema = rangeSchemas.get(timezone);
  if (!schema) {
    schema = buildRangeSchema(timezone);
    rangeSchemas.set(timezone, schema);
  }
  return schema;
}

const rangeSchemas = new Map<string, ReturnType<typeof buildRangeSchema>>();

function buildRangeSchema(timezone: string) {
  const instant = (name: string) =>
    z.string({ error: `Le paramètre ${name} est obligatoire (date ISO 8601).` }).transform((value, context) => {
      const parsed = rangeBound(value, timezone);
      if (!parsed) {
        context.addIssue({
          code: "custom",
          message: `Le paramètre ${name} doit être une date ISO 8601 (AAAA-MM-JJ ou AAAA-MM-JJTHH:MM:SS, avec ou sans décalage horaire).`,
        });
        return z.NEVER;
      }
      return parsed;
    });
  return z
    .object({ agentId: agentIdSchema.optional(), start: instant("start"), end: instant("end") })
    .refine(({ start, end }) => end > start, { message: "La fin doit être après le début.", path: ["end"] })
    .refine(({ start, end }) => end.getTime() - start.getTime() <= MAX_AGENDA_RANGE_DAYS * 86_400_000, {
      message: `La période demandée ne peut pas dépasser ${MAX_AGENDA_RANGE_DAYS} jours.`,
      path: ["end"],
    });
}

// What FullCalendar sends for a named zone: a day, or a day and a whole minute of the wall clock (":00" seconds).
const WALL_CLOCK_MINUTE = /^(\d{4}-\d{2}-\d{2})(?:T((?:[01]\d|2[0-3]):[0-5]\d)(?::00(?:\.0{1,3})?)?)?$/;

/**
 * The instant of a range bound, as luxon's `DateTime.fromISO(value, { zone })` reads it, or null when it is not one.
 * A day or a whole minute without offset (every request of the calendar) goes through the recurrence module's
 * `instantAt`, the same luxon arithmetic remembered per zone and minute: parsing with luxon was 5 % of the feed's CPU.
 * Anything else (seconds, an offset, hour 24, a date that is not a real day) is left to luxon itself.
 */
function rangeBound(value: string, timezone: string): Date | null {
  const wallClock = WALL_CLOCK_MINUTE.exec(value);
  if (wallClock) {
    const day = realDay(wallClock[1] ?? "");
    if (day !== null) return instantAt(day, wallClock[2] ?? "00:00", timezone);
  }
  const parsed = ISO_DAY_OR_INSTANT.test(value) ? DateTime.fromISO(value, { zone: timezone }) : null;
  return parsed?.isValid ? parsed.toJSDate() : null;
}

/** The day number of a real calendar day "YYYY-MM-DD", or null (2027-02-30, or a year the Date maths cannot hold). */
function realDay(date: string): DayNumber | null {
  try {
    return dayNumberFromLocalDate(date);
  } catch {
    return null;
  }
}

const optionalId = (message: string) =>
  z.preprocess((value) => (value === "" ? undefined : value), z.guid({ error: message }).optional());

/** The printable day list's query: `?date=YYYY-MM-DD&par=agent|lieu&agentId=…&lieuId=…`, every part optional. */
export const daySheetQuerySchema = z.object({
  date: localDateSchema.optional(),
  par: z.enum(["agent", "lieu"], { error: "Le regroupement doit être « agent » ou « lieu »." }).default("agent"),
  agentId: optionalId("Cet agent est inconnu."),
  lieuId: optionalId("Ce lieu est inconnu."),
});
