// Listing RDVs of the actor's organisations, by start, with optional filters by organisation, agent and period.
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { type Actor, organisationIdsOf, requireMembership } from "../auth/actor.ts";
import { rdvDetailsSelect } from "./find-rdv.ts";

/** The most RDVs one list returns; narrow the period to see the others. */
export const MAX_LISTED_RDVS = 500;

export type RdvListFilters = {
  /** One organisation of the actor (404 otherwise), or all of them. */
  organisationId?: string;
  agentId?: string;
  /** Inclusive start and exclusive end of the period in which RDVs start. */
  from?: Date;
  to?: Date;
  limit?: number;
};

export type RdvList = {
  rdvs: Prisma.RdvGetPayload<{ select: typeof rdvDetailsSelect }>[];
  /** True when more RDVs matched than were returned. */
  truncated: boolean;
};

/** RDVs of the actor's organisations matching the filters, soonest first. */
export async function listRdvs(db: Db, actor: Actor, filters: RdvListFilters = {}): Promise<RdvList> {
  if (filters.organisationId) requireMembership(actor, filters.organisationId);
  const limit = Math.min(filters.limit ?? MAX_LISTED_RDVS, MAX_LISTED_RDVS);
  const rows = await db.rdv.findMany({
    where: {
      organisationId: filters.organisationId ?? { in: organisationIdsOf(actor) },
      ...(filters.agentId ? { agents: { some: { agentId: filters.agentId } } } : {}),
      ...(filters.from || filters.to ? { startsAt: { gte: filters.from, lt: filters.to } } : {}),
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: limit + 1,
    select: rdvDetailsSelect,
  });
  return { rdvs: rows.slice(0, limit), truncated: rows.length > limit };
}
