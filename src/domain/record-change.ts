// The last step of every write of an RDV, a plage or an absence, inside its transaction: history and emails.
import type { Tx } from "../db/client.ts";
import { planNotifications } from "../notifications/plan.ts";
import type { DomainChange } from "./changes.ts";
import type { DomainContext } from "./context.ts";
import { recordChangesHistory } from "./history/record-history.ts";

/** Write the history row (structured facts, see history/history-data.ts) and queue the emails of `change`, in `tx`. */
export async function recordChange(tx: Tx, context: DomainContext, change: DomainChange): Promise<void> {
  await recordChanges(tx, context, [change]);
}

/** The same for several changes of one action (an agent's removal): history rows, then every email in one pass. */
export async function recordChanges(tx: Tx, context: DomainContext, changes: readonly DomainChange[]): Promise<void> {
  if (changes.length === 0) return;
  await recordChangesHistory(tx, changes);
  await planNotifications(tx, context, changes);
}
