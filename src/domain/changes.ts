// What a domain action changed, described for the history and the notification planner. Every write of an RDV, a
// plage d'ouverture or an absence returns one of these, built inside its transaction.
import type { RdvStatus } from "../generated/prisma/enums.ts";
import type { Author } from "./author.ts";
import { type RecurrenceColumns, seriesColumns } from "./recurrence/recurrence-columns.ts";

/** An RDV as calendars and emails see it, before or after a change. */
export type RdvSnapshot = {
  id: string;
  organisationId: string;
  uid: string;
  sequence: number;
  motifId: string;
  lieuId: string | null;
  startsAt: Date;
  durationInMin: number;
  status: RdvStatus;
  notes: string | null;
  agentIds: string[];
  userIds: string[];
};

/** What a plage's and an absence's snapshots share; days are UTC-midnight Dates of local days, times "HH:MM". */
type AgentRecordSnapshot = RecurrenceColumns & {
  id: string;
  organisationId: string;
  agentId: string;
  uid: string;
  sequence: number;
  title: string;
  firstDay: Date;
  startTime: string;
  endTime: string;
};

/** The columns of what a plage's and an absence's snapshots share, for a Prisma `select`. */
export const agentRecordSnapshotColumns = {
  id: true,
  organisationId: true,
  agentId: true,
  uid: true,
  sequence: true,
  title: true,
  ...seriesColumns,
} as const;

/** A plage d'ouverture before or after a change. */
export type PlageSnapshot = AgentRecordSnapshot & { lieuId: string; motifIds: string[] };

/** An absence before or after a change. */
export type AbsenceSnapshot = AgentRecordSnapshot & { endDay: Date };

/** Why a change happened, when another action caused it (the history says so). */
export type ChangeCause = { type: "agent_removed"; agentId: string };

type ChangeOf<Kind extends string, Snapshot> = {
  kind: Kind;
  author: Author;
  /** When the change happened (the "now" of notification rules). */
  at: Date;
  cause?: ChangeCause;
} & (
  | { action: "created"; before: null; after: Snapshot }
  | { action: "updated"; before: Snapshot; after: Snapshot }
  | { action: "deleted"; before: Snapshot; after: null }
);

export type RdvChange = ChangeOf<"rdv", RdvSnapshot>;
export type PlageChange = ChangeOf<"plage_ouverture", PlageSnapshot>;
export type AbsenceChange = ChangeOf<"absence", AbsenceSnapshot>;
export type DomainChange = RdvChange | PlageChange | AbsenceChange;
