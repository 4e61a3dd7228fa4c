import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import type { DomainContext } from "../context.ts";
import { conflict } from "../errors.ts";
import { recordAdminHistory } from "../history/record-history.ts";
import { findLieu } from "./lieu.queries.ts";

export const LIEU_IN_USE_MESSAGE =
  "Ce lieu est utilisé par des RDV ou des plages d'ouverture : il ne peut pas être supprimé, désactivez-le.";

/** Delete a lieu that no RDV and no plage uses (a typo, say); a lieu in use can only be disabled. */
export async function deleteLieu(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; lieuId: string },
): Promise<void> {
  requireAdmin(input.actor, input.organisationId);
  await context.db.$transaction(async (tx) => {
    // Lock the lieu so that no RDV or plage can be attached to it while we decide.
    await tx.$queryRaw`SELECT "id" FROM "Lieu" WHERE "id" = ${input.lieuId} FOR UPDATE`;
    const lieu = await findLieu(tx, input.organisationId, input.lieuId);
    const rdvs = await tx.rdv.count({ where: { lieuId: lieu.id } });
    const plages = await tx.plageOuverture.count({ where: { lieuId: lieu.id } });
    if (rdvs + plages > 0) throw conflict(LIEU_IN_USE_MESSAGE);
    await tx.lieu.delete({ where: { id: lieu.id } });
    await recordAdminHistory(tx, input, lieu.id, {
      type: "lieu",
      action: "deleted",
      lieu: { name: lieu.name, address: lieu.address },
    });
  });
}
