import type { Tx } from "../../db/client.ts";
import type { RecordType } from "../../generated/prisma/enums.ts";
import type { Author } from "../author.ts";

/** Write one history row (who changed what, when) in the transaction of the change. */
export async function recordHistory(
  tx: Tx,
  entry: {
    organisationId: string;
    recordType: RecordType;
    recordId: string;
    action: string;
    author: Author;
    summary: string;
  },
): Promise<void> {
  await tx.historyEntry.create({
    data: {
      organisationId: entry.organisationId,
      recordType: entry.recordType,
      recordId: entry.recordId,
      action: entry.action,
      authorAgentId: entry.author.kind === "agent" ? entry.author.agentId : null,
      authorUserId: entry.author.kind === "user" ? entry.author.userId : null,
      summary: entry.summary,
    },
  });
}
