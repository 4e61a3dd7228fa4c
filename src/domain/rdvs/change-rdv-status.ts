// Setting what became of an RDV: seen, no-show, cancelled by the usager (excused) or by the service (revoked), or
// back to unknown.

import type { RdvStatus } from "../../generated/prisma/enums.ts";
import { isCancelledStatus } from "../../vocabulary/rdv-statuses.ts";
import type { Actor } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { RdvChange, RdvSnapshot } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import type { Updated } from "../patch.ts";
import { recordChange } from "../record-change.ts";
import { canChangeRdvStatus, ensureAllowed } from "./rdv.policy.ts";
import { lockRdv, rdvSnapshotSelect, toRdvSnapshot } from "./rdv-snapshot.ts";

export type ChangeRdvStatusCommand = {
  actor: Actor;
  author: Author;
  rdvId: string;
  status: RdvStatus;
  now?: Date;
};

/**
 * In one transaction: read and lock the RDV, authorise, set the status, bump the sequence when the RDV enters or
 * leaves the cancelled statuses (calendars add or remove it), and record the change. Setting the current status
 * writes nothing: `change` is null.
 */
export async function changeRdvStatus(
  context: DomainContext,
  command: ChangeRdvStatusCommand,
): Promise<Updated<RdvSnapshot, RdvChange>> {
  const { actor, author, status } = command;
  const at = command.now ?? new Date();

  return context.db.$transaction(async (tx) => {
    const { rdv: before } = await lockRdv(tx, actor, command.rdvId);
    ensureAllowed(canChangeRdvStatus(actor, before));
    if (before.status === status) return { record: before, change: null };
    const row = await tx.rdv.update({
      where: { id: before.id },
      data: {
        status,
        ...(isCancelledStatus(before.status) !== isCancelledStatus(status) ? { sequence: { increment: 1 } } : {}),
      },
      select: rdvSnapshotSelect,
    });
    const change: RdvChange = { kind: "rdv", action: "updated", author, at, before, after: toRdvSnapshot(row) };
    await recordChange(tx, context, change);
    return { record: change.after, change };
  });
}
