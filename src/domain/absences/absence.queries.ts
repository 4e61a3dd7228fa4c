// Reading absences, always scoped to the organisations of the actor: a forged id finds nothing (404).
import type { Tx } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { fullName } from "../../vocabulary/names.ts";
import { canManageAgentRecord, canSeeAgentRecordsOf } from "../agent-records/agent-record.policy.ts";
import { visibleAgentRecordsWhere } from "../agent-records/agent-record.queries.ts";
import { type Actor, organisationIdsOf } from "../auth/actor.ts";
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
  const rows = await db.absence.findMany({
    where: await visibleAgentRecordsWhere(db, actor, filters, "Vous ne pouvez voir que vos propres absences."),
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
