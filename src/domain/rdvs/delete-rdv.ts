// Deleting an RDV (a mistake, a duplicate); cancelling is a status, see change-rdv-status.ts.
import type { Actor } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { RdvChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { recordChange } from "../record-change.ts";
import { canDeleteRdv, ensureAllowed } from "./rdv.policy.ts";
import { lockRdv } from "./rdv-snapshot.ts";

export type DeleteRdvCommand = { actor: Actor; author: Author; rdvId: string; now?: Date };

/**
 * In one transaction: read and lock the RDV, authorise, delete it (its agents and usagers links go with it) and record
 * the change. The change's `before` is the RDV as it was: a calendar cancellation uses `before.sequence + 1`.
 */
export async function deleteRdv(context: DomainContext, command: DeleteRdvCommand): Promise<RdvChange> {
  const { actor, author } = command;
  const at = command.now ?? new Date();

  return context.db.$transaction(async (tx) => {
    const { rdv: before } = await lockRdv(tx, actor, command.rdvId);
    ensureAllowed(
      canDeleteRdv(actor, before),
      "Seuls les agents du RDV, le secrétariat et les administrateurs peuvent le supprimer.",
    );
    await tx.rdv.delete({ where: { id: before.id } });
    const change: RdvChange = { kind: "rdv", action: "deleted", author, at, before, after: null };
    await recordChange(tx, context, change);
    return change;
  });
}
