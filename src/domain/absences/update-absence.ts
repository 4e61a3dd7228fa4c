import { type UpdateAgentRecordCommand, updateAgentRecord } from "../agent-records/agent-record.ts";
import type { AbsenceChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import type { Updated } from "../patch.ts";
import type { AbsenceValues } from "./absence.schemas.ts";
import { absenceRecord } from "./absence-record.ts";
import type { Absence } from "./absence-snapshot.ts";

export type UpdateAbsenceCommand = UpdateAgentRecordCommand<AbsenceValues>;

/**
 * Change an absence. Everything an absence holds shows in a calendar, so any change makes its ICS sequence grow;
 * `change` is null when nothing changed, and then nothing is written.
 */
export function updateAbsence(
  context: DomainContext,
  command: UpdateAbsenceCommand,
): Promise<Updated<Absence, AbsenceChange>> {
  return updateAgentRecord(absenceRecord, context, command);
}
