// The fields plages d'ouverture and absences share, as forms and the API send them, and the rule they share.
import type { z } from "zod";
import { nullableRecurrenceSchema, requiredLocalDate, requiredLocalTime } from "../recurrence/recurrence.schemas.ts";
import { idSchema, titleSchema } from "../validation.ts";

/** A title, a first day, start and end times, and a recurrence (null: once). */
export const agentRecordFields = {
  title: titleSchema,
  firstDay: requiredLocalDate("Indiquez le premier jour."),
  startTime: requiredLocalTime("Indiquez l'heure de début."),
  endTime: requiredLocalTime("Indiquez l'heure de fin."),
  recurrence: nullableRecurrenceSchema,
};

/** A new record names its organisation, and may name its agent (the caller by default) and omit its recurrence. */
export const newRecordFields = {
  organisationId: idSchema("Choisissez une organisation."),
  agentId: idSchema("Choisissez un agent.").optional(),
  recurrence: nullableRecurrenceSchema.optional().transform((recurrence) => recurrence ?? null),
};

/** A change may echo the organisation and the agent back (clients send what they read); they never change. */
export const echoedOwnerFields = {
  organisationId: idSchema("Organisation inconnue.").optional(),
  agentId: idSchema("Agent inconnu.").optional(),
};

/** A recurrence ends after the first day; reported on the field to correct. */
export function checkRecurrenceEnd(
  record: { firstDay: string; recurrence: { until?: string } | null },
  ctx: z.RefinementCtx,
): void {
  const until = record.recurrence?.until;
  // "YYYY-MM-DD" strings sort like the days they stand for.
  if (until !== undefined && until <= record.firstDay) {
    ctx.addIssue({
      code: "custom",
      path: ["recurrence", "until"],
      message: "La date de fin de récurrence doit être après le premier jour.",
    });
  }
}
