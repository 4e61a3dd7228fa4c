// The choices of the RDV form: motifs, lieux and agents of the organisation.
import type { Db } from "../../db/client.ts";
import type { LocationType } from "../../generated/prisma/enums.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";

export type RdvFormOptions = {
  motifs: { id: string; name: string; defaultDurationInMin: number; locationType: LocationType }[];
  lieux: { id: string; name: string; address: string }[];
  agents: { id: string; firstName: string; lastName: string }[];
};

/**
 * Enabled motifs and lieux of the organisation (plus the disabled ones in `keep`, those an RDV being edited already
 * uses) and its agents, by name.
 */
export async function findRdvFormOptions(
  db: Db,
  actor: Actor,
  organisationId: string,
  keep: { motifId?: string; lieuId?: string | null } = {},
): Promise<RdvFormOptions> {
  requireMembership(actor, organisationId);
  const enabledOrKept = (id: string | null | undefined) => ({
    organisationId,
    OR: [{ disabledAt: null }, ...(id ? [{ id }] : [])],
  });
  const motifs = await db.motif.findMany({
    where: enabledOrKept(keep.motifId),
    select: { id: true, name: true, defaultDurationInMin: true, locationType: true },
    orderBy: { name: "asc" },
  });
  const lieux = await db.lieu.findMany({
    where: enabledOrKept(keep.lieuId),
    select: { id: true, name: true, address: true },
    orderBy: { name: "asc" },
  });
  const roles = await db.agentRole.findMany({
    where: { organisationId },
    select: { agent: { select: { id: true, firstName: true, lastName: true } } },
    orderBy: [{ agent: { lastName: "asc" } }, { agent: { firstName: "asc" } }],
  });
  return { motifs, lieux, agents: roles.map((role) => role.agent) };
}
