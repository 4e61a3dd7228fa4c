import { type DeleteAgentRecordCommand, deleteAgentRecord } from "../agent-records/agent-record.ts";
import type { AbsenceChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { absenceRecord } from "./absence-record.ts";
import type { Absence } from "./absence-snapshot.ts";

/** Delete an absence; returns it as it was, and the change (see `deleteAgentRecord`). */
export function deleteAbsence(
  context: DomainContext,
  command: DeleteAgentRecordCommand,
): Promise<{ record: Absence; change: AbsenceChange }> {
  return deleteAgentRecord(absenceRecord, context, command);
}
