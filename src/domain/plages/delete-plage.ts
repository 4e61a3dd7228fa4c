import { type DeleteAgentRecordCommand, deleteAgentRecord } from "../agent-records/agent-record.ts";
import type { PlageChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { plageRecord } from "./plage-record.ts";
import type { Plage } from "./plage-snapshot.ts";

/** Delete a plage d'ouverture; returns it as it was, and the change (see `deleteAgentRecord`). */
export function deletePlage(
  context: DomainContext,
  command: DeleteAgentRecordCommand,
): Promise<{ record: Plage; change: PlageChange }> {
  return deleteAgentRecord(plageRecord, context, command);
}
