// Writing history rows, in the transaction of the change they describe: who (the author columns), what (record
// type, id, action) and the structured facts (`data`, see history-data.ts). Nothing here writes French.
import type { Tx } from "../../db/client.ts";
import { fullName } from "../../vocabulary/names.ts";
import type { Actor } from "../auth/actor.ts";
import { type Author, agentAuthor } from "../author.ts";
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

/** Write the history row of an admin's change to the organisation's settings: a lieu, a motif, the organisation. */
export async function recordAdminHistory(
  tx: Tx,
  { actor, organisationId }: { actor: Actor; organisationId: string },
  recordId: string,
  data: NewHistoryData,
): Promise<void> {
  await recordHistory(tx, { organisationId, recordId, author: agentAuthor(actor.agentId), data });
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

// One query for every name the changes need, whatever their number and kind: it runs inside the action's transaction.
async function loadNames(tx: Tx, changes: readonly DomainChange[]): Promise<ChangeNames> {
  const ids = idsNamedBy(changes);
  const byKind = {
    motif: new Map<string, string>(),
    lieu: new Map<string, string>(),
    agent: new Map<string, string>(),
    user: new Map<string, string>(),
  };
  const names: ChangeNames = { motifs: byKind.motif, lieux: byKind.lieu, agents: byKind.agent, users: byKind.user };
  if (Object.values(ids).every((list) => list.length === 0)) return names;
  const rows = await tx.$queryRaw<NameRow[]>`
    SELECT 'motif' AS "kind", "id", "name", NULL AS "firstName", NULL AS "lastName"
      FROM "Motif" WHERE "id" = ANY(${ids.motifs}::text[])
    UNION ALL SELECT 'lieu', "id", "name", NULL, NULL FROM "Lieu" WHERE "id" = ANY(${ids.lieux}::text[])
    UNION ALL SELECT 'agent', "id", NULL, "firstName", "lastName" FROM "Agent" WHERE "id" = ANY(${ids.agents}::text[])
    UNION ALL SELECT 'user', "id", NULL, "firstName", "lastName" FROM "User" WHERE "id" = ANY(${ids.users}::text[])`;
  for (const row of rows) {
    const name = row.name ?? fullName({ firstName: row.firstName ?? "", lastName: row.lastName ?? "" });
    byKind[row.kind].set(row.id, name);
  }
  return names;
}

type NameRow = {
  kind: "motif" | "lieu" | "agent" | "user";
  id: string;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
};
