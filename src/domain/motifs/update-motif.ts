import { requireAdmin } from "../admin/admin.policy.ts";
import { mergeInput } from "../admin/merge-input.ts";
import type { Actor } from "../auth/actor.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { recordHistory } from "../history/record-history.ts";
import { parseInput } from "../validation.ts";
import { findMotif, type MotifRow, motifSelect } from "./motif.queries.ts";
import { motifSchema } from "./motif.schemas.ts";

const ASPECTS: [keyof MotifRow, string][] = [
  ["name", "nom"],
  ["defaultDurationInMin", "durée"],
  ["locationType", "type de lieu"],
  ["color", "couleur"],
  ["bookableOnline", "réservable en ligne"],
];

/** Change a motif; `partial` (API PATCH) keeps the fields not sent. Existing RDVs keep their own duration. */
export async function updateMotif(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; motifId: string; raw: unknown; partial?: boolean },
): Promise<MotifRow> {
  requireAdmin(input.actor, input.organisationId);
  return context.db.$transaction(async (tx) => {
    const before = await findMotif(tx, input.organisationId, input.motifId);
    const values = parseInput(motifSchema, input.partial ? mergeInput(before, input.raw) : input.raw);
    const motif = await tx.motif.update({ where: { id: before.id }, data: values, select: motifSelect });
    const changed = ASPECTS.filter(([key]) => before[key] !== motif[key]).map(([, label]) => label);
    await recordHistory(tx, {
      organisationId: input.organisationId,
      recordId: motif.id,
      author: agentAuthor(input.actor.agentId),
      data: { type: "motif", action: "updated", motif: { name: motif.name }, changed },
    });
    return motif;
  });
}
