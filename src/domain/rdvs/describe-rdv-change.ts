// The French one-line summary of an RDV change, as the history shows it: « RDV déplacé du … au … ; Agents ajoutés : … ».
import { DateTime } from "luxon";
import type { Tx } from "../../db/client.ts";
import type { RdvStatus } from "../../generated/prisma/enums.ts";
import type { RdvChange, RdvSnapshot } from "../changes.ts";

/** Statuses as people say them. */
export const RDV_STATUS_LABELS: Record<RdvStatus, string> = {
  unknown: "à renseigner",
  seen: "honoré",
  noshow: "absence non excusée",
  excused: "annulé (à la demande de l'usager)",
  revoked: "annulé (par le service)",
};

/** Names of the motifs, lieux, agents and usagers a change refers to, by id. */
export type RdvNames = {
  motifs: Map<string, string>;
  lieux: Map<string, string>;
  agents: Map<string, string>;
  users: Map<string, string>;
};

/** Load, in `tx`, the names a summary of these snapshots needs (one query per kind of record). */
export async function loadRdvNames(tx: Tx, snapshots: (RdvSnapshot | null)[]): Promise<RdvNames> {
  const present = snapshots.filter((s): s is RdvSnapshot => s !== null);
  const motifIds = [...new Set(present.map((s) => s.motifId))];
  const lieuIds = [...new Set(present.flatMap((s) => (s.lieuId ? [s.lieuId] : [])))];
  const agentIds = [...new Set(present.flatMap((s) => s.agentIds))];
  const userIds = [...new Set(present.flatMap((s) => s.userIds))];
  const motifs = await tx.motif.findMany({ where: { id: { in: motifIds } }, select: { id: true, name: true } });
  const lieux = await tx.lieu.findMany({ where: { id: { in: lieuIds } }, select: { id: true, name: true } });
  const agents = await tx.agent.findMany({
    where: { id: { in: agentIds } },
    select: { id: true, firstName: true, lastName: true },
  });
  const users = await tx.user.findMany({
    where: { id: { in: userIds } },
    select: { id: true, firstName: true, lastName: true },
  });
  return {
    motifs: new Map(motifs.map((m) => [m.id, m.name])),
    lieux: new Map(lieux.map((l) => [l.id, l.name])),
    agents: new Map(agents.map((a) => [a.id, `${a.firstName} ${a.lastName}`])),
    users: new Map(users.map((u) => [u.id, `${u.firstName} ${u.lastName}`])),
  };
}

/** « lundi 29 mars 2027 à 09:00 », in the organisation's zone. */
function when(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).setLocale("fr").toFormat("cccc d LLLL yyyy 'à' HH:mm");
}

function namesOf(ids: readonly string[], names: Map<string, string>): string {
  return ids.map((id) => names.get(id) ?? "(supprimé)").join(", ");
}

/** The French summary of a change, for the history. */
export function describeRdvChange(change: RdvChange, names: RdvNames, timezone: string): string {
  if (change.action === "created") {
    const rdv = change.after;
    const lieu = rdv.lieuId ? ` à ${names.lieux.get(rdv.lieuId) ?? "un lieu supprimé"}` : "";
    return (
      `RDV créé pour le ${when(rdv.startsAt, timezone)} (${rdv.durationInMin} min)${lieu} : ` +
      `${names.motifs.get(rdv.motifId) ?? "motif supprimé"}, avec ${namesOf(rdv.agentIds, names.agents)}, ` +
      `pour ${namesOf(rdv.userIds, names.users)}`
    );
  }
  if (change.action === "deleted") {
    return `RDV supprimé (il était prévu le ${when(change.before.startsAt, timezone)})`;
  }
  const { before, after } = change;
  const parts: string[] = [];
  if (before.status !== after.status) parts.push(`Statut : ${RDV_STATUS_LABELS[after.status]}`);
  if (before.startsAt.getTime() !== after.startsAt.getTime()) {
    parts.push(`RDV déplacé du ${when(before.startsAt, timezone)} au ${when(after.startsAt, timezone)}`);
  }
  if (before.durationInMin !== after.durationInMin) {
    parts.push(`Durée : ${before.durationInMin} min → ${after.durationInMin} min`);
  }
  if (before.motifId !== after.motifId) {
    parts.push(`Motif : ${names.motifs.get(before.motifId)} → ${names.motifs.get(after.motifId)}`);
  }
  if (before.lieuId !== after.lieuId) {
    const lieu = (id: string | null) => (id ? (names.lieux.get(id) ?? "lieu supprimé") : "aucun");
    parts.push(`Lieu : ${lieu(before.lieuId)} → ${lieu(after.lieuId)}`);
  }
  const added = (from: readonly string[], to: readonly string[]) => to.filter((id) => !from.includes(id));
  const agentsAdded = added(before.agentIds, after.agentIds);
  const agentsRemoved = added(after.agentIds, before.agentIds);
  if (agentsAdded.length) parts.push(`Agents ajoutés : ${namesOf(agentsAdded, names.agents)}`);
  if (agentsRemoved.length) parts.push(`Agents retirés : ${namesOf(agentsRemoved, names.agents)}`);
  const usersAdded = added(before.userIds, after.userIds);
  const usersRemoved = added(after.userIds, before.userIds);
  if (usersAdded.length) parts.push(`Usagers ajoutés : ${namesOf(usersAdded, names.users)}`);
  if (usersRemoved.length) parts.push(`Usagers retirés : ${namesOf(usersRemoved, names.users)}`);
  if (before.notes !== after.notes) parts.push(after.notes ? "Notes modifiées" : "Notes effacées");
  return parts.length ? parts.join(" ; ") : "RDV enregistré sans modification";
}
