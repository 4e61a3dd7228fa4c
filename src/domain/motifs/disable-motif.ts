import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { recordHistory } from "../history/record-history.ts";
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
    await recordHistory(tx, {
      organisationId: input.organisationId,
      recordId: motif.id,
      author: agentAuthor(input.actor.agentId),
      data: { type: "motif", action: input.disabled ? "disabled" : "enabled", motif: { name: motif.name } },
    });
    return motif;
  });
}
