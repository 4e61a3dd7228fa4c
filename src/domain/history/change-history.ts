// An RDV, plage or absence change → the facts its history row keeps (pure: names are given, loaded by the caller).

import { absenceOf, absenceSeries, changedAbsenceAspects } from "../absences/absence-snapshot.ts";
import type { AbsenceChange, ChangeCause, DomainChange, PlageChange, RdvChange, RdvSnapshot } from "../changes.ts";
import { changedPlageAspects, plageOf, plageSeries } from "../plages/plage-snapshot.ts";
import type { AgentRecordFacts, NewHistoryData, RdvFacts, RdvFieldChanges } from "./history-data.ts";

/** Names of the motifs, lieux, agents and usagers a change refers to, by id, as they are in its transaction. */
export type ChangeNames = {
  motifs: ReadonlyMap<string, string>;
  lieux: ReadonlyMap<string, string>;
  agents: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
};

// Names come from the change's own transaction, where foreign keys keep them; the marker only guards a broken row.
const MISSING = "(supprimé)";

/** The structured history of a change: what it was, with the names as they are at that moment. */
export function historyDataOf(change: DomainChange, names: ChangeNames): NewHistoryData {
  switch (change.kind) {
    case "rdv":
      return rdvHistoryData(change, names);
    case "plage_ouverture":
      return plageHistoryData(change, names);
    case "absence":
      return absenceHistoryData(change);
  }
}

function rdvHistoryData(change: RdvChange, names: ChangeNames): NewHistoryData {
  if (change.action === "created") return { type: "rdv", action: "created", rdv: rdvFacts(change.after, names) };
  if (change.action === "deleted") return { type: "rdv", action: "deleted", rdv: rdvFacts(change.before, names) };
  const cause = causeOf(change.cause, names);
  return {
    type: "rdv",
    action: "updated",
    rdv: rdvFacts(change.after, names),
    changes: rdvFieldChanges(change.before, change.after, names),
    ...(cause && { cause }),
  };
}

function rdvFacts(rdv: RdvSnapshot, names: ChangeNames): RdvFacts {
  return {
    startsAt: rdv.startsAt.toISOString(),
    durationInMin: rdv.durationInMin,
    status: rdv.status,
    motif: nameIn(names.motifs, rdv.motifId),
    lieu: rdv.lieuId ? nameIn(names.lieux, rdv.lieuId) : null,
    agents: rdv.agentIds.map((id) => nameIn(names.agents, id)),
    usagers: rdv.userIds.map((id) => nameIn(names.users, id)),
  };
}

function rdvFieldChanges(before: RdvSnapshot, after: RdvSnapshot, names: ChangeNames): RdvFieldChanges {
  const changes: RdvFieldChanges = {};
  if (before.status !== after.status) changes.status = { from: before.status, to: after.status };
  if (before.startsAt.getTime() !== after.startsAt.getTime()) {
    changes.startsAt = { from: before.startsAt.toISOString(), to: after.startsAt.toISOString() };
  }
  if (before.durationInMin !== after.durationInMin) {
    changes.durationInMin = { from: before.durationInMin, to: after.durationInMin };
  }
  if (before.motifId !== after.motifId) {
    changes.motif = { from: nameIn(names.motifs, before.motifId), to: nameIn(names.motifs, after.motifId) };
  }
  if (before.lieuId !== after.lieuId) {
    const lieu = (id: string | null) => (id ? nameIn(names.lieux, id) : null);
    changes.lieu = { from: lieu(before.lieuId), to: lieu(after.lieuId) };
  }
  const agents = addedRemoved(before.agentIds, after.agentIds, names.agents);
  if (agents) changes.agents = agents;
  const usagers = addedRemoved(before.userIds, after.userIds, names.users);
  if (usagers) changes.usagers = usagers;
  if (before.notes !== after.notes) changes.notes = after.notes ? "modified" : "cleared";
  return changes;
}

function addedRemoved(
  before: readonly string[],
  after: readonly string[],
  names: ReadonlyMap<string, string>,
): { added: string[]; removed: string[] } | null {
  const added = after.filter((id) => !before.includes(id));
  const removed = before.filter((id) => !after.includes(id));
  if (added.length === 0 && removed.length === 0) return null;
  return { added: added.map((id) => nameIn(names, id)), removed: removed.map((id) => nameIn(names, id)) };
}

function plageHistoryData(change: PlageChange, names: ChangeNames): NewHistoryData {
  const facts = (snapshot: NonNullable<PlageChange["before"]>): AgentRecordFacts => {
    const plage = plageOf(snapshot);
    return { title: plage.title, series: plageSeries(plage) };
  };
  switch (change.action) {
    case "created":
      return { type: "plage_ouverture", action: "created", record: facts(change.after) };
    case "updated":
      return {
        type: "plage_ouverture",
        action: "updated",
        before: facts(change.before),
        record: facts(change.after),
        aspects: changedPlageAspects(change.before, change.after),
      };
    case "deleted": {
      const cause = causeOf(change.cause, names);
      return { type: "plage_ouverture", action: "deleted", record: facts(change.before), ...(cause && { cause }) };
    }
  }
}

function absenceHistoryData(change: AbsenceChange): NewHistoryData {
  const facts = (snapshot: NonNullable<AbsenceChange["before"]>): AgentRecordFacts => {
    const absence = absenceOf(snapshot);
    return { title: absence.title, series: absenceSeries(absence) };
  };
  switch (change.action) {
    case "created":
      return { type: "absence", action: "created", record: facts(change.after) };
    case "updated":
      return {
        type: "absence",
        action: "updated",
        before: facts(change.before),
        record: facts(change.after),
        aspects: changedAbsenceAspects(change.before, change.after),
      };
    case "deleted":
      return { type: "absence", action: "deleted", record: facts(change.before) };
  }
}

function causeOf(cause: ChangeCause | undefined, names: ChangeNames) {
  return cause ? { type: cause.type, agent: nameIn(names.agents, cause.agentId) } : undefined;
}

function nameIn(names: ReadonlyMap<string, string>, id: string): string {
  return names.get(id) ?? MISSING;
}
