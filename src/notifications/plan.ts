// A change → the emails it causes, queued in the change's transaction. The only caller of the pure decisions of
// rules.ts: it maps the change to events per agent, reads each agent's level and the organisation's time zone, asks
// the rules, and writes one outbox row per email to send, with a fixed number of queries whatever the number of agents.
import type { Tx } from "../db/client.ts";
import type { Author } from "../domain/author.ts";
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
import { buildAbsenceEmail } from "./emails/absence-email.ts";
import { type AgentRecordEmailInput, type BuiltEmail, fullName } from "./emails/common.ts";
import { buildPlageEmail } from "./emails/plage-email.ts";
import { buildRdvEmail, type RdvEmailReason, type RdvFacts } from "./emails/rdv-email.ts";
import type { IcsPerson } from "./ics.ts";
import { isCancelledStatus } from "../vocabulary/rdv-statuses.ts";
import { enqueueEmails, messageDomainOf, type OutgoingEmail } from "./outbox.ts";
import {
  type AgentNotificationPreferences,
  type AgentRecordChange,
  decidePlageOrAbsenceEmail,
  decideRdvEmail,
  type RdvEventForAgent,
  rdvEventsForAgents,
} from "./rules.ts";

/** Queue, in `tx`, every email that `change` causes under the agents' preferences. */
export async function planNotifications(tx: Tx, context: DomainContext, change: DomainChange): Promise<void> {
  const emails =
    change.kind === "rdv"
      ? await planRdvEmails(tx, context, change)
      : change.kind === "plage_ouverture"
        ? await planPlageEmails(tx, context, change)
        : await planAbsenceEmails(tx, context, change);
  await enqueueEmails(tx, emails, messageDomainOf(context.config.MAIL_FROM));
}

const agentSelect = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  rdvNotificationsLevel: true,
  plageOuvertureNotificationLevel: true,
  absenceNotificationLevel: true,
} as const;

const organisationSelect = { name: true, timezone: true, emailSenderName: true } as const;

type Organisation = { name: string; timezone: string; emailSenderName: string | null };
type AgentRow = { id: string; email: string; firstName: string; lastName: string };
type LoadedAgent = AgentRow & AgentNotificationPreferences;
type Names = { agents: ReadonlyMap<string, AgentRow>; users: ReadonlyMap<string, string> };

async function planRdvEmails(tx: Tx, context: DomainContext, change: RdvChange): Promise<OutgoingEmail[]> {
  const events = rdvEventsForAgents(change.before, change.after);
  if (events.length === 0) return [];
  const record = change.after ?? change.before;
  const organisation = await loadOrganisation(tx, record.organisationId);
  const agents = await loadAgents(tx, [...events.map((e) => e.agentId), authorAgentId(change.author)]);

  const decided = events.flatMap(({ agentId, event }) => {
    const agent = agents.get(agentId);
    if (!agent) return [];
    const kind = decideRdvEmail({
      level: agent.rdvNotificationsLevel,
      recipientAgentId: agentId,
      author: change.author,
      event,
      now: change.at,
      timezone: organisation.timezone,
    });
    return kind ? [{ agent, event, kind }] : [];
  });
  if (decided.length === 0) return [];

  // The names the recaps show, for every version of the RDV at once.
  const versions = [change.before, change.after].filter((rdv) => rdv !== null);
  const motifs = await tx.motif.findMany({
    where: { id: { in: unique(versions.map((rdv) => rdv.motifId)) } },
    select: { id: true, name: true, locationType: true },
  });
  const lieux = await tx.lieu.findMany({
    where: { id: { in: unique(versions.flatMap((rdv) => (rdv.lieuId ? [rdv.lieuId] : []))) } },
    select: { id: true, name: true, address: true },
  });
  const users = await loadUserNames(tx, [
    ...versions.flatMap((rdv) => rdv.userIds),
    ...(change.author.kind === "user" ? [change.author.userId] : []),
  ]);
  const motifById = new Map(motifs.map((motif) => [motif.id, motif]));
  const lieuById = new Map(lieux.map((lieu) => [lieu.id, lieu]));
  const facts = (rdv: RdvSnapshot): RdvFacts => {
    const motif = motifById.get(rdv.motifId);
    const lieu = rdv.lieuId ? lieuById.get(rdv.lieuId) : undefined;
    return {
      id: rdv.id,
      startsAt: rdv.startsAt,
      durationInMin: rdv.durationInMin,
      motifName: motif?.name ?? "Motif inconnu",
      locationType: motif?.locationType ?? "public_office",
      lieu: lieu ? { name: lieu.name, address: lieu.address } : null,
      usagers: rdv.userIds.flatMap((id) => {
        const name = users.get(id);
        return name ? [name] : [];
      }),
    };
  };
  const names: Names = { agents, users };

  return Promise.all(
    decided.map(async ({ agent, event, kind }) => {
      const shown = rdvVersionFor(change, event);
      const built = await buildRdvEmail({
        ...envelope(context, organisation, agent, change.at),
        kind,
        reason: rdvReason(change, event),
        uid: record.uid,
        sequence: event.type === "cancelled" ? cancelSequence(change.before, change.after) : shown.sequence,
        rdv: facts(shown),
        previous: event.type === "updated" && change.before ? facts(change.before) : null,
        authorLabel: authorLabel(change.author, agent.id, names),
      });
      return outgoing(record.organisationId, kind, agent, organisation, built);
    }),
  );
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

/** A plage or absence change, whatever the kind of record. */
type AgentRecordChangeOf<Snapshot> = { author: Author; at: Date } & (
  | { action: "created"; before: null; after: Snapshot }
  | { action: "updated"; before: Snapshot; after: Snapshot }
  | { action: "deleted"; before: Snapshot; after: null }
);

type RecordSnapshot = { id: string; organisationId: string; agentId: string; uid: string; sequence: number };

/**
 * The emails of a plage or absence change: its owner(s) under their preferences, each with the record as an email
 * describes it. `describe` loads what the emails name (once for every version of the record) and returns the mapping.
 */
async function planAgentRecordEmails<Snapshot extends RecordSnapshot, Facts>(
  tx: Tx,
  context: DomainContext,
  change: AgentRecordChangeOf<Snapshot>,
  kind: {
    recordType: "plage_ouverture" | "absence";
    describe: (versions: Snapshot[]) => Promise<(record: Snapshot) => Facts>;
    build: (input: AgentRecordEmailInput<Facts>) => Promise<BuiltEmail>;
  },
): Promise<OutgoingEmail[]> {
  const record = change.action === "deleted" ? change.before : change.after;
  const owners = ownerChanges(change);
  const organisation = await loadOrganisation(tx, record.organisationId);
  const agents = await loadAgents(tx, [...owners.map((o) => o.agentId), authorAgentId(change.author)]);
  const decided = decideOwners(kind.recordType, owners, agents);
  if (decided.length === 0) return [];

  const facts = await kind.describe([change.before, change.after].filter((version) => version !== null));
  const users = await loadUserNames(tx, change.author.kind === "user" ? [change.author.userId] : []);
  const names: Names = { agents, users };

  return Promise.all(
    decided.map(async ({ agent, owner, kind: emailKind }) => {
      const built = await kind.build({
        ...envelope(context, organisation, agent, change.at),
        change: owner.change,
        uid: record.uid,
        sequence: owner.sequence,
        record: facts(owner.shown),
        previous: owner.change === "updated" && change.before ? facts(change.before) : null,
        authorLabel: authorLabel(change.author, agent.id, names),
      });
      return outgoing(record.organisationId, emailKind, agent, organisation, built);
    }),
  );
}

function planPlageEmails(tx: Tx, context: DomainContext, change: PlageChange): Promise<OutgoingEmail[]> {
  return planAgentRecordEmails(tx, context, change, {
    recordType: "plage_ouverture",
    build: buildPlageEmail,
    describe: async (versions: PlageSnapshot[]) => {
      const lieux = await tx.lieu.findMany({
        where: { id: { in: unique(versions.map((plage) => plage.lieuId)) } },
        select: { id: true, name: true, address: true },
      });
      const motifs = await tx.motif.findMany({
        where: { id: { in: unique(versions.flatMap((plage) => plage.motifIds)) } },
        select: { id: true, name: true },
        orderBy: { name: "asc" },
      });
      const lieuById = new Map(lieux.map((lieu) => [lieu.id, lieu]));
      return (plage: PlageSnapshot) => ({
        id: plage.id,
        title: plage.title,
        lieu: lieuById.get(plage.lieuId) ?? { name: "Lieu inconnu", address: "" },
        motifNames: motifs.filter((motif) => plage.motifIds.includes(motif.id)).map((motif) => motif.name),
        series: plageSeries(plage),
      });
    },
  });
}

function planAbsenceEmails(tx: Tx, context: DomainContext, change: AbsenceChange): Promise<OutgoingEmail[]> {
  return planAgentRecordEmails(tx, context, change, {
    recordType: "absence",
    build: buildAbsenceEmail,
    describe: async () => (absence: AbsenceSnapshot) => ({
      id: absence.id,
      title: absence.title,
      series: absenceSeries(absence),
    }),
  });
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

function decideOwners<Snapshot>(
  recordType: "plage_ouverture" | "absence",
  owners: OwnerChange<Snapshot>[],
  agents: ReadonlyMap<string, LoadedAgent>,
) {
  return owners.flatMap((owner) => {
    const agent = agents.get(owner.agentId);
    if (!agent) return [];
    const kind = decidePlageOrAbsenceEmail({ recordType, change: owner.change, ownerPreferences: agent });
    return kind ? [{ agent, owner, kind }] : [];
  });
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

async function loadOrganisation(tx: Tx, organisationId: string): Promise<Organisation> {
  return tx.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: organisationSelect });
}

// Every agent of the change (recipients and author) in one query.
async function loadAgents(tx: Tx, ids: (string | null)[]): Promise<Map<string, LoadedAgent>> {
  const agents = await tx.agent.findMany({
    where: { id: { in: unique(ids.filter((id) => id !== null)) } },
    select: agentSelect,
  });
  return new Map(agents.map((agent) => [agent.id, agent]));
}

async function loadUserNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const users = await tx.user.findMany({
    where: { id: { in: unique(ids) } },
    select: { id: true, firstName: true, lastName: true },
  });
  return new Map(users.map((user) => [user.id, fullName(user)]));
}

function authorAgentId(author: Author): string | null {
  return author.kind === "agent" ? author.agentId : null;
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

function envelope(context: DomainContext, organisation: Organisation, agent: AgentRow, now: Date) {
  const sender: IcsPerson = { name: organisation.emailSenderName ?? "RDV Agents", email: context.config.MAIL_FROM };
  return {
    appUrl: context.config.APP_URL,
    sender,
    recipient: { name: fullName(agent), email: agent.email },
    timezone: organisation.timezone,
    now,
  };
}

function outgoing(
  organisationId: string,
  kind: string,
  agent: AgentRow,
  organisation: Organisation,
  built: BuiltEmail,
): OutgoingEmail {
  return {
    organisationId,
    kind,
    to: agent.email,
    fromName: organisation.emailSenderName,
    subject: built.subject,
    html: built.html,
    text: built.text,
    ics: built.ics,
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
