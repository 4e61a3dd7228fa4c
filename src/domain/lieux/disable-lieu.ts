import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import type { DomainContext } from "../context.ts";
import { recordAdminHistory } from "../history/record-history.ts";
import { findLieu, type LieuRow, lieuSelect } from "./lieu.queries.ts";

/**
 * Disable a lieu (or enable it again with `disabled: false`): it stays on its RDVs and plages but is no longer
 * offered for new ones. This is how a lieu used by RDVs goes away.
 */
export async function setLieuDisabled(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; lieuId: string; disabled: boolean; now?: Date },
): Promise<LieuRow> {
  requireAdmin(input.actor, input.organisationId);
  return context.db.$transaction(async (tx) => {
    const before = await findLieu(tx, input.organisationId, input.lieuId);
    if ((before.disabledAt !== null) === input.disabled) return before;
    const lieu = await tx.lieu.update({
      where: { id: before.id },
      data: { disabledAt: input.disabled ? (input.now ?? new Date()) : null },
      select: lieuSelect,
    });
    await recordAdminHistory(tx, input, lieu.id, {
      type: "lieu",
      action: input.disabled ? "disabled" : "enabled",
      lieu: { name: lieu.name, address: lieu.address },
    });
    return lieu;
  });
}
