import { type UpdateAgentRecordCommand, updateAgentRecord } from "../agent-records/agent-record.ts";
import type { PlageChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import type { Updated } from "../patch.ts";
import type { PlageValues } from "./plage.schemas.ts";
import { plageRecord } from "./plage-record.ts";
import type { Plage } from "./plage-snapshot.ts";

export type UpdatePlageCommand = UpdateAgentRecordCommand<PlageValues>;

/**
 * Change a plage d'ouverture. Its ICS sequence grows when a calendar would show the change (anything but the motifs);
 * `change` is null when nothing changed, and then nothing is written.
 */
export function updatePlage(context: DomainContext, command: UpdatePlageCommand): Promise<Updated<Plage, PlageChange>> {
  return updateAgentRecord(plageRecord, context, command);
}
