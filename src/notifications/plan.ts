// A change → the emails it causes, queued in the change's transaction. (issue 4 fills this in)
import type { Tx } from "../db/client.ts";
import type { DomainChange } from "../domain/changes.ts";
import type { DomainContext } from "../domain/context.ts";

/** Queue, in `tx`, every email that `change` causes under the agents' preferences. */
export async function planNotifications(_tx: Tx, _context: DomainContext, _change: DomainChange): Promise<void> {}
