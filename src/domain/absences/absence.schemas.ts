// What an absence is made of, as forms and the API send it: one set of zod schemas for both.
import { z } from "zod";
import {
  agentRecordFields,
  checkRecurrenceEnd,
  echoedOwnerFields,
  newRecordFields,
} from "../agent-records/agent-record.schemas.ts";
import { requiredLocalDate } from "../recurrence/recurrence.schemas.ts";

const absenceFields = { ...agentRecordFields, endDay: requiredLocalDate("Indiquez le dernier jour.") };

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
  checkRecurrenceEnd(absence, ctx);
}

/** A complete absence: what is stored once an update has been merged with the current values. */
export const absenceSchema = z.object(absenceFields).superRefine(checkAbsenceTimes);
export type AbsenceValues = z.output<typeof absenceSchema>;

/** POST: a new absence; the agent defaults to the caller, the recurrence to none. */
export const createAbsenceSchema = z.object({ ...absenceFields, ...newRecordFields }).superRefine(checkAbsenceTimes);

/** PATCH: any subset of the fields; `recurrence: null` removes the recurrence; organisation and agent never change. */
export const absencePatchSchema = z.object({ ...echoedOwnerFields, ...z.object(absenceFields).partial().shape });

/** A new absence, parsed (form or JSON); `agentId` absent: the caller's own. */
export type NewAbsence = z.output<typeof createAbsenceSchema>;
