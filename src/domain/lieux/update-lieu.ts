import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import type { DomainContext } from "../context.ts";
import { recordAdminHistory } from "../history/record-history.ts";
import { applyPatch, changedKeys, type Patch, type Updated, type ValuesChange } from "../patch.ts";
import { findLieu, type LieuRow, lieuSelect } from "./lieu.queries.ts";
import type { LieuFields } from "./lieu.schemas.ts";

/** Change a lieu's name or address (see `Patch`); `change` is null when nothing changed, and nothing is written. */
export async function updateLieu(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; lieuId: string; patch: Patch<LieuFields> },
): Promise<Updated<LieuRow, ValuesChange<LieuRow>>> {
  requireAdmin(input.actor, input.organisationId);
  return context.db.$transaction(async (tx) => {
    const before = await findLieu(tx, input.organisationId, input.lieuId);
    const values = applyPatch({ name: before.name, address: before.address }, input.patch);
    if (changedKeys(before, values, ["name", "address"]).length === 0) return { record: before, change: null };
    const lieu = await tx.lieu.update({ where: { id: before.id }, data: values, select: lieuSelect });
    await recordAdminHistory(tx, input, lieu.id, {
      type: "lieu",
      action: "updated",
      lieu: { from: { name: before.name, address: before.address }, to: { name: lieu.name, address: lieu.address } },
    });
    return { record: lieu, change: { before, after: lieu } };
  });
}
