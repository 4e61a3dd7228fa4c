// The last step of every write of an RDV, a plage or an absence, inside its transaction: history and emails, in two
// statements whatever the number of changes — one read of the facts both need, one insert of both kinds of rows.
import type { Tx } from "../db/client.ts";
import { messageDomainOf, outboxRowOf } from "../notifications/outbox.ts";
import { planEmails } from "../notifications/plan.ts";
import { factIdsOf, loadChangeFacts } from "./change-facts.ts";
import type { DomainChange } from "./changes.ts";
import type { DomainContext } from "./context.ts";
import { changeHistoryRows, historyEntryOf } from "./history/record-history.ts";

/** Write the history row (structured facts, see history/history-data.ts) and queue the emails of `change`, in `tx`. */
export async function recordChange(tx: Tx, context: DomainContext, change: DomainChange): Promise<void> {
  await recordChanges(tx, context, [change]);
}

/** The same for several changes of one action (an agent's removal): history rows, then every email in one pass. */
export async function recordChanges(tx: Tx, context: DomainContext, changes: readonly DomainChange[]): Promise<void> {
  if (changes.length === 0) return;
  const facts = await loadChangeFacts(tx, factIdsOf(changes));
  const at = new Date();
  const history = changeHistoryRows(changes, facts).map((row) => ({ ...historyEntryOf(row), createdAt: at }));
  const messageDomain = messageDomainOf(context.config.MAIL_FROM);
  const outbox = planEmails(context, changes, facts).map((email) => outboxRowOf(email, messageDomain));
  await tx.$executeRaw`
    WITH "history" AS (
      INSERT INTO "HistoryEntry"
             ("id", "organisationId", "recordType", "recordId", "action", "authorAgentId", "authorUserId", "data", "createdAt")
      SELECT gen_random_uuid()::text, h."organisationId", h."recordType"::"RecordType", h."recordId", h."action",
             h."authorAgentId", h."authorUserId", h."data", h."createdAt"
        FROM jsonb_to_recordset(${JSON.stringify(history)}::jsonb) AS h("organisationId" text, "recordType" text,
             "recordId" text, "action" text, "authorAgentId" text, "authorUserId" text, "data" jsonb, "createdAt" timestamptz)
    )
    INSERT INTO "OutboxMessage" ("id", "organisationId", "kind", "toEmail", "fromName", "payload", "messageId", "nextAttemptAt", "createdAt")
    SELECT gen_random_uuid()::text, o."organisationId", o."kind", o."toEmail", o."fromName", o."payload", o."messageId",
           ${at}, ${at}
      FROM jsonb_to_recordset(${JSON.stringify(outbox)}::jsonb) AS o("organisationId" text, "kind" text, "toEmail" text,
           "fromName" text, "payload" jsonb, "messageId" text)`;
}
