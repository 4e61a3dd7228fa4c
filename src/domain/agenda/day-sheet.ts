// The printable day list (« Imprimer la journée »): one day's RDVs of an organisation, grouped by agent or by lieu,
// with what the front desk needs at hand — time, usagers and their phone, motif, agent, status. Secretaries and
// admins print every agent's day; an agent prints its own.
import type { Db } from "../../db/client.ts";
import type { LocationType, RdvStatus } from "../../generated/prisma/enums.ts";
import { agentsOf } from "../agents/agent.queries.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import type { Range } from "../recurrence/expand.ts";

export type DaySheetGrouping = "agent" | "lieu";

export type DaySheetRdv = {
  id: string;
  startsAt: Date;
  durationInMin: number;
  status: RdvStatus;
  motif: { name: string; locationType: LocationType };
  lieu: { id: string; name: string } | null;
  agents: { id: string; firstName: string; lastName: string }[];
  usagers: { id: string; firstName: string; lastName: string; phone: string | null }[];
};

/** One page of the printout: an agent's or a lieu's RDVs of the day, soonest first. */
export type DaySheetGroup = { key: string; title: string; rdvs: DaySheetRdv[] };

export type DaySheetInput = {
  actor: Actor;
  organisationId: string;
  /** The day's instants in the organisation's zone. */
  range: Range;
  by: DaySheetGrouping;
  /** Only this agent (always the actor itself for an agent). */
  agentId?: string;
  /** Only this lieu (grouping by lieu). */
  lieuId?: string;
};

/** The day's RDVs of the organisation as printable groups (an agent sees only its own RDVs). */
export async function listDaySheet(db: Db, input: DaySheetInput): Promise<DaySheetGroup[]> {
  const level = requireMembership(input.actor, input.organisationId);
  const agentId = level === "agent" ? input.actor.agentId : input.agentId;
  if (agentId && agentId !== input.actor.agentId) {
    // A forged or foreign agent id finds nothing rather than an empty printout of someone else.
    const [agent] = await agentsOf(db, input.organisationId, agentId);
    if (!agent) return [];
  }
  const rows = await db.rdv.findMany({
    where: {
      organisationId: input.organisationId,
      startsAt: { gte: input.range.from, lt: input.range.to },
      ...(agentId ? { agents: { some: { agentId } } } : {}),
      ...(input.lieuId ? { lieuId: input.lieuId } : {}),
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      startsAt: true,
      durationInMin: true,
      status: true,
      motif: { select: { name: true, locationType: true } },
      lieu: { select: { id: true, name: true } },
      agents: { select: { agent: { select: { id: true, firstName: true, lastName: true } } } },
      users: { select: { user: { select: { id: true, firstName: true, lastName: true, phone: true } } } },
    },
  });
  const rdvs: DaySheetRdv[] = rows.map((row) => ({
    id: row.id,
    startsAt: row.startsAt,
    durationInMin: row.durationInMin,
    status: row.status,
    motif: row.motif,
    lieu: row.lieu,
    agents: row.agents.map(({ agent }) => agent).sort(byName),
    usagers: row.users.map(({ user }) => user).sort(byName),
  }));
  return input.by === "agent" ? groupByAgent(rdvs, agentId) : groupByLieu(rdvs);
}

function groupByAgent(rdvs: DaySheetRdv[], onlyAgentId: string | undefined): DaySheetGroup[] {
  const groups = new Map<string, DaySheetGroup>();
  for (const rdv of rdvs) {
    for (const agent of rdv.agents) {
      if (onlyAgentId && agent.id !== onlyAgentId) continue;
      const group = groups.get(agent.id) ?? { key: agent.id, title: `${agent.firstName} ${agent.lastName}`, rdvs: [] };
      group.rdvs.push(rdv);
      groups.set(agent.id, group);
    }
  }
  return [...groups.values()].sort((a, b) => a.title.localeCompare(b.title, "fr"));
}

function groupByLieu(rdvs: DaySheetRdv[]): DaySheetGroup[] {
  const groups = new Map<string, DaySheetGroup>();
  for (const rdv of rdvs) {
    const key = rdv.lieu?.id ?? "sans-lieu";
    const group = groups.get(key) ?? { key, title: rdv.lieu?.name ?? "Sans lieu (téléphone, domicile)", rdvs: [] };
    group.rdvs.push(rdv);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.title.localeCompare(b.title, "fr"));
}

function byName(a: { lastName: string; firstName: string }, b: { lastName: string; firstName: string }): number {
  return a.lastName.localeCompare(b.lastName, "fr") || a.firstName.localeCompare(b.firstName, "fr");
}
