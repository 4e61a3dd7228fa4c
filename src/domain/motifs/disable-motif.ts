import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import type { DomainContext } from "../context.ts";
import { recordAdminHistory } from "../history/record-history.ts";
import { findMotif, type MotifRow, motifSelect } from "./motif.queries.ts";

/** Disable a motif (or enable it again): its RDVs keep it, new RDVs and plages can no longer choose it. */
export async function setMotifDisabled(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; motifId: string; disabled: boolean; now?: Date },
): Promise<MotifRow> {
  requireAdmin(input.actor, input.organisationId);
  return context.db.$transaction(async (tx) => {
    const before = await findMotif(tx, input.organisationId, input.motifId);
    if ((before.disabledAt !== null) === input.disabled) return before;
    const motif = await tx.motif.update({
      where: { id: before.id },
      data: { disabledAt: input.disabled ? (input.now ?? new Date()) : null },
      select: motifSelect,
    });
    await recordAdminHistory(tx, input, motif.id, {
      type: "motif",
      action: input.disabled ? "disabled" : "enabled",
      motif: { name: motif.name },
    });
    return motif;
  });
}
