// Writing history rows, in the transaction of the change they describe: who (the author columns), what (record
// type, id, action) and the structured facts (`data`, see history-data.ts). Nothing here writes French.
import type { Tx } from "../../db/client.ts";
import { fullName } from "../../vocabulary/names.ts";
import type { Author } from "../author.ts";
import type { DomainChange } from "../changes.ts";
import { type ChangeNames, historyDataOf, idsNamedBy } from "./change-history.ts";
import { historyDataSchema, type NewHistoryData } from "./history-data.ts";

/** One history row to write: the record is named by `data.type` and the action by `data.action`. */
type HistoryRow = { organisationId: string; recordId: string; author: Author; data: NewHistoryData };

/** Write history rows (who changed what, with the facts) in the transaction of the change; checked by their schema. */
export async function recordHistory(tx: Tx, ...rows: HistoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.historyEntry.createMany({
    data: rows.map((row) => {
      const data = historyDataSchema.parse(row.data);
      return {
        organisationId: row.organisationId,
        recordType: row.data.type,
        recordId: row.recordId,
        action: row.data.action,
        authorAgentId: row.author.kind === "agent" ? row.author.agentId : null,
        authorUserId: row.author.kind === "user" ? row.author.userId : null,
        data,
      };
    }),
  });
}

/** Write the history of RDV, plage and absence changes, loading the names they need once for all of them. */
export async function recordChangesHistory(tx: Tx, changes: readonly DomainChange[]): Promise<void> {
  if (changes.length === 0) return;
  const names = await loadNames(tx, changes);
  await recordHistory(
    tx,
    ...changes.map((change) => {
      const record = change.after ?? change.before;
      return {
        organisationId: record.organisationId,
        recordId: record.id,
        author: change.author,
        data: historyDataOf(change, names),
      };
    }),
  );
}

// One query per kind of record that some change names, whatever the number of changes.
async function loadNames(tx: Tx, changes: readonly DomainChange[]): Promise<ChangeNames> {
  const ids = idsNamedBy(changes);
  // One after the other: the transaction is one database session.
  const motifs = ids.motifs.length
    ? await tx.motif.findMany({ where: { id: { in: ids.motifs } }, select: { id: true, name: true } })
    : [];
  const lieux = ids.lieux.length
    ? await tx.lieu.findMany({ where: { id: { in: ids.lieux } }, select: { id: true, name: true } })
    : [];
  const person = { id: true, firstName: true, lastName: true } as const;
  const agents = ids.agents.length
    ? await tx.agent.findMany({ where: { id: { in: ids.agents } }, select: person })
    : [];
  const users = ids.users.length ? await tx.user.findMany({ where: { id: { in: ids.users } }, select: person }) : [];
  return {
    motifs: new Map(motifs.map((m) => [m.id, m.name])),
    lieux: new Map(lieux.map((l) => [l.id, l.name])),
    agents: new Map(agents.map((a) => [a.id, fullName(a)])),
    users: new Map(users.map((u) => [u.id, fullName(u)])),
  };
}
