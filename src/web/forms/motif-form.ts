// The motif form (views/admin/motifs/form.ejs) → a motif's fields: the duration is typed as text, and « réservable en
// ligne » is a checkbox, absent when unticked.
import { z } from "zod";
import { type MotifFields, motifSchema } from "../../domain/motifs/motif.schemas.ts";
import { parseInput } from "../../domain/validation.ts";
import { formBody, formCheckbox, formWholeNumber } from "./fields.ts";

const formSchema = motifSchema.extend({
  defaultDurationInMin: formWholeNumber("La durée doit être un nombre entier de minutes, entre 5 et 480.").pipe(
    motifSchema.shape.defaultDurationInMin,
  ),
  bookableOnline: z.preprocess(formCheckbox, z.boolean()),
});

/** The form's values as shown again after a refusal: the checkbox as a boolean. */
export function motifFormValues(body: unknown): Record<string, unknown> {
  const fields = formBody(body);
  return { ...fields, bookableOnline: formCheckbox(fields.bookableOnline) };
}

/** Every field of a motif from its form (an unticked box is false); a 422 names each bad field. */
export function parseMotifForm(body: unknown): MotifFields {
  return parseInput(formSchema, formBody(body));
}
