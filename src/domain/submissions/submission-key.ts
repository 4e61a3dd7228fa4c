// One-time keys of create forms. A form carries a random key; the action that creates the record claims the key
// first, inside its transaction, and records the id of what it created. A double click, a reload or a second tab
// submitting the same form then waits on the key's primary key until the first submission commits, and finds its
// record instead of creating another. A submission that fails rolls its claim back, so the form can be sent again.
import { z } from "zod";
import type { Tx } from "../../db/client.ts";
import type { SubmissionRecordType } from "../../generated/prisma/enums.ts";
import { conflict } from "../errors.ts";

/** A form's key, random (a UUID), scoped to the organisation the record is created in. */
export type SubmissionKey = { organisationId: string; key: string; recordType: SubmissionRecordType };

/** The key field of a form: a UUID, or absent (API clients and old pages send none). */
export const submissionKeySchema = z.guid({ error: "Ce formulaire a expiré : rechargez la page." });

/**
 * Claim a form's key in the action's transaction: `null` when it is new (create the record, then call
 * `recordSubmission`), or the id of the record that an earlier submission of the same form created.
 */
export async function claimSubmissionKey(tx: Tx, submission: SubmissionKey): Promise<string | null> {
  const { organisationId, key, recordType } = submission;
  // ON CONFLICT DO NOTHING waits for a concurrent claim of the same key to commit or roll back, then either inserts
  // (the other one failed) or does nothing (it succeeded, and its row is visible to the next statement).
  const inserted = await tx.$executeRaw`
    INSERT INTO "FormSubmission" ("organisationId", "key", "recordType")
    VALUES (${organisationId}, ${key}, ${recordType}::"SubmissionRecordType")
    ON CONFLICT DO NOTHING`;
  if (inserted === 1) return null;
  const earlier = await tx.formSubmission.findUnique({
    where: { organisationId_key: { organisationId, key } },
    select: { recordType: true, recordId: true },
  });
  if (!earlier || earlier.recordType !== recordType || earlier.recordId === null) {
    throw conflict("Ce formulaire a déjà été envoyé : rechargez la page pour en remplir un nouveau.");
  }
  return earlier.recordId;
}

/** Record what the submission that claimed `submission` created, in the same transaction. */
export async function recordSubmission(tx: Tx, submission: SubmissionKey, recordId: string): Promise<void> {
  const { organisationId, key } = submission;
  await tx.formSubmission.update({ where: { organisationId_key: { organisationId, key } }, data: { recordId } });
}
