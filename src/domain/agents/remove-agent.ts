// Removing an agent from an organisation (the account stays, with its other organisations). Its future RDVs there
// must first be reassigned to a colleague or cancelled, chosen one by one by the admin; its plages there are
// deleted. Everything happens in one transaction, and every RDV and plage change goes through `recordChanges` so that
// the agents concerned get their emails.
import type { Db, Tx } from "../../db/client.ts";
import type { RoleLevel } from "../../generated/prisma/enums.ts";
import { CANCELLED_STATUSES } from "../../vocabulary/rdv-statuses.ts";
import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import { type Author, agentAuthor } from "../author.ts";
import type { PlageChange, RdvChange, RdvSnapshot } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { conflict, type FieldErrors, notFound } from "../errors.ts";
import { recordHistory } from "../history/record-history.ts";
import { plageSnapshotSelect, toPlageSnapshot } from "../plages/plage-snapshot.ts";
import { rdvSnapshotSelect, toRdvSnapshot } from "../rdvs/rdv-snapshot.ts";
import { recordChanges } from "../record-change.ts";
import { parseInput } from "../validation.ts";
import { removalDecisionsSchema } from "./agent.schemas.ts";
import { LAST_ADMIN_MESSAGE, lockMembership, wouldLeaveNoAdmin } from "./change-agent-role.ts";

/** The decision that cancels an RDV; any other value is the id of the agent who takes it over. */
export const CANCEL_RDV = "cancel";
/**
 * The decision that takes the agent off an RDV its other agents keep. Choosing one of those other agents as the
 * taker means the same (they are on it already), so it is handled the same way rather than refused.
 */
export const LEAVE_RDV = "leave";

type AgentName = { id: string; firstName: string; lastName: string };

export type RemovalRdv = {
  id: string;
  startsAt: Date;
  durationInMin: number;
  motifName: string;
  lieuName: string | null;
  userNames: string[];
  /** The RDV's other agents, who keep it. */
  otherAgentNames: string[];
  /** The colleagues who can take it over: those not on it already. */
  reassignableTo: AgentName[];
};

export type AgentRemovalPlan = {
  agent: { id: string; email: string; firstName: string; lastName: string; role: RoleLevel };
  futureRdvs: RemovalRdv[];
  /** Who can take the RDVs over: the organisation's other agents. */
  colleagues: AgentName[];
  plageCount: number;
  /** The agent is the organisation's only admin and cannot be removed. */
  lastAdmin: boolean;
};

/** Active RDVs (not cancelled) that have not started yet. */
const futureRdvsOf = (organisationId: string, agentId: string, now: Date) => ({
  organisationId,
  startsAt: { gte: now },
  status: { notIn: [...CANCELLED_STATUSES] },
  agents: { some: { agentId } },
});

/** What removing the agent implies, for the confirmation page: its future RDVs, its plages, who can take over. */
export async function prepareAgentRemoval(
  db: Db,
  input: { actor: Actor; organisationId: string; agentId: string; now?: Date },
): Promise<AgentRemovalPlan> {
  requireAdmin(input.actor, input.organisationId);
  const now = input.now ?? new Date();
  const { organisationId, agentId } = input;
  const [membership, rdvs, members, plageCount] = await Promise.all([
    db.agentRole.findUnique({
      where: { agentId_organisationId: { agentId, organisationId } },
      select: { level: true, agent: { select: { id: true, email: true, firstName: true, lastName: true } } },
    }),
    db.rdv.findMany({
      where: futureRdvsOf(organisationId, agentId, now),
      orderBy: { startsAt: "asc" },
      select: {
        id: true,
        startsAt: true,
        durationInMin: true,
        motif: { select: { name: true } },
        lieu: { select: { name: true } },
        users: { select: { user: { select: { firstName: true, lastName: true } } } },
        agents: { select: { agent: { select: { id: true, firstName: true, lastName: true } } } },
      },
    }),
    db.agentRole.findMany({
      where: { organisationId },
      select: { level: true, agent: { select: { id: true, firstName: true, lastName: true } } },
      orderBy: [{ agent: { lastName: "asc" } }, { agent: { firstName: "asc" } }],
    }),
    db.plageOuverture.count({ where: { organisationId, agentId } }),
  ]);
  if (!membership) throw notFound("Cet agent ne fait pas partie de l'organisation.");
  const admins = members.filter((m) => m.level === "admin").length;
  const colleagues = members.flatMap(({ agent }) => (agent.id === agentId ? [] : [agent]));
  return {
    agent: { ...membership.agent, role: membership.level },
    futureRdvs: rdvs.map((rdv) => ({
      id: rdv.id,
      startsAt: rdv.startsAt,
      durationInMin: rdv.durationInMin,
      motifName: rdv.motif.name,
      lieuName: rdv.lieu?.name ?? null,
      userNames: rdv.users.map(({ user }) => `${user.firstName} ${user.lastName}`),
      otherAgentNames: rdv.agents
        .filter(({ agent }) => agent.id !== agentId)
        .map(({ agent }) => `${agent.firstName} ${agent.lastName}`),
      reassignableTo: colleagues.filter((colleague) => !rdv.agents.some(({ agent }) => agent.id === colleague.id)),
    })),
    colleagues,
    plageCount,
    lastAdmin: membership.level === "admin" && admins <= 1,
  };
}

export type RemoveAgentResult = { reassigned: number; cancelled: number; plagesDeleted: number };

/**
 * Remove an agent from the organisation. `raw.rdvs` maps each of its future RDVs to "cancel" or to the id of a
 * colleague who takes it over; while one is missing the removal is refused (conflict, one message per RDV).
 */
export async function removeAgentFromOrganisation(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; agentId: string; raw: unknown; now?: Date },
): Promise<RemoveAgentResult> {
  requireAdmin(input.actor, input.organisationId);
  const { rdvs: decisions } = parseInput(removalDecisionsSchema, input.raw);
  const now = input.now ?? new Date();
  const { organisationId, agentId } = input;
  const author = agentAuthor(input.actor.agentId);
  return context.db.$transaction(async (tx) => {
    const membership = await lockMembership(tx, organisationId, agentId);
    if (await wouldLeaveNoAdmin(tx, organisationId, membership.level)) throw conflict(LAST_ADMIN_MESSAGE, {});
    const agentName = `${membership.agent.firstName} ${membership.agent.lastName}`;

    const rdvs = await lockFutureRdvs(tx, organisationId, agentId, now);
    const colleagues = await tx.agentRole.findMany({
      where: { organisationId, agentId: { not: agentId } },
      select: { agent: { select: { id: true, firstName: true, lastName: true } } },
    });
    const colleagueNames = new Map(colleagues.map(({ agent }) => [agent.id, `${agent.firstName} ${agent.lastName}`]));
    const errors: FieldErrors = {};
    for (const rdv of rdvs) {
      const decision = decisions[rdv.id];
      if (!decision) errors[`rdvs.${rdv.id}`] = "Choisissez : réassigner ce RDV à un autre agent, ou l'annuler.";
      else if (decision === LEAVE_RDV) {
        if (rdv.agentIds.length < 2) {
          errors[`rdvs.${rdv.id}`] =
            "Aucun autre agent ne suit ce RDV : réassignez-le à un autre agent, ou annulez-le.";
        }
      } else if (decision !== CANCEL_RDV && !colleagueNames.has(decision)) {
        errors[`rdvs.${rdv.id}`] = "Cet agent ne fait pas partie de l'organisation.";
      }
    }
    if (Object.keys(errors).length > 0) {
      throw conflict(
        `${agentName} a encore des RDV à venir : réassignez-les à un autre agent ou annulez-les avant de le retirer de l'organisation.`,
        errors,
      );
    }

    const cancelled = rdvs.filter((rdv) => decisions[rdv.id] === CANCEL_RDV);
    const reassigned = rdvs.filter((rdv) => decisions[rdv.id] !== CANCEL_RDV);
    const rdvChanges = [
      ...(await cancelRdvs(tx, cancelled, author, now)),
      ...(await reassignRdvs(tx, reassigned, { leavingAgentId: agentId, decisions }, author, now)),
    ];

    const plages = await tx.plageOuverture.findMany({
      where: { organisationId, agentId },
      select: plageSnapshotSelect,
    });
    await tx.plageOuverture.deleteMany({ where: { id: { in: plages.map((p) => p.id) } } });
    const plageChanges = plages.map(
      (row): PlageChange => ({
        kind: "plage_ouverture",
        action: "deleted",
        author,
        at: now,
        before: toPlageSnapshot(row),
        after: null,
        cause: { type: "agent_removed", agentId },
      }),
    );
    // Every RDV and plage of the removal in one pass: history rows, then the emails with a fixed number of queries.
    await recordChanges(tx, context, [
      ...rdvChanges.map((change) => ({ ...change, cause: { type: "agent_removed" as const, agentId } })),
      ...plageChanges,
    ]);

    await tx.agentRole.delete({ where: { id: membership.id } });
    // Its pending invitation into this organisation is void (the link then reads as invalid, not as used), and no
    // session of it stays in the organisation.
    await tx.agentToken.deleteMany({ where: { agentId, organisationId, kind: "invitation", usedAt: null } });
    await tx.session.updateMany({
      where: { agentId, currentOrganisationId: organisationId },
      data: { currentOrganisationId: null },
    });
    await recordHistory(tx, {
      organisationId,
      recordId: agentId,
      author,
      data: {
        type: "agent",
        action: "removed",
        agent: agentName,
        reassigned: reassigned.length,
        cancelled: cancelled.length,
        plagesDeleted: plages.length,
      },
    });
    return { reassigned: reassigned.length, cancelled: cancelled.length, plagesDeleted: plages.length };
  });
}

/** The agent's future active RDVs in the organisation, locked for the transaction, as snapshots. */
async function lockFutureRdvs(tx: Tx, organisationId: string, agentId: string, now: Date): Promise<RdvSnapshot[]> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT r."id" FROM "Rdv" r JOIN "RdvAgent" ra ON ra."rdvId" = r."id"
    WHERE r."organisationId" = ${organisationId} AND ra."agentId" = ${agentId}
      AND r."startsAt" >= ${now} AND r."status"::text <> ALL(${[...CANCELLED_STATUSES]}::text[])
    FOR UPDATE OF r`;
  if (locked.length === 0) return [];
  const rows = await tx.rdv.findMany({
    where: { id: { in: locked.map((row) => row.id) }, ...futureRdvsOf(organisationId, agentId, now) },
    select: rdvSnapshotSelect,
    orderBy: { startsAt: "asc" },
  });
  return rows.map(toRdvSnapshot);
}

/**
 * Give each RDV to the colleague chosen for it instead of the leaving agent, one calendar step further; with
 * `LEAVE_RDV`, or a colleague already on it, the leaving agent is only taken off and the other agents keep it.
 */
async function reassignRdvs(
  tx: Tx,
  rows: RdvSnapshot[],
  how: { leavingAgentId: string; decisions: Record<string, string> },
  author: Author,
  at: Date,
): Promise<RdvChange[]> {
  if (rows.length === 0) return [];
  // The new agent of each RDV, or null when its other agents keep it.
  const takerOf = (rdv: RdvSnapshot): string | null => {
    const decision = how.decisions[rdv.id] ?? LEAVE_RDV;
    return decision === LEAVE_RDV || rdv.agentIds.includes(decision) ? null : decision;
  };
  const ids = rows.map((rdv) => rdv.id);
  await tx.rdvAgent.deleteMany({ where: { rdvId: { in: ids }, agentId: how.leavingAgentId } });
  await tx.rdvAgent.createMany({
    data: rows.flatMap((rdv) => {
      const takerId = takerOf(rdv);
      return takerId ? [{ rdvId: rdv.id, agentId: takerId }] : [];
    }),
    skipDuplicates: true,
  });
  await tx.rdv.updateMany({ where: { id: { in: ids } }, data: { sequence: { increment: 1 } } });
  return rows.map((before) => {
    const takerId = takerOf(before);
    const kept = before.agentIds.filter((id) => id !== how.leavingAgentId);
    const agentIds = [...kept, ...(takerId ? [takerId] : [])].sort();
    const after: RdvSnapshot = { ...before, agentIds, sequence: before.sequence + 1 };
    return { kind: "rdv", action: "updated", author, at, before, after };
  });
}

/** Cancel RDVs on the service's side (`revoked`), one calendar step further. */
async function cancelRdvs(tx: Tx, rows: RdvSnapshot[], author: Author, at: Date): Promise<RdvChange[]> {
  if (rows.length === 0) return [];
  await tx.rdv.updateMany({
    where: { id: { in: rows.map((rdv) => rdv.id) } },
    data: { status: "revoked", sequence: { increment: 1 } },
  });
  return rows.map((before) => ({
    kind: "rdv",
    action: "updated",
    author,
    at,
    before,
    after: { ...before, status: "revoked", sequence: before.sequence + 1 },
  }));
}
