import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import type { DomainContext } from "../context.ts";
import { recordAdminHistory } from "../history/record-history.ts";
import { type MotifRow, motifSelect } from "./motif.queries.ts";
import type { MotifFields } from "./motif.schemas.ts";

/** Create a motif in the organisation. */
export async function createMotif(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; motif: MotifFields },
): Promise<MotifRow> {
  requireAdmin(input.actor, input.organisationId);
  const values = input.motif;
  return context.db.$transaction(async (tx) => {
    const motif = await tx.motif.create({
      data: { ...values, organisationId: input.organisationId },
      select: motifSelect,
    });
    await recordAdminHistory(tx, input, motif.id, {
      type: "motif",
      action: "created",
      motif: { name: motif.name, defaultDurationInMin: motif.defaultDurationInMin },
    });
    return motif;
  });
}
