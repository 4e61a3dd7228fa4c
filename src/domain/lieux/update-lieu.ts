import { requireAdmin } from "../admin/admin.policy.ts";
import { mergeInput } from "../admin/merge-input.ts";
import type { Actor } from "../auth/actor.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { recordHistory } from "../history/record-history.ts";
import { parseInput } from "../validation.ts";
import { findLieu, type LieuRow, lieuSelect } from "./lieu.queries.ts";
import { lieuSchema } from "./lieu.schemas.ts";

/** Change a lieu's name or address; `partial` (API PATCH) keeps the fields not sent. */
export async function updateLieu(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; lieuId: string; raw: unknown; partial?: boolean },
): Promise<LieuRow> {
  requireAdmin(input.actor, input.organisationId);
  return context.db.$transaction(async (tx) => {
    const before = await findLieu(tx, input.organisationId, input.lieuId);
    const values = parseInput(lieuSchema, input.partial ? mergeInput(before, input.raw) : input.raw);
    const lieu = await tx.lieu.update({ where: { id: before.id }, data: values, select: lieuSelect });
    await recordHistory(tx, {
      organisationId: input.organisationId,
      recordId: lieu.id,
      author: agentAuthor(input.actor.agentId),
      data: {
        type: "lieu",
        action: "updated",
        lieu: { from: { name: before.name, address: before.address }, to: { name: lieu.name, address: lieu.address } },
      },
    });
    return lieu;
  });
}
