// Changes → the emails they cause. The only caller of the pure decisions of rules.ts: it maps each change to events
// per agent, reads each agent's level and the organisation's time zone, asks the rules, and makes one outbox row per
// email to send, holding the facts the email tells (payload.ts) as they are now. Pure: the facts come from one read
// (domain/change-facts.ts) and the rows are written with the history's (domain/record-change.ts), a fixed number of
// statements whatever the number of changes and agents.

import type { Author } from "../domain/author.ts";
import type { AgentFacts, ChangeFacts, LieuFacts, MotifFacts, OrganisationFacts } from "../domain/change-facts.ts";
import type {
  AbsenceChange,
  AbsenceSnapshot,
  DomainChange,
  PlageChange,
  PlageSnapshot,
  RdvChange,
  RdvSnapshot,
} from "../domain/changes.ts";
import type { DomainContext } from "../domain/context.ts";
import type { Series } from "../domain/recurrence/expand.ts";
import { localDateFromDbDate, recurrenceFromColumns } from "../domain/recurrence/recurrence-columns.ts";
import { fullName } from "../vocabulary/names.ts";
import { isCancelledStatus } from "../vocabulary/rdv-statuses.ts";
import type { AbsenceFacts } from "./emails/absence-email.ts";
import type { NotificationEnvelope } from "./emails/common.ts";
import type { PlageFacts } from "./emails/plage-email.ts";
import type { RdvEmailReason, RdvFacts } from "./emails/rdv-email.ts";
import type { OutgoingEmail } from "./outbox.ts";
import {
  type AgentRecordChange,
  type AgentRecordEmailKind,
  decidePlageOrAbsenceEmail,
  decideRdvEmail,
  type RdvEmailKind,
  type RdvEventForAgent,
  rdvEventsForAgents,
} from "./rules.ts";

/**
 * The emails that `changes` cause under the agents' preferences, in one pass over all of them: pure, given the
 * facts (names, preferences, zones) of `factIdsOf(changes)`, loaded in the changes' transaction.
 */
export function planEmails(
  context: DomainContext,
  changes: readonly DomainChange[],
  facts: ChangeFacts,
): OutgoingEmail[] {
  const decided = changes.flatMap(candidatesOf).flatMap((candidate) => decide(candidate, facts));
  if (decided.length === 0) return [];
  const names = namesOf(facts);
  return decided.map((email) => outgoing(context, email, names));
}

/** Someone a change may concern, and how, before the rules decide. */
type Candidate =
  | { kind: "rdv"; change: RdvChange; agentId: string; event: RdvEventForAgent }
  | { kind: "plage_ouverture"; change: PlageChange; agentId: string; owner: OwnerChange<PlageSnapshot> }
  | { kind: "absence"; change: AbsenceChange; agentId: string; owner: OwnerChange<AbsenceSnapshot> };

type Recipient = { agent: AgentFacts; organisation: OrganisationFacts };

/** A candidate the rules said to email, with the email's kind and the organisation of the record. */
type Decided =
  | (Extract<Candidate, { kind: "rdv" }> & Recipient & { emailKind: RdvEmailKind })
  | (Extract<Candidate, { kind: "plage_ouverture" | "absence" }> & Recipient & { emailKind: AgentRecordEmailKind });

function candidatesOf(change: DomainChange): Candidate[] {
  switch (change.kind) {
    case "rdv":
      return rdvEventsForAgents(change.before, change.after).map(({ agentId, event }) => ({
        kind: "rdv",
        change,
        agentId,
        event,
      }));
    case "plage_ouverture":
      return ownerChanges(change).map((owner) => ({ kind: "plage_ouverture", change, agentId: owner.agentId, owner }));
    case "absence":
      return ownerChanges(change).map((owner) => ({ kind: "absence", change, agentId: owner.agentId, owner }));
  }
}

function decide(candidate: Candidate, facts: ChangeFacts): Decided[] {
  const agent = facts.agents.get(candidate.agentId);
  const organisation = facts.organisations.get(recordOf(candidate.change).organisationId);
  if (!agent || !organisation) return [];
  if (candidate.kind === "rdv") {
    const emailKind = decideRdvEmail({
      level: agent.rdvNotificationsLevel,
      recipientAgentId: agent.id,
      author: candidate.change.author,
      event: candidate.event,
      now: candidate.change.at,
      timezone: organisation.timezone,
    });
    return emailKind ? [{ ...candidate, agent, organisation, emailKind }] : [];
  }
  const emailKind = decidePlageOrAbsenceEmail({
    recordType: candidate.kind,
    change: candidate.owner.change,
    ownerPreferences: agent,
  });
  return emailKind ? [{ ...candidate, agent, organisation, emailKind }] : [];
}

/** The names the emails show, looked up once for every change decided. */
type Names = {
  agents: ReadonlyMap<string, AgentFacts>;
  users: Map<string, string>;
  /** The usagers' phone numbers (those who have one): an RDV by phone shows them. */
  phones: Map<string, string>;
  motifs: ReadonlyMap<string, MotifFacts>;
  /** Sorted by name, so that a plage lists its motifs in that order. */
  motifsByName: readonly { id: string; name: string }[];
  lieux: ReadonlyMap<string, LieuFacts>;
};

function namesOf(facts: ChangeFacts): Names {
  const names: Names = {
    agents: facts.agents,
    users: new Map(),
    phones: new Map(),
    motifs: facts.motifs,
    motifsByName: [...facts.motifs].map(([id, motif]) => ({ id, name: motif.name })),
    lieux: facts.lieux,
  };
  for (const [id, user] of facts.users) {
    names.users.set(id, fullName(user));
    if (user.phone) names.phones.set(id, user.phone);
  }
  return names;
}

function outgoing(context: DomainContext, email: Decided, names: Names): OutgoingEmail {
  const { agent, organisation, change } = email;
  const envelope = {
    recipient: { name: fullName(agent), email: agent.email },
    sender: { name: organisation.emailSenderName ?? "RDV Agents", email: context.config.MAIL_FROM },
    organisation: { name: organisation.name, timezone: organisation.timezone },
    at: change.at.toISOString(),
    authorLabel: authorLabel(change.author, agent.id, names),
  };
  const row = {
    organisationId: organisation.id,
    kind: email.emailKind,
    to: agent.email,
    fromName: organisation.emailSenderName,
  };
  switch (email.kind) {
    case "rdv":
      return { ...row, payload: rdvPayload(email.change, email.event, email.emailKind, envelope, names) };
    case "plage_ouverture": {
      const { owner } = email;
      const facts = (plage: PlageSnapshot) => plageFacts(plage, names);
      return {
        ...row,
        payload: {
          kind: "plage_ouverture",
          ...agentRecordEnvelope(envelope, email.change, owner),
          record: facts(owner.shown),
          previous: owner.change === "updated" && email.change.before ? facts(email.change.before) : null,
        },
      };
    }
    case "absence": {
      const { owner } = email;
      return {
        ...row,
        payload: {
          kind: "absence",
          ...agentRecordEnvelope(envelope, email.change, owner),
          record: absenceFacts(owner.shown),
          previous: owner.change === "updated" && email.change.before ? absenceFacts(email.change.before) : null,
        },
      };
    }
  }
}

type CommonEnvelope = Omit<NotificationEnvelope, "uid" | "sequence" | "method">;

function rdvPayload(
  change: RdvChange,
  event: RdvEventForAgent,
  emailKind: RdvEmailKind,
  envelope: CommonEnvelope,
  names: Names,
) {
  const record = change.after ?? change.before;
  const shown = rdvVersionFor(change, event);
  return {
    kind: "rdv" as const,
    ...envelope,
    email: emailKind,
    reason: rdvReason(change, event),
    uid: record.uid,
    sequence: event.type === "cancelled" ? cancelSequence(change.before, change.after) : shown.sequence,
    method: event.type === "cancelled" ? ("CANCEL" as const) : ("REQUEST" as const),
    rdv: rdvFacts(shown, names),
    previous: event.type === "updated" && change.before ? rdvFacts(change.before, names) : null,
  };
}

function agentRecordEnvelope(
  envelope: CommonEnvelope,
  change: PlageChange | AbsenceChange,
  owner: { change: AgentRecordChange; sequence: number },
) {
  const record = change.after ?? change.before;
  return {
    ...envelope,
    change: owner.change,
    uid: record.uid,
    sequence: owner.sequence,
    method: owner.change === "deleted" ? ("CANCEL" as const) : ("REQUEST" as const),
  };
}

function rdvFacts(rdv: RdvSnapshot, names: Names): RdvFacts {
  const motif = names.motifs.get(rdv.motifId);
  const lieu = rdv.lieuId ? names.lieux.get(rdv.lieuId) : undefined;
  return {
    id: rdv.id,
    startsAt: rdv.startsAt.toISOString(),
    durationInMin: rdv.durationInMin,
    motifName: motif?.name ?? "Motif inconnu",
    locationType: motif?.locationType ?? "public_office",
    lieu: lieu ?? null,
    usagers: rdv.userIds.flatMap((id) => {
      const name = names.users.get(id);
      return name ? [name] : [];
    }),
    usagerPhones: rdv.userIds.flatMap((id) => {
      const name = names.users.get(id);
      const phone = names.phones.get(id);
      return name && phone ? [{ name, phone }] : [];
    }),
  };
}

function plageFacts(plage: PlageSnapshot, names: Names): PlageFacts {
  return {
    id: plage.id,
    title: plage.title,
    lieu: names.lieux.get(plage.lieuId) ?? { name: "Lieu inconnu", address: "" },
    motifNames: names.motifsByName.filter((motif) => plage.motifIds.includes(motif.id)).map((motif) => motif.name),
    series: plageSeries(plage),
  };
}

function absenceFacts(absence: AbsenceSnapshot): AbsenceFacts {
  return { id: absence.id, title: absence.title, series: absenceSeries(absence) };
}

// A cancellation shows the RDV as the agent had it; anything else shows it as it is now.
function rdvVersionFor(change: RdvChange, event: RdvEventForAgent): RdvSnapshot {
  if (event.type === "cancelled") return change.before ?? change.after;
  return change.after ?? change.before;
}

function rdvReason(change: RdvChange, event: RdvEventForAgent): RdvEmailReason {
  const { before, after } = change;
  switch (event.type) {
    case "created":
      if (before === null) return "new";
      return isCancelledStatus(before.status) ? "revived" : "added";
    case "updated":
      return "changed";
    case "cancelled":
      if (after === null) return "deleted";
      if (isCancelledStatus(after.status)) return after.status;
      // Still active, so this agent was taken off it.
      return "removed";
  }
}

type OwnerChange<Snapshot> = { agentId: string; change: AgentRecordChange; shown: Snapshot; sequence: number };

/**
 * Who hears about a plage or an absence, and as what: its owner, with the change as it is. When the record moves to
 * another agent, the previous owner gets a deletion (its calendar loses it) and the new one a creation.
 */
function ownerChanges<Snapshot extends { agentId: string; sequence: number }>(
  change:
    | { action: "created"; before: null; after: Snapshot }
    | { action: "updated"; before: Snapshot; after: Snapshot }
    | { action: "deleted"; before: Snapshot; after: null },
): OwnerChange<Snapshot>[] {
  switch (change.action) {
    case "created":
      return [
        { agentId: change.after.agentId, change: "created", shown: change.after, sequence: change.after.sequence },
      ];
    case "deleted":
      return [
        {
          agentId: change.before.agentId,
          change: "deleted",
          shown: change.before,
          sequence: cancelSequence(change.before, null),
        },
      ];
    case "updated":
      if (change.before.agentId === change.after.agentId) {
        return [
          { agentId: change.after.agentId, change: "updated", shown: change.after, sequence: change.after.sequence },
        ];
      }
      return [
        {
          agentId: change.before.agentId,
          change: "deleted",
          shown: change.before,
          sequence: cancelSequence(change.before, change.after),
        },
        { agentId: change.after.agentId, change: "created", shown: change.after, sequence: change.after.sequence },
      ];
  }
}

/**
 * The SEQUENCE of a cancellation: higher than any the agent's calendar holds. A deleted record has no later version,
 * so it is the last one plus one; when the record lives on (an agent removed), at least its current sequence.
 */
function cancelSequence(before: { sequence: number } | null, after: { sequence: number } | null): number {
  return Math.max(after?.sequence ?? 0, (before?.sequence ?? -1) + 1);
}

function plageSeries(plage: PlageSnapshot): Series {
  return {
    firstDay: localDateFromDbDate(plage.firstDay),
    startTime: plage.startTime,
    endTime: plage.endTime,
    recurrence: recurrenceFromColumns(plage),
  };
}

function absenceSeries(absence: AbsenceSnapshot): Series {
  return {
    firstDay: localDateFromDbDate(absence.firstDay),
    startTime: absence.startTime,
    endDay: localDateFromDbDate(absence.endDay),
    endTime: absence.endTime,
    recurrence: recurrenceFromColumns(absence),
  };
}

function recordOf(change: DomainChange): { organisationId: string } {
  return change.after ?? change.before;
}

/** « vous-même », « Sophie Martin », « Jean Dupont (usager) ». */
function authorLabel(author: Author, recipientId: string, names: Names): string {
  if (author.kind === "agent") {
    if (author.agentId === recipientId) return "vous-même";
    const agent = names.agents.get(author.agentId);
    return agent ? fullName(agent) : "un agent";
  }
  const user = names.users.get(author.userId);
  return user ? `${user} (usager)` : "un usager";
}
