// Reading plages d'ouverture, always scoped to the organisations of the actor: a forged id finds nothing (404).
import type { Tx } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { fullName } from "../../vocabulary/names.ts";
import { canManageAgentRecord, canSeeAgentRecordsOf } from "../agent-records/agent-record.policy.ts";
import { agentsWithManageableRecords, visibleAgentRecordsWhere } from "../agent-records/agent-record.queries.ts";
import { type Actor, organisationIdsOf, requireMembership } from "../auth/actor.ts";
import type { PlageSnapshot } from "../changes.ts";
import { forbidden, notFound } from "../errors.ts";
import { describeRecurrence } from "../recurrence/describe-recurrence.ts";
import { type Plage, plageOf, plageSeries, plageSnapshotSelect, toPlageSnapshot } from "./plage-snapshot.ts";

/** Anything that reads: the client or a transaction. */
type Reader = Tx;

/** The snapshot of a plage of one of the actor's organisations, or 404. */
export async function findPlageSnapshot(db: Reader, actor: Actor, plageId: string): Promise<PlageSnapshot> {
  const row = await db.plageOuverture.findFirst({
    where: { id: plageId, organisationId: { in: organisationIdsOf(actor) } },
    select: plageSnapshotSelect,
  });
  if (!row) throw notFound("Cette plage d'ouverture n'existe pas ou vous n'y avez pas accès.");
  return toPlageSnapshot(row);
}

/** A plage the actor may see (403 for a colleague's plage an agent may not see). */
export async function findPlage(db: Reader, actor: Actor, plageId: string): Promise<Plage> {
  const snapshot = await findPlageSnapshot(db, actor, plageId);
  if (!canSeeAgentRecordsOf(actor, snapshot.agentId, snapshot.organisationId)) throw forbidden();
  return plageOf(snapshot);
}

/** A plage the actor may edit, for its edit page (403 otherwise). */
export async function findPlageForEdit(db: Reader, actor: Actor, plageId: string): Promise<Plage> {
  const snapshot = await findPlageSnapshot(db, actor, plageId);
  if (!canManageAgentRecord(actor, snapshot.agentId, snapshot.organisationId)) {
    throw forbidden("Vous ne pouvez modifier que vos propres plages d'ouverture.");
  }
  return plageOf(snapshot);
}

export type PlageFilters = { organisationId?: string; agentId?: string; lieuId?: string };

/** A plage with what a list shows next to it. */
export type PlageListItem = {
  plage: Plage;
  /** « Toutes les 2 semaines, les lundis et jeudis de 09:00 à 12:00, à partir du … » */
  description: string;
  agentName: string;
  lieuName: string;
  motifNames: string[];
  canManage: boolean;
};

const listSelect = {
  ...plageSnapshotSelect,
  agent: { select: { firstName: true, lastName: true } },
  lieu: { select: { name: true } },
  motifs: { select: { motifId: true, motif: { select: { name: true } } }, orderBy: { motifId: "asc" } },
} satisfies Prisma.PlageOuvertureSelect;

/**
 * The plages the actor may see, filtered: in every organisation it belongs to (or the one asked for, 404 if not a
 * member), all agents' for admins and secretaries, its own for agents. Asking for an agent who is not a member is a
 * 404; for a colleague's plages, as an agent, a 403.
 */
export async function listPlages(db: Reader, actor: Actor, filters: PlageFilters = {}): Promise<PlageListItem[]> {
  const { lieuId, ...scope } = filters;
  const rows = await db.plageOuverture.findMany({
    where: {
      ...(await visibleAgentRecordsWhere(db, actor, scope, "Vous ne pouvez voir que vos propres plages d'ouverture.")),
      ...(lieuId !== undefined && { lieuId }),
    },
    orderBy: [{ firstDay: "asc" }, { startTime: "asc" }, { title: "asc" }],
    select: listSelect,
  });
  return rows.map((row) => plageListItem(actor, row));
}

/** One plage the actor may see, with what its page shows (404, or 403 for a colleague's as an agent). */
export async function findPlageDetails(db: Reader, actor: Actor, plageId: string): Promise<PlageListItem> {
  const row = await db.plageOuverture.findFirst({
    where: { id: plageId, organisationId: { in: organisationIdsOf(actor) } },
    select: listSelect,
  });
  if (!row) throw notFound("Cette plage d'ouverture n'existe pas ou vous n'y avez pas accès.");
  if (!canSeeAgentRecordsOf(actor, row.agentId, row.organisationId)) throw forbidden();
  return plageListItem(actor, row);
}

function plageListItem(
  actor: Actor,
  { agent, lieu, motifs, ...row }: Prisma.PlageOuvertureGetPayload<{ select: typeof listSelect }>,
): PlageListItem {
  const plage = plageOf(toPlageSnapshot({ ...row, motifs }));
  return {
    plage,
    description: describeRecurrence(plageSeries(plage)),
    agentName: fullName(agent),
    lieuName: lieu.name,
    motifNames: motifs.map((m) => m.motif.name).sort((a, b) => a.localeCompare(b, "fr")),
    canManage: canManageAgentRecord(actor, plage.agentId, plage.organisationId),
  };
}

/** What the plage form offers: the agents the actor manages, the lieux and motifs in use (plus those of `current`). */
export async function plageFormOptions(db: Reader, actor: Actor, organisationId: string, current?: Plage) {
  requireMembership(actor, organisationId);
  const agents = await agentsWithManageableRecords(db, actor, organisationId);
  const lieux = await db.lieu.findMany({
    where: { organisationId, OR: [{ disabledAt: null }, { id: current?.lieuId ?? "" }] },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  const motifs = await db.motif.findMany({
    where: { organisationId, OR: [{ disabledAt: null }, { id: { in: current?.motifIds ?? [] } }] },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  return { agents, lieux, motifs };
}
