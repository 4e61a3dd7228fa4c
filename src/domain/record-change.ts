// The last step of every write of an RDV, a plage or an absence, inside its transaction: history and emails.
import type { Tx } from "../db/client.ts";
import { planNotifications } from "../notifications/plan.ts";
import type { DomainChange } from "./changes.ts";
import type { DomainContext } from "./context.ts";
import { recordHistory } from "./history/record-history.ts";

/** Write the history row (with `summary`, in French) and queue the emails of `change`, in `tx`. */
export async function recordChange(
  tx: Tx,
  context: DomainContext,
  change: DomainChange,
  summary: string,
): Promise<void> {
  const record = change.after ?? change.before;
  await recordHistory(tx, {
    organisationId: record.organisationId,
    recordType: change.kind,
    recordId: record.id,
    action: change.action,
    author: change.author,
    summary,
  });
  await planNotifications(tx, context, change);
}
