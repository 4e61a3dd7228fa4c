// The pure decision "does this agent get an email about this change?", following the service's own rules
// (docs: « Notifications agents »). No database, no clock, no I/O: `now` and the organisation's time zone are inputs,
// so the same change always gives the same answer, whatever the server's TZ.
import { DateTime } from "luxon";
import type { Author } from "../domain/author.ts";
import { isCancelledStatus } from "../vocabulary/rdv-statuses.ts";

/** An agent's RDV email level: every change, changes by others, last-minute changes by others, or never. */
export type RdvNotificationsLevel = "all" | "others" | "soon" | "none";

/** An agent's level for one kind of its own records (plages d'ouverture, absences): every change, or never. */
export type NotificationLevel = "all" | "none";

/** The statuses of an RDV; `excused` and `revoked` are the cancelled ones. */
export type RdvStatus = "unknown" | "seen" | "excused" | "revoked" | "noshow";

/** An agent's three notification preferences, as stored on the agent. */
export type AgentNotificationPreferences = {
  rdvNotificationsLevel: RdvNotificationsLevel;
  plageOuvertureNotificationLevel: NotificationLevel;
  absenceNotificationLevel: NotificationLevel;
};

/** The three RDV emails an agent can receive. */
export type RdvEmailKind = "rdv_created" | "rdv_updated" | "rdv_cancelled";

/** What happened to an RDV from one agent's point of view. */
export type RdvEventForAgent =
  /** A new RDV, an RDV back from cancelled, or an RDV the agent was just added to. */
  | { type: "created"; startsAt: Date }
  /** Date, time, duration or lieu changed (the start may be unchanged). */
  | { type: "updated"; oldStartsAt: Date; newStartsAt: Date }
  /** A cancelled or deleted RDV, or an RDV the agent was just removed from. */
  | { type: "cancelled"; startsAt: Date };

/** The facts about an RDV that can cause an email; anything else (notes, usagers, motif…) never does. */
export type RdvNotifiableState = {
  startsAt: Date;
  durationInMin: number;
  lieuId: string | null;
  status: RdvStatus;
  agentIds: readonly string[];
};

/** One agent concerned by an RDV change, and what the change is for that agent. */
export type RdvEventForAgentId = { agentId: string; event: RdvEventForAgent };

/** Input of {@link decideRdvEmail}: one agent, its level, one event, who caused it, and when and where it happens. */
export type RdvEmailDecisionInput = {
  level: RdvNotificationsLevel;
  recipientAgentId: string;
  author: Author;
  event: RdvEventForAgent;
  now: Date;
  /** IANA zone of the organisation, e.g. "Europe/Paris", "Pacific/Noumea". */
  timezone: string;
};

/**
 * Which RDV email, if any, one agent gets for one event: never at `none`; never for a past RDV; always at `all`;
 * not for its own changes at `others`; and at `soon` (the default) only for others' changes on an RDV today or
 * tomorrow in the organisation's calendar.
 */
export function decideRdvEmail(input: RdvEmailDecisionInput): RdvEmailKind | null {
  const { level, recipientAgentId, author, event, now, timezone } = input;
  if (level === "none") return null;

  const futureStarts = startsOf(event).filter((startsAt) => !isPast(startsAt, now));
  // A move counts by its future side: from the past to the future it is a future RDV, and when both the old
  // and the new start are past nobody needs to hear about it.
  if (futureStarts.length === 0) return null;

  const kind = emailKindOf(event);
  if (level === "all") return kind;

  const madeByRecipient = author.kind === "agent" && author.agentId === recipientAgentId;
  if (madeByRecipient) return null;
  if (level === "others") return kind;

  return futureStarts.some((startsAt) => isTodayOrTomorrow(startsAt, now, timezone)) ? kind : null;
}

/**
 * Turns an RDV change (`before` null for a creation, `after` null for a deletion) into what each agent must hear:
 * cancellation, return from cancelled (a creation), move or change of duration or lieu, agents added (a creation)
 * or removed (a cancellation). Status changes to `seen`/`noshow`, other fields and edits of a cancelled RDV give nothing.
 */
export function rdvEventsForAgents(
  before: RdvNotifiableState | null,
  after: RdvNotifiableState | null,
): RdvEventForAgentId[] {
  const wasActive = before !== null && !isCancelledStatus(before.status);
  const isActive = after !== null && !isCancelledStatus(after.status);

  if (wasActive && !isActive) {
    // Cancelled or deleted: everyone who had it in their calendar loses it, as it was.
    return unique(before.agentIds).map((agentId) => ({
      agentId,
      event: { type: "cancelled", startsAt: before.startsAt },
    }));
  }
  if (!wasActive && isActive) {
    // Created, or back from cancelled to `unknown`: for every agent it is a new RDV. A cancelled RDV set to
    // `seen` or `noshow` is a correction after the fact, not a new appointment.
    const revived = before === null || after.status === "unknown";
    if (!revived) return [];
    return unique(after.agentIds).map((agentId) => ({ agentId, event: { type: "created", startsAt: after.startsAt } }));
  }
  if (!wasActive || !isActive) return [];

  const beforeAgents = new Set(before.agentIds);
  const afterAgents = new Set(after.agentIds);
  const changed =
    before.startsAt.getTime() !== after.startsAt.getTime() ||
    before.durationInMin !== after.durationInMin ||
    before.lieuId !== after.lieuId;

  const events: RdvEventForAgentId[] = [];
  for (const agentId of afterAgents) {
    if (!beforeAgents.has(agentId)) {
      events.push({ agentId, event: { type: "created", startsAt: after.startsAt } });
    } else if (changed) {
      events.push({ agentId, event: { type: "updated", oldStartsAt: before.startsAt, newStartsAt: after.startsAt } });
    }
  }
  for (const agentId of beforeAgents) {
    if (!afterAgents.has(agentId)) {
      events.push({ agentId, event: { type: "cancelled", startsAt: before.startsAt } });
    }
  }
  return events;
}

/** A plage d'ouverture or an absence: records owned by one agent. */
export type AgentRecordType = "plage_ouverture" | "absence";

/** What happened to a plage d'ouverture or an absence. */
export type AgentRecordChange = "created" | "updated" | "deleted";

/** The emails about plages d'ouverture and absences. */
export type AgentRecordEmailKind = `${AgentRecordType}_${AgentRecordChange}`;

/** Input of {@link decidePlageOrAbsenceEmail}: the owner agent's levels and what happened to which record. */
export type AgentRecordEmailDecisionInput = {
  recordType: AgentRecordType;
  change: AgentRecordChange;
  ownerPreferences: Pick<AgentNotificationPreferences, "plageOuvertureNotificationLevel" | "absenceNotificationLevel">;
};

/**
 * The email the owner agent gets about its plage d'ouverture or absence: one for every creation, change and
 * deletion, whoever made it (the owner included), unless its level for that kind of record is `none`.
 */
export function decidePlageOrAbsenceEmail(input: AgentRecordEmailDecisionInput): AgentRecordEmailKind | null {
  const { recordType, change, ownerPreferences } = input;
  const level =
    recordType === "plage_ouverture"
      ? ownerPreferences.plageOuvertureNotificationLevel
      : ownerPreferences.absenceNotificationLevel;
  return level === "all" ? `${recordType}_${change}` : null;
}

function emailKindOf(event: RdvEventForAgent): RdvEmailKind {
  switch (event.type) {
    case "created":
      return "rdv_created";
    case "updated":
      return "rdv_updated";
    case "cancelled":
      return "rdv_cancelled";
  }
}

function startsOf(event: RdvEventForAgent): Date[] {
  return event.type === "updated" ? [event.oldStartsAt, event.newStartsAt] : [event.startsAt];
}

// "Past" means the RDV has started: from then on, its agents are in it or it is over.
function isPast(startsAt: Date, now: Date): boolean {
  return instant(startsAt) < instant(now);
}

// For a start that is not past: today or tomorrow as the organisation's wall calendar says, whatever the hour
// and whatever daylight-saving does that night.
function isTodayOrTomorrow(startsAt: Date, now: Date, timezone: string): boolean {
  const days = localCalendarDay(startsAt, timezone).diff(localCalendarDay(now, timezone), "days").days;
  // A later instant can fall on the previous local day where clocks go back across midnight: still last minute.
  return days <= 1;
}

// The local calendar date, carried as a UTC midnight so that differences are whole days.
function localCalendarDay(date: Date, timezone: string): DateTime {
  const local = DateTime.fromMillis(instant(date), { zone: timezone });
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${timezone}`);
  return DateTime.utc(local.year, local.month, local.day);
}

function instant(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Invalid date in an RDV notification decision");
  return ms;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
