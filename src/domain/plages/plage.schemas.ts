// What a plage d'ouverture is made of, as forms and the API send it: one set of zod schemas for both.
import { z } from "zod";
import {
  agentRecordFields,
  checkRecurrenceEnd,
  echoedOwnerFields,
  newRecordFields,
} from "../agent-records/agent-record.schemas.ts";
import { idSchema } from "../validation.ts";

const MOTIFS_REQUIRED = "Choisissez au moins un motif.";

const plageFields = {
  ...agentRecordFields,
  lieuId: idSchema("Choisissez un lieu."),
  motifIds: z
    .array(idSchema("Ce motif n'existe pas."), { error: MOTIFS_REQUIRED })
    .min(1, MOTIFS_REQUIRED)
    .max(50, "Choisissez au plus 50 motifs.")
    .transform((ids) => [...new Set(ids)]),
};

/** Times and recurrence end that must agree with each other; reported on the field to correct. */
function checkPlageTimes(
  plage: { firstDay: string; startTime: string; endTime: string; recurrence: { until?: string } | null },
  ctx: z.RefinementCtx,
): void {
  // "HH:MM" and "YYYY-MM-DD" strings sort like the times and days they stand for.
  if (plage.endTime <= plage.startTime) {
    ctx.addIssue({ code: "custom", path: ["endTime"], message: "L'heure de fin doit être après l'heure de début." });
  }
  checkRecurrenceEnd(plage, ctx);
}

/** A complete plage: what is stored once an update has been merged with the current values. */
export const plageSchema = z.object(plageFields).superRefine(checkPlageTimes);
export type PlageValues = z.output<typeof plageSchema>;

/** POST: a new plage; the agent defaults to the caller, the recurrence to none. */
export const createPlageSchema = z.object({ ...plageFields, ...newRecordFields }).superRefine(checkPlageTimes);

/**
 * PATCH: any subset of the fields; `recurrence: null` removes the recurrence. The organisation and the agent may be
 * sent back as they are (clients echo what they read) but never changed.
 */
export const plagePatchSchema = z.object({ ...echoedOwnerFields, ...z.object(plageFields).partial().shape });

/** A new plage, parsed (form or JSON); `agentId` absent: the caller's own. */
export type NewPlage = z.output<typeof createPlageSchema>;
