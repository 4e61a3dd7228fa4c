// What an absence is made of, as forms and the API send it: one set of zod schemas for both.
import { z } from "zod";
import { nullableRecurrenceSchema, requiredLocalDate, requiredLocalTime } from "../recurrence/recurrence.schemas.ts";
import { idSchema, titleSchema } from "../validation.ts";

const absenceFields = {
  title: titleSchema,
  firstDay: requiredLocalDate("Indiquez le premier jour."),
  startTime: requiredLocalTime("Indiquez l'heure de début."),
  endDay: requiredLocalDate("Indiquez le dernier jour."),
  endTime: requiredLocalTime("Indiquez l'heure de fin."),
  recurrence: nullableRecurrenceSchema,
};

type AbsenceTimes = {
  firstDay: string;
  startTime: string;
  endDay: string;
  endTime: string;
  recurrence: { until?: string } | null;
};

/** Start, end and recurrence must agree with each other; reported on the field to correct. */
function checkAbsenceTimes(absence: AbsenceTimes, ctx: z.RefinementCtx): void {
  // "HH:MM" and "YYYY-MM-DD" strings sort like the times and days they stand for.
  if (absence.endDay < absence.firstDay) {
    ctx.addIssue({ code: "custom", path: ["endDay"], message: "Le dernier jour doit être le premier jour ou après." });
  } else if (absence.endDay === absence.firstDay && absence.endTime <= absence.startTime) {
    ctx.addIssue({ code: "custom", path: ["endTime"], message: "La fin doit être après le début." });
  }
  if (absence.recurrence !== null && absence.endDay !== absence.firstDay) {
    ctx.addIssue({
      code: "custom",
      path: ["recurrence"],
      message:
        "Une absence sur plusieurs jours ne peut pas se répéter : choisissez « Aucune » ou une absence sur un seul jour.",
    });
  }
  const until = absence.recurrence?.until;
  if (until !== undefined && until <= absence.firstDay) {
    ctx.addIssue({
      code: "custom",
      path: ["recurrence", "until"],
      message: "La date de fin de récurrence doit être après le premier jour.",
    });
  }
}

/** A complete absence: what is stored once an update has been merged with the current values. */
export const absenceSchema = z.object(absenceFields).superRefine(checkAbsenceTimes);
export type AbsenceValues = z.output<typeof absenceSchema>;

/** POST: a new absence; the agent defaults to the caller, the recurrence to none. */
export const createAbsenceSchema = z
  .object({
    organisationId: idSchema("Choisissez une organisation."),
    agentId: idSchema("Choisissez un agent.").optional(),
    ...absenceFields,
    recurrence: nullableRecurrenceSchema.optional().transform((recurrence) => recurrence ?? null),
  })
  .superRefine(checkAbsenceTimes);

/** PATCH: any subset of the fields; `recurrence: null` removes the recurrence; organisation and agent never change. */
export const absencePatchSchema = z
  .object({
    organisationId: idSchema("Organisation inconnue.").optional(),
    agentId: idSchema("Agent inconnu.").optional(),
  })
  .extend(z.object(absenceFields).partial().shape);

/** A new absence, parsed (form or JSON); `agentId` absent: the caller's own. */
export type NewAbsence = z.output<typeof createAbsenceSchema>;

/** A change (see `Patch`): the fields to change; organisation and agent may be echoed back, never changed. */
export type AbsencePatch = z.output<typeof absencePatchSchema>;
