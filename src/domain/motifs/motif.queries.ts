import type { Db, Tx } from "../../db/client.ts";
import type { LocationType } from "../../generated/prisma/enums.ts";
import { requireAdmin } from "../admin/admin.policy.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import { notFound } from "../errors.ts";

export const motifSelect = {
  id: true,
  name: true,
  defaultDurationInMin: true,
  locationType: true,
  color: true,
  bookableOnline: true,
  disabledAt: true,
} as const;

export type MotifRow = {
  id: string;
  name: string;
  defaultDurationInMin: number;
  locationType: LocationType;
  color: string;
  bookableOnline: boolean;
  disabledAt: Date | null;
};

/** The motifs of an organisation (disabled ones last); any member may read them. */
export function listMotifs(db: Db, input: { actor: Actor; organisationId: string }): Promise<MotifRow[]> {
  requireMembership(input.actor, input.organisationId);
  return db.motif.findMany({
    where: { organisationId: input.organisationId },
    select: motifSelect,
    orderBy: [{ disabledAt: { sort: "desc", nulls: "first" } }, { name: "asc" }],
  });
}

/** One motif of the organisation, for its admins; another organisation's id finds nothing. */
export async function getMotif(
  db: Db,
  input: { actor: Actor; organisationId: string; motifId: string },
): Promise<MotifRow> {
  requireAdmin(input.actor, input.organisationId);
  return findMotif(db, input.organisationId, input.motifId);
}

/** A motif of the organisation, or a 404. */
export async function findMotif(db: Db | Tx, organisationId: string, motifId: string): Promise<MotifRow> {
  const motif = await db.motif.findFirst({ where: { id: motifId, organisationId }, select: motifSelect });
  if (!motif) throw notFound("Ce motif n'existe pas ou vous n'y avez pas accès.");
  return motif;
}
