import type { Db, Tx } from "../../db/client.ts";
import { requireAdmin } from "../admin/admin.policy.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import { notFound } from "../errors.ts";

const LIEU_NOT_FOUND = "Ce lieu n'existe pas ou vous n'y avez pas accès.";

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

/** A lieu as the admin list shows it: `inUse` when an RDV or a plage uses it, so it can only be disabled. */
export type LieuWithUse = LieuRow & { inUse: boolean };

/** The lieux of an organisation for its admins, each saying whether it is in use (hence deletable or not). */
export async function listLieuxWithUse(
  db: Db,
  input: { actor: Actor; organisationId: string },
): Promise<LieuWithUse[]> {
  requireAdmin(input.actor, input.organisationId);
  const lieux = await db.lieu.findMany({
    where: { organisationId: input.organisationId },
    select: { ...lieuSelect, _count: { select: { rdvs: true, plages: true } } },
    orderBy: [{ disabledAt: { sort: "desc", nulls: "first" } }, { name: "asc" }],
  });
  return lieux.map(({ _count, ...lieu }) => ({ ...lieu, inUse: _count.rdvs + _count.plages > 0 }));
}

/** One lieu of the organisation, for its admins, and whether it is in use. */
export async function getLieuWithUse(
  db: Db,
  input: { actor: Actor; organisationId: string; lieuId: string },
): Promise<LieuWithUse> {
  requireAdmin(input.actor, input.organisationId);
  const lieu = await db.lieu.findFirst({
    where: { id: input.lieuId, organisationId: input.organisationId },
    select: { ...lieuSelect, _count: { select: { rdvs: true, plages: true } } },
  });
  if (!lieu) throw notFound(LIEU_NOT_FOUND);
  const { _count, ...row } = lieu;
  return { ...row, inUse: _count.rdvs + _count.plages > 0 };
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
  if (!lieu) throw notFound(LIEU_NOT_FOUND);
  return lieu;
}
