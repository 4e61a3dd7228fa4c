// An RDV as the history and the notification planner see it, read inside the transaction of a change.
import type { Tx } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { isCancelledStatus } from "../../vocabulary/rdv-statuses.ts";
import type { RdvSnapshot } from "../changes.ts";

/** The columns a snapshot is built from. */
export const rdvSnapshotSelect = {
  id: true,
  organisationId: true,
  uid: true,
  sequence: true,
  motifId: true,
  lieuId: true,
  startsAt: true,
  durationInMin: true,
  status: true,
  notes: true,
  agents: { select: { agentId: true } },
  users: { select: { userId: true } },
} satisfies Prisma.RdvSelect;

export type RdvSnapshotRow = Prisma.RdvGetPayload<{ select: typeof rdvSnapshotSelect }>;

/** A snapshot of a row; agent and usager ids are sorted so that equal RDVs give equal snapshots. */
export function toRdvSnapshot(row: RdvSnapshotRow): RdvSnapshot {
  const { agents, users, ...columns } = row;
  return {
    ...columns,
    agentIds: agents.map((a) => a.agentId).sort(),
    userIds: users.map((u) => u.userId).sort(),
  };
}

/**
 * Lock an RDV of one of `organisationIds` for the rest of the transaction and snapshot it, or null when there is
 * none: two concurrent changes of one RDV then see each other's result, and the history tells the truth.
 */
export async function lockRdvSnapshot(tx: Tx, rdvId: string, organisationIds: string[]): Promise<RdvSnapshot | null> {
  if (organisationIds.length === 0) return null;
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Rdv" WHERE "id" = ${rdvId} AND "organisationId" = ANY(${organisationIds}::text[]) FOR UPDATE`;
  if (locked.length === 0) return null;
  const row = await tx.rdv.findUniqueOrThrow({ where: { id: rdvId }, select: rdvSnapshotSelect });
  return toRdvSnapshot(row);
}

/**
 * Whether a calendar shows the difference between two states of an RDV: start, duration, lieu, motif, agents, or a
 * move into or out of the cancelled statuses. Notes, usagers and seen / no-show are not on the calendar.
 */
export function calendarChanged(before: RdvSnapshot, after: Omit<RdvSnapshot, "sequence">): boolean {
  return (
    before.startsAt.getTime() !== after.startsAt.getTime() ||
    before.durationInMin !== after.durationInMin ||
    before.lieuId !== after.lieuId ||
    before.motifId !== after.motifId ||
    isCancelledStatus(before.status) !== isCancelledStatus(after.status) ||
    !sameIds(before.agentIds, after.agentIds)
  );
}

/** Same ids, in any order. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

/** Whether anything at all differs between two states (a form saved without change writes nothing). */
export function anythingChanged(before: RdvSnapshot, after: Omit<RdvSnapshot, "sequence">): boolean {
  return (
    calendarChanged(before, after) ||
    before.status !== after.status ||
    before.notes !== after.notes ||
    !sameIds(before.userIds, after.userIds)
  );
}
