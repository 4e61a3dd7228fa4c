// Reading absences, always scoped to the organisations of the actor: a forged id finds nothing (404).
import type { Tx } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { fullName } from "../../vocabulary/names.ts";
import {
  canManageAgentRecord,
  canSeeAgentRecordsOf,
  managesAllAgentRecordsIn,
  seesAllAgentRecordsIn,
} from "../agent-records/agent-record.policy.ts";
import { type AgentOption, agentsOf, requireAgentInOrganisation } from "../agents/agent.queries.ts";
import { type Actor, organisationIdsOf, requireMembership } from "../auth/actor.ts";
import type { AbsenceSnapshot } from "../changes.ts";
import { forbidden, notFound } from "../errors.ts";
import { describeRecurrence } from "../recurrence/describe-recurrence.ts";
import { type Absence, absenceOf, absenceSeries, absenceSnapshotSelect } from "./absence-snapshot.ts";

/** Anything that reads: the client or a transaction. */
type Reader = Tx;

/** The snapshot of an absence of one of the actor's organisations, or 404. */
export async function findAbsenceSnapshot(db: Reader, actor: Actor, absenceId: string): Promise<AbsenceSnapshot> {
  const row = await db.absence.findFirst({
    where: { id: absenceId, organisationId: { in: organisationIdsOf(actor) } },
    select: absenceSnapshotSelect,
  });
  if (!row) throw notFound("Cette absence n'existe pas ou vous n'y avez pas accès.");
  return row;
}

/** An absence the actor may see (403 for a colleague's absence an agent may not see). */
export async function findAbsence(db: Reader, actor: Actor, absenceId: string): Promise<Absence> {
  const snapshot = await findAbsenceSnapshot(db, actor, absenceId);
  if (!canSeeAgentRecordsOf(actor, snapshot.agentId, snapshot.organisationId)) throw forbidden();
  return absenceOf(snapshot);
}

/** An absence the actor may edit, for its edit page (403 otherwise). */
export async function findAbsenceForEdit(db: Reader, actor: Actor, absenceId: string): Promise<Absence> {
  const snapshot = await findAbsenceSnapshot(db, actor, absenceId);
  if (!canManageAgentRecord(actor, snapshot.agentId, snapshot.organisationId)) {
    throw forbidden("Vous ne pouvez modifier que vos propres absences.");
  }
  return absenceOf(snapshot);
}

export type AbsenceFilters = { organisationId?: string; agentId?: string };

/** An absence with what a list shows next to it. */
export type AbsenceListItem = { absence: Absence; description: string; agentName: string; canManage: boolean };

const listSelect = {
  ...absenceSnapshotSelect,
  agent: { select: { firstName: true, lastName: true } },
} satisfies Prisma.AbsenceSelect;

/**
 * The absences the actor may see, filtered: in every organisation it belongs to (or the one asked for, 404 if not a
 * member), all agents' for admins and secretaries, its own for agents. Asking for an agent who is not a member is a
 * 404; for a colleague's absences, as an agent, a 403.
 */
export async function listAbsences(db: Reader, actor: Actor, filters: AbsenceFilters = {}): Promise<AbsenceListItem[]> {
  const { organisationId, agentId } = filters;
  if (organisationId !== undefined) {
    requireMembership(actor, organisationId);
    if (agentId !== undefined) {
      await requireAgentInOrganisation(db, agentId, organisationId);
      if (!canSeeAgentRecordsOf(actor, agentId, organisationId)) {
        throw forbidden("Vous ne pouvez voir que vos propres absences.");
      }
    }
  }
  const organisationIds = organisationId === undefined ? organisationIdsOf(actor) : [organisationId];
  const wide = organisationIds.filter((id) => seesAllAgentRecordsIn(actor, id));
  const own = organisationIds.filter((id) => !wide.includes(id));
  const rows = await db.absence.findMany({
    where: {
      OR: [{ organisationId: { in: wide } }, { organisationId: { in: own }, agentId: actor.agentId }],
      ...(agentId !== undefined && { agentId }),
    },
    orderBy: [{ firstDay: "asc" }, { startTime: "asc" }, { title: "asc" }],
    select: listSelect,
  });
  return rows.map((row) => absenceListItem(actor, row));
}

/** One absence the actor may see, with what its page shows (404, or 403 for a colleague's as an agent). */
export async function findAbsenceDetails(db: Reader, actor: Actor, absenceId: string): Promise<AbsenceListItem> {
  const row = await db.absence.findFirst({
    where: { id: absenceId, organisationId: { in: organisationIdsOf(actor) } },
    select: listSelect,
  });
  if (!row) throw notFound("Cette absence n'existe pas ou vous n'y avez pas accès.");
  if (!canSeeAgentRecordsOf(actor, row.agentId, row.organisationId)) throw forbidden();
  return absenceListItem(actor, row);
}

function absenceListItem(actor: Actor, { agent, ...row }: Prisma.AbsenceGetPayload<{ select: typeof listSelect }>) {
  const absence = absenceOf(row);
  return {
    absence,
    description: describeRecurrence(absenceSeries(absence)),
    agentName: fullName(agent),
    canManage: canManageAgentRecord(actor, absence.agentId, absence.organisationId),
  };
}

/** The agents whose absences the actor may list: all for admins and secretaries, itself otherwise. */
export async function agentsWithVisibleAbsences(
  db: Reader,
  actor: Actor,
  organisationId: string,
): Promise<AgentOption[]> {
  requireMembership(actor, organisationId);
  return agentsOf(db, organisationId, seesAllAgentRecordsIn(actor, organisationId) ? undefined : actor.agentId);
}

/** The agents the actor may create absences for: all for admins, itself otherwise. */
export async function agentsWithManageableAbsences(
  db: Reader,
  actor: Actor,
  organisationId: string,
): Promise<AgentOption[]> {
  requireMembership(actor, organisationId);
  return agentsOf(db, organisationId, managesAllAgentRecordsIn(actor, organisationId) ? undefined : actor.agentId);
}
