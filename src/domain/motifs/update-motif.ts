import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import type { DomainContext } from "../context.ts";
import { recordAdminHistory } from "../history/record-history.ts";
import { applyPatch, type Patch, type Updated, type ValuesChange } from "../patch.ts";
import { findMotif, type MotifRow, motifSelect } from "./motif.queries.ts";
import type { MotifFields } from "./motif.schemas.ts";

const ASPECTS: [keyof MotifFields, string][] = [
  ["name", "nom"],
  ["defaultDurationInMin", "durée"],
  ["locationType", "type de lieu"],
  ["color", "couleur"],
  ["bookableOnline", "réservable en ligne"],
];

/**
 * Change a motif (see `Patch`); existing RDVs keep their own duration. `change` is null when nothing changed, and
 * nothing is written.
 */
export async function updateMotif(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; motifId: string; patch: Patch<MotifFields> },
): Promise<Updated<MotifRow, ValuesChange<MotifRow>>> {
  requireAdmin(input.actor, input.organisationId);
  return context.db.$transaction(async (tx) => {
    const before = await findMotif(tx, input.organisationId, input.motifId);
    const { name, defaultDurationInMin, locationType, color, bookableOnline } = before;
    const values = applyPatch({ name, defaultDurationInMin, locationType, color, bookableOnline }, input.patch);
    const changed = ASPECTS.filter(([key]) => before[key] !== values[key]).map(([, label]) => label);
    if (changed.length === 0) return { record: before, change: null };
    const motif = await tx.motif.update({ where: { id: before.id }, data: values, select: motifSelect });
    await recordAdminHistory(tx, input, motif.id, {
      type: "motif",
      action: "updated",
      motif: { name: motif.name },
      changed,
    });
    return { record: motif, change: { before, after: motif } };
  });
}
