import type { Db, Tx } from "../../db/client.ts";
import { requireAdmin } from "../admin/admin.policy.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import { notFound } from "../errors.ts";

export const lieuSelect = { id: true, name: true, address: true, disabledAt: true } as const;
export type LieuRow = { id: string; name: string; address: string; disabledAt: Date | null };

/** The lieux of an organisation (disabled ones last); any member may read them. */
export function listLieux(db: Db, input: { actor: Actor; organisationId: string }): Promise<LieuRow[]> {
  requireMembership(input.actor, input.organisationId);
  return db.lieu.findMany({
    where: { organisationId: input.organisationId },
    select: lieuSelect,
    orderBy: [{ disabledAt: { sort: "desc", nulls: "first" } }, { name: "asc" }],
  });
}

/** One lieu of the organisation, for its admins; another organisation's id finds nothing. */
export async function getLieu(
  db: Db,
  input: { actor: Actor; organisationId: string; lieuId: string },
): Promise<LieuRow> {
  requireAdmin(input.actor, input.organisationId);
  return findLieu(db, input.organisationId, input.lieuId);
}

/** A lieu of the organisation, or a 404. */
export async function findLieu(db: Db | Tx, organisationId: string, lieuId: string): Promise<LieuRow> {
  const lieu = await db.lieu.findFirst({ where: { id: lieuId, organisationId }, select: lieuSelect });
  if (!lieu) throw notFound("Ce lieu n'existe pas ou vous n'y avez pas accès.");
  return lieu;
}
