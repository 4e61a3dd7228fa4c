import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { recordHistory } from "../history/record-history.ts";
import { parseInput } from "../validation.ts";
import { type MotifRow, motifSelect } from "./motif.queries.ts";
import { motifSchema } from "./motif.schemas.ts";

/** Create a motif in the organisation. */
export async function createMotif(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; raw: unknown },
): Promise<MotifRow> {
  requireAdmin(input.actor, input.organisationId);
  const values = parseInput(motifSchema, input.raw);
  return context.db.$transaction(async (tx) => {
    const motif = await tx.motif.create({
      data: { ...values, organisationId: input.organisationId },
      select: motifSelect,
    });
    await recordHistory(tx, {
      organisationId: input.organisationId,
      recordId: motif.id,
      author: agentAuthor(input.actor.agentId),
      data: {
        type: "motif",
        action: "created",
        motif: { name: motif.name, defaultDurationInMin: motif.defaultDurationInMin },
      },
    });
    return motif;
  });
}
