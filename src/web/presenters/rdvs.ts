// RDVs → what the pages and the API show: local times in the organisation's zone, names, French statuses.

import type { RdvDetails, RdvHistoryEntry } from "../../domain/rdvs/find-rdv.ts";
import type { RdvListItem } from "../../domain/rdvs/list-rdvs.ts";
import { RDV_STATUSES } from "../../domain/rdvs/rdv.schemas.ts";
import type { RdvStatus } from "../../generated/prisma/enums.ts";
import {
  formatDate,
  formatDateTime,
  formatShortDateTime,
  formatTime,
  localDateInput,
  localTimeInput,
} from "../../vocabulary/dates.ts";
import { authorName, fullName } from "../../vocabulary/names.ts";
import { isCancelledStatus, isPastRdv, rdvStatusInSentence, rdvStatusLabel } from "../../vocabulary/rdv-statuses.ts";
import { historySentence } from "./history.ts";

/** The RDV as the JSON API returns it, from the RDV read alone or in a list. */
export function rdvJson(rdv: RdvDetails | RdvListItem) {
  return {
    id: rdv.id,
    organisationId: rdv.organisationId,
    motifId: rdv.motifId,
    lieuId: rdv.lieuId,
    startsAt: rdv.startsAt.toISOString(),
    durationInMin: rdv.durationInMin,
    status: rdv.status,
    notes: rdv.notes,
    agentIds: rdv.agents.map((a) => a.agent.id),
    userIds: rdv.users.map((u) => u.user.id),
    uid: rdv.uid,
    sequence: rdv.sequence,
    createdAt: rdv.createdAt.toISOString(),
    updatedAt: rdv.updatedAt.toISOString(),
  };
}

/** Bootstrap colour of a status badge. */
const STATUS_BADGE: Record<RdvStatus, string> = {
  unknown: "text-bg-light border",
  seen: "text-bg-success",
  noshow: "text-bg-warning",
  excused: "text-bg-secondary",
  revoked: "text-bg-secondary",
};

/** The statuses an RDV can be given, with their labels, for the status form of an RDV that is `past` or not. */
export function statusChoices(timing: { past: boolean }) {
  return RDV_STATUSES.map((status) => ({ value: status, label: rdvStatusLabel(status, timing) }));
}

function statusOf(rdv: { status: RdvStatus; startsAt: Date }, now: Date) {
  return {
    value: rdv.status,
    label: currentStatusLabel(rdv, now),
    badge: STATUS_BADGE[rdv.status],
    cancelled: isCancelledStatus(rdv.status),
  };
}

/** The label of an RDV's status as it reads at `now` (« À venir » until it starts, then « À renseigner »). */
export function currentStatusLabel(rdv: { status: RdvStatus; startsAt: Date }, now: Date = new Date()): string {
  return rdvStatusLabel(rdv.status, { past: isPastRdv(rdv.startsAt, now) });
}

/** The confirmation after a status change: « Statut du RDV : honoré. » */
export function statusChangedMessage(rdv: { status: RdvStatus; startsAt: Date }, now: Date = new Date()): string {
  return `Statut du RDV : ${rdvStatusInSentence(rdv.status, { past: isPastRdv(rdv.startsAt, now) })}.`;
}

/** One row of the list of RDVs, in its organisation's zone (its status read at `now`). */
export function rdvListItem(rdv: RdvListItem, zone: string, now: Date = new Date()) {
  return {
    id: rdv.id,
    // « mardi 5 janvier 2027 à 09:30 »
    when: `${formatDate(rdv.startsAt, zone)} à ${formatTime(rdv.startsAt, zone)}`,
    durationInMin: rdv.durationInMin,
    motif: rdv.motif.name,
    lieu: rdv.lieu?.name ?? (rdv.motif.locationType === "phone" ? "Par téléphone" : "—"),
    agents: rdv.agents.map((a) => fullName(a.agent)).join(", "),
    users: rdv.users.map((u) => fullName(u.user)).join(", "),
    status: statusOf(rdv, now),
  };
}

/** The page of one RDV: details in local time, history, and where the agenda shows it. */
export function rdvPage(rdv: RdvDetails, history: RdvHistoryEntry[], viewerAgentId: string, now: Date = new Date()) {
  const zone = rdv.organisation.timezone;
  const end = new Date(rdv.startsAt.getTime() + rdv.durationInMin * 60_000);
  const agentIds = rdv.agents.map((a) => a.agent.id);
  const agendaAgentId = agentIds.includes(viewerAgentId) ? viewerAgentId : (agentIds[0] ?? viewerAgentId);
  return {
    id: rdv.id,
    organisationName: rdv.organisation.name,
    timezone: zone,
    when: formatDateTime(rdv.startsAt, zone),
    endTime: formatTime(end, zone),
    durationInMin: rdv.durationInMin,
    motif: rdv.motif.name,
    lieu: rdv.lieu ? { name: rdv.lieu.name, address: rdv.lieu.address } : null,
    locationType: rdv.motif.locationType,
    agents: rdv.agents.map((a) => ({ id: a.agent.id, name: fullName(a.agent) })),
    users: rdv.users.map((u) => ({ id: u.user.id, name: fullName(u.user), email: u.user.email, phone: u.user.phone })),
    notes: rdv.notes,
    status: statusOf(rdv, now),
    statusChoices: statusChoices({ past: isPastRdv(rdv.startsAt, now) }),
    // Booked online by a usager: « Jeanne Dupont (usager) ».
    createdBy: rdv.createdByAgent || rdv.createdByUser ? authorName(rdv.createdByAgent, rdv.createdByUser) : null,
    createdAt: formatDateTime(rdv.createdAt, zone),
    agendaHref: `/agenda?agentId=${encodeURIComponent(agendaAgentId)}&date=${localDateInput(rdv.startsAt, zone)}`,
    history: history.map((entry) => ({
      id: entry.id,
      when: formatShortDateTime(entry.createdAt, zone),
      authorName: entry.authorName,
      summary: historySentence(entry.data, { timezone: zone, at: entry.createdAt }),
    })),
  };
}

/** The values of the RDV form, as strings (what a browser sends back). */
export type RdvFormValues = {
  motifId: string;
  lieuId: string;
  date: string;
  time: string;
  durationInMin: string;
  agentIds: string[];
  userIds: string[];
  notes: string;
  newUserFirstName: string;
  newUserLastName: string;
  newUserEmail: string;
  newUserPhone: string;
  newUserBirthDate: string;
  q: string;
};

const text = (value: unknown) => (typeof value === "string" ? value : "");
const list = (value: unknown) =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string" && v !== "");

/** The values a browser posted, to fill the form again. */
export function rdvFormValuesFrom(body: unknown): RdvFormValues {
  const get = (key: string): unknown =>
    typeof body === "object" && body !== null && key in body ? Reflect.get(body, key) : undefined;
  return {
    motifId: text(get("motifId")),
    lieuId: text(get("lieuId")),
    date: text(get("date")),
    time: text(get("time")),
    durationInMin: text(get("durationInMin")),
    agentIds: list(get("agentIds")),
    userIds: list(get("userIds")),
    notes: text(get("notes")),
    newUserFirstName: text(get("newUserFirstName")),
    newUserLastName: text(get("newUserLastName")),
    newUserEmail: text(get("newUserEmail")),
    newUserPhone: text(get("newUserPhone")),
    newUserBirthDate: text(get("newUserBirthDate")),
    q: text(get("q")),
  };
}

/** The values of the form that edits an existing RDV. */
export function rdvFormValuesOf(rdv: RdvDetails): RdvFormValues {
  const zone = rdv.organisation.timezone;
  return {
    motifId: rdv.motifId,
    lieuId: rdv.lieuId ?? "",
    date: localDateInput(rdv.startsAt, zone),
    time: localTimeInput(rdv.startsAt, zone),
    durationInMin: String(rdv.durationInMin),
    agentIds: rdv.agents.map((a) => a.agent.id),
    userIds: rdv.users.map((u) => u.user.id),
    notes: rdv.notes ?? "",
    newUserFirstName: "",
    newUserLastName: "",
    newUserEmail: "",
    newUserPhone: "",
    newUserBirthDate: "",
    q: "",
  };
}

/** Empty values for a new RDV, with what the link that opened the form suggests. */
export function newRdvFormValues(defaults: Partial<RdvFormValues>): RdvFormValues {
  return { ...rdvFormValuesFrom({}), ...defaults };
}
