// Writing history rows, in the transaction of the change they describe: who (the author columns), what (record
// type, id, action) and the structured facts (`data`, see history-data.ts). Nothing here writes French.
import type { Tx } from "../../db/client.ts";
import { fullName } from "../../vocabulary/names.ts";
import type { Actor } from "../auth/actor.ts";
import { type Author, agentAuthor } from "../author.ts";
import type { ChangeFacts } from "../change-facts.ts";
import type { DomainChange } from "../changes.ts";
import { type ChangeNames, historyDataOf } from "./change-history.ts";
import { historyDataSchema, type NewHistoryData } from "./history-data.ts";

/** One history row to write: the record is named by `data.type` and the action by `data.action`. */
export type HistoryRow = { organisationId: string; recordId: string; author: Author; data: NewHistoryData };

/** Write history rows (who changed what, with the facts) in the transaction of the change; checked by their schema. */
export async function recordHistory(tx: Tx, ...rows: HistoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.historyEntry.createMany({ data: rows.map(historyEntryOf) });
}

/** The columns of a history row, its facts checked by their schema. */
export function historyEntryOf(row: HistoryRow) {
  return {
    organisationId: row.organisationId,
    recordType: row.data.type,
    recordId: row.recordId,
    action: row.data.action,
    authorAgentId: row.author.kind === "agent" ? row.author.agentId : null,
    authorUserId: row.author.kind === "user" ? row.author.userId : null,
    data: historyDataSchema.parse(row.data),
  };
}

/** Write the history row of an admin's change to the organisation's settings: a lieu, a motif, the organisation. */
export async function recordAdminHistory(
  tx: Tx,
  { actor, organisationId }: { actor: Actor; organisationId: string },
  recordId: string,
  data: NewHistoryData,
): Promise<void> {
  await recordHistory(tx, { organisationId, recordId, author: agentAuthor(actor.agentId), data });
}

/** The history rows of RDV, plage and absence changes, with the names of `facts` (loaded once for all of them). */
export function changeHistoryRows(changes: readonly DomainChange[], facts: ChangeFacts): HistoryRow[] {
  const names = changeNamesOf(facts);
  return changes.map((change) => {
    const record = change.after ?? change.before;
    return {
      organisationId: record.organisationId,
      recordId: record.id,
      author: change.author,
      data: historyDataOf(change, names),
    };
  });
}

function changeNamesOf(facts: ChangeFacts): ChangeNames {
  const names = <T>(map: ReadonlyMap<string, T>, name: (value: T) => string) =>
    new Map([...map].map(([id, value]) => [id, name(value)]));
  return {
    motifs: names(facts.motifs, (motif) => motif.name),
    lieux: names(facts.lieux, (lieu) => lieu.name),
    agents: names(facts.agents, fullName),
    users: names(facts.users, fullName),
  };
}
