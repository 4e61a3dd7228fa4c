// History rows → French sentences, when they are shown (never when they are written): « RDV déplacé du … au … ;
// Agents ajoutés : … ». Dates in the organisation's zone, statuses and names from the shared vocabulary.
import { ROLE_LABELS } from "../../domain/agents/roles.ts";
import type { AgentRecordFacts, HistoryData, RdvHistoryData } from "../../domain/history/history-data.ts";
import { describeRecurrence } from "../../domain/recurrence/describe-recurrence.ts";
import { formatDateTime } from "../../vocabulary/dates.ts";
import { deName } from "../../vocabulary/names.ts";
import { isPastRdv, rdvStatusInSentence } from "../../vocabulary/rdv-statuses.ts";

/** Where and when a row is read: the organisation's zone, and when the change was made. */
type HistoryReading = { timezone: string; at: Date };

/** The French sentence of one history row. */
export function historySentence(data: HistoryData, reading: HistoryReading): string {
  switch (data.type) {
    case "legacy":
      return data.summary;
    case "rdv":
      return rdvSentence(data, reading);
    case "plage_ouverture":
    case "absence": {
      const noun = data.type === "plage_ouverture" ? "Plage d'ouverture" : "Absence";
      const record = (facts: AgentRecordFacts) => `${noun} « ${facts.title} »`;
      switch (data.action) {
        case "created":
          return `${record(data.record)} créée : ${describeRecurrence(data.record.series)}.`;
        case "updated":
          return `${record(data.record)} modifiée (${data.aspects.join(", ")}) : ${describeRecurrence(data.record.series)}.`;
        case "deleted": {
          const deleted = `${record(data.record)} supprimée (${describeRecurrence(data.record.series)})`;
          return data.cause ? `${deleted} : ${data.cause.agent} retiré de l'organisation.` : `${deleted}.`;
        }
      }
      break;
    }
    case "agent":
      switch (data.action) {
        case "role_changed":
          return `Rôle ${deName(data.agent)} changé : ${ROLE_LABELS[data.role.from]} → ${ROLE_LABELS[data.role.to]}`;
        case "invited":
        case "added":
          return `${data.action === "added" ? "Agent ajouté" : "Agent invité"} : ${data.agent} (${data.email}), rôle « ${ROLE_LABELS[data.role]} »`;
        case "invitation_accepted":
          return `Invitation acceptée : ${data.agent}`;
        case "removed":
          return (
            `${data.agent} retiré de l'organisation (${data.reassigned} RDV réassigné(s), ${data.cancelled} RDV ` +
            `annulé(s), ${data.plagesDeleted} plage(s) d'ouverture supprimée(s)).`
          );
      }
      break;
    case "lieu": {
      const lieu = (facts: { name: string; address: string }) => `${facts.name} (${facts.address})`;
      switch (data.action) {
        case "created":
          return `Lieu créé : ${lieu(data.lieu)}`;
        case "updated":
          return `Lieu modifié : ${lieu(data.lieu.from)} → ${lieu(data.lieu.to)}`;
        case "deleted":
          return `Lieu supprimé : ${lieu(data.lieu)}`;
        case "disabled":
          return `Lieu désactivé : ${data.lieu.name}`;
        case "enabled":
          return `Lieu réactivé : ${data.lieu.name}`;
      }
      break;
    }
    case "motif":
      switch (data.action) {
        case "created":
          return `Motif créé : ${data.motif.name} (${data.motif.defaultDurationInMin} min)`;
        case "updated":
          return `Motif modifié : ${data.motif.name}${data.changed.length > 0 ? ` (${data.changed.join(", ")})` : ""}`;
        case "disabled":
          return `Motif désactivé : ${data.motif.name}`;
        case "enabled":
          return `Motif réactivé : ${data.motif.name}`;
      }
      break;
    case "user":
      return `${data.action === "created" ? "Usager créé" : "Usager modifié"} : ${data.user}`;
    case "organisation":
      return `Paramètres de l'organisation modifiés : ${data.changed.join(", ")}`;
  }
}

function rdvSentence(data: RdvHistoryData, { timezone, at }: HistoryReading): string {
  const when = (iso: string) => formatDateTime(new Date(iso), timezone);
  const rdv = data.rdv;
  if (data.action === "created") {
    return (
      `RDV créé pour le ${when(rdv.startsAt)} (${rdv.durationInMin} min)${rdv.lieu ? ` à ${rdv.lieu}` : ""} : ` +
      `${rdv.motif}, avec ${rdv.agents.join(", ")}${rdv.usagers.length > 0 ? `, pour ${rdv.usagers.join(", ")}` : ""}`
    );
  }
  if (data.action === "deleted") return `RDV supprimé (il était prévu le ${when(rdv.startsAt)})`;

  const { changes, cause } = data;
  if (cause) {
    // An agent left the organisation: the RDV was cancelled, given to a colleague, or left to its other agents.
    const what =
      changes.status?.to === "revoked"
        ? "RDV annulé par le service"
        : changes.agents && changes.agents.added.length > 0
          ? `RDV réassigné à ${changes.agents.added.join(", ")}`
          : `RDV gardé par ${rdv.agents.join(", ")}`;
    return `${what} (${cause.agent} retiré de l'organisation).`;
  }
  const parts: string[] = [];
  if (changes.status) {
    parts.push(`Statut : ${rdvStatusInSentence(changes.status.to, { past: isPastRdv(new Date(rdv.startsAt), at) })}`);
  }
  if (changes.startsAt) parts.push(`RDV déplacé du ${when(changes.startsAt.from)} au ${when(changes.startsAt.to)}`);
  if (changes.durationInMin) {
    parts.push(`Durée : ${changes.durationInMin.from} min → ${changes.durationInMin.to} min`);
  }
  if (changes.motif) parts.push(`Motif : ${changes.motif.from} → ${changes.motif.to}`);
  if (changes.lieu) parts.push(`Lieu : ${changes.lieu.from ?? "aucun"} → ${changes.lieu.to ?? "aucun"}`);
  if (changes.agents?.added.length) parts.push(`Agents ajoutés : ${changes.agents.added.join(", ")}`);
  if (changes.agents?.removed.length) parts.push(`Agents retirés : ${changes.agents.removed.join(", ")}`);
  if (changes.usagers?.added.length) parts.push(`Usagers ajoutés : ${changes.usagers.added.join(", ")}`);
  if (changes.usagers?.removed.length) parts.push(`Usagers retirés : ${changes.usagers.removed.join(", ")}`);
  if (changes.notes) parts.push(changes.notes === "modified" ? "Notes modifiées" : "Notes effacées");
  return parts.length ? parts.join(" ; ") : "RDV enregistré sans modification";
}
