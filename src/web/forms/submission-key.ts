// The one-time key of a create form (src/domain/submissions/submission-key.ts): a new random key on each new page,
// the same key on every page the form comes back as (a refused field, a search), read back from the posted body.
import { randomUUID } from "node:crypto";
import { invalid } from "../../domain/errors.ts";
import { submissionKeySchema } from "../../domain/submissions/submission-key.ts";
import { formBody, formString } from "./fields.ts";

/** The posted form's key, or undefined without one (older pages); a key that is not one of ours is a 422. */
export function parseSubmissionKey(raw: unknown): string | undefined {
  const key = formString(formBody(raw).submissionKey);
  const parsed = submissionKeySchema.optional().safeParse(key || undefined);
  if (!parsed.success) throw invalid({}, "Ce formulaire a expiré : rechargez la page puis envoyez-le à nouveau.");
  return parsed.data;
}

/** The key a (re-)rendered create form carries: the one it was posted with, or a new one. */
export function formSubmissionKey(raw: unknown): string {
  const posted = formString(formBody(raw).submissionKey);
  return submissionKeySchema.safeParse(posted).success ? posted : randomUUID();
}
