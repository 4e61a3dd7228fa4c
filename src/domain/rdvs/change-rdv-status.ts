// Setting what became of an RDV: seen, no-show, cancelled by the usager (excused) or by the service (revoked), or
// back to unknown.
import { type Actor, organisationIdsOf } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { RdvChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { recordChange } from "../record-change.ts";
import { findRdvAccess } from "./find-rdv.ts";
import { canChangeRdvStatus, ensureAllowed } from "./rdv.policy.ts";
import { parseRdvStatus } from "./rdv.schemas.ts";
import { isCancelledStatus } from "../../vocabulary/rdv-statuses.ts";
import { lockRdvSnapshot, rdvSnapshotSelect, toRdvSnapshot } from "./rdv-snapshot.ts";

export type ChangeRdvStatusCommand = {
  actor: Actor;
  author: Author;
  rdvId: string;
  /** `{status}` */
  raw: unknown;
  now?: Date;
};

/**
 * Validate, authorise, then in one transaction set the status, bump the sequence when the RDV enters or leaves the
 * cancelled statuses (calendars add or remove it), and record the change. Setting the current status writes nothing.
 */
export async function changeRdvStatus(context: DomainContext, command: ChangeRdvStatusCommand): Promise<RdvChange> {
  const { actor, author } = command;
  const access = await findRdvAccess(context.db, actor, command.rdvId);
  ensureAllowed(canChangeRdvStatus(actor, access));
  const status = parseRdvStatus(command.raw);
  const at = command.now ?? new Date();

  return context.db.$transaction(async (tx) => {
    const before = await lockRdvSnapshot(tx, access.id, organisationIdsOf(actor));
    if (!before) throw notFound("Ce RDV n'existe plus.");
    ensureAllowed(canChangeRdvStatus(actor, before));
    if (before.status === status) {
      return { kind: "rdv", action: "updated", author, at, before, after: before } satisfies RdvChange;
    }
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
    return change;
  });
}
