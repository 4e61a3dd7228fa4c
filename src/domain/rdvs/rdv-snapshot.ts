// An RDV as the history and the notification planner see it, read inside the transaction of a change.
import type { Tx } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { isCancelledStatus } from "../../vocabulary/rdv-statuses.ts";
import { type Actor, organisationIdsOf } from "../auth/actor.ts";
import type { RdvSnapshot } from "../changes.ts";
import { notFound } from "../errors.ts";
import { RDV_STATUSES } from "./rdv.schemas.ts";

/** The RDV's own columns, as snapshots and pages read them. */
export const rdvColumnsSelect = {
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
} satisfies Prisma.RdvSelect;

/** The columns a snapshot is built from. */
export const rdvSnapshotSelect = {
  ...rdvColumnsSelect,
  agents: { select: { agentId: true } },
  users: { select: { userId: true } },
} satisfies Prisma.RdvSelect;

type RdvSnapshotRow = Prisma.RdvGetPayload<{ select: typeof rdvSnapshotSelect }>;

/** A snapshot of a row; agent and usager ids are sorted so that equal RDVs give equal snapshots. */
export function toRdvSnapshot(row: RdvSnapshotRow): RdvSnapshot {
  const { agents, users, ...columns } = row;
  return {
    ...columns,
    agentIds: agents.map((a) => a.agentId).sort(),
    userIds: users.map((u) => u.userId).sort(),
  };
}

/** An RDV locked for the rest of a transaction, with the time zone its times are read in. */
type LockedRdv = { rdv: RdvSnapshot; timezone: string };

/**
 * Lock an RDV of the actor's organisations for the rest of the transaction and read it whole, in one query: two
 * concurrent changes of one RDV then see each other's result, and the history tells the truth. 404 when there is none.
 */
export async function lockRdv(tx: Tx, actor: Actor, rdvId: string): Promise<LockedRdv> {
  const organisationIds = organisationIdsOf(actor);
  const rows = await tx.$queryRaw<(Omit<RdvSnapshot, "status"> & { status: string; timezone: string })[]>`
    SELECT r."id", r."organisationId", r."uid", r."sequence", r."motifId", r."lieuId", r."startsAt",
           r."durationInMin", r."status"::text AS "status", r."notes", o."timezone",
           ARRAY(SELECT a."agentId" FROM "RdvAgent" a WHERE a."rdvId" = r."id") AS "agentIds",
           ARRAY(SELECT u."userId" FROM "RdvUser" u WHERE u."rdvId" = r."id") AS "userIds"
    FROM "Rdv" r JOIN "Organisation" o ON o."id" = r."organisationId"
    WHERE r."id" = ${rdvId} AND r."organisationId" = ANY(${organisationIds}::text[])
    FOR UPDATE OF r`;
  const row = rows[0];
  const status = RDV_STATUSES.find((known) => known === row?.status);
  if (!row || !status) throw notFound("Ce RDV n'existe pas ou vous n'y avez pas accès.");
  const { timezone, agentIds, userIds, ...columns } = row;
  return { rdv: { ...columns, status, agentIds: [...agentIds].sort(), userIds: [...userIds].sort() }, timezone };
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
function sameIds(a: readonly string[], b: readonly string[]): boolean {
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
