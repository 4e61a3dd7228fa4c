import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import type { DomainContext } from "../context.ts";
import { recordAdminHistory } from "../history/record-history.ts";
import { type LieuRow, lieuSelect } from "./lieu.queries.ts";
import type { LieuFields } from "./lieu.schemas.ts";

/** Create a lieu in the organisation. */
export async function createLieu(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; lieu: LieuFields },
): Promise<LieuRow> {
  requireAdmin(input.actor, input.organisationId);
  const values = input.lieu;
  return context.db.$transaction(async (tx) => {
    const lieu = await tx.lieu.create({
      data: { ...values, organisationId: input.organisationId },
      select: lieuSelect,
    });
    await recordAdminHistory(tx, input, lieu.id, {
      type: "lieu",
      action: "created",
      lieu: { name: lieu.name, address: lieu.address },
    });
    return lieu;
  });
}
