// The RDV emails an agent receives: created, updated, cancelled. Subject, HTML, text and ICS from its payload.
import { z } from "zod";
import { LocationType } from "../../generated/prisma/enums.ts";
import { formatDate, formatDateTime, formatTime } from "../../vocabulary/dates.ts";
import type { AppLink } from "../app-link.ts";
import { buildIcs, icsFilename } from "../ics.ts";
import type { RdvEmailKind } from "../rules.ts";
import { renderTemplate } from "../templates.ts";
import {
  type DayReference,
  dayReference,
  durationText,
  type IcsAttachment,
  instantSchema,
  notificationEnvelopeSchema,
  oneLine,
  type RecapRow,
} from "./common.ts";

/** An RDV as an email describes it: names already looked up. */
const rdvFactsSchema = z.object({
  id: z.string(),
  startsAt: instantSchema,
  durationInMin: z.number().int().positive(),
  motifName: z.string(),
  locationType: z.enum(LocationType),
  lieu: z.object({ name: z.string(), address: z.string() }).nullable(),
  usagers: z.array(z.string()),
});

export type RdvFacts = z.output<typeof rdvFactsSchema>;

/** Why an agent gets a creation or a cancellation, beyond a plain new or cancelled RDV. */
const rdvEmailReasonSchema = z.enum(["new", "revived", "added", "excused", "revoked", "removed", "deleted", "changed"]);

export type RdvEmailReason = z.output<typeof rdvEmailReasonSchema>;

/**
 * What an RDV email tells an agent: the RDV as its calendar must now show it (for a cancellation: as the agent had
 * it), and for an update the RDV as it was.
 */
export const rdvPayloadSchema = notificationEnvelopeSchema.extend({
  kind: z.literal("rdv"),
  email: z.enum(["rdv_created", "rdv_updated", "rdv_cancelled"]),
  reason: rdvEmailReasonSchema,
  rdv: rdvFactsSchema,
  previous: rdvFactsSchema.nullable(),
});

export type RdvPayload = z.output<typeof rdvPayloadSchema>;

/** The subject: the day is the RDV's (for an update, the day the agent had in its calendar). */
export function subject(payload: RdvPayload): string {
  const { email: kind, rdv, previous } = payload;
  const day = kind === "rdv_updated" && previous ? previous.startsAt : rdv.startsAt;
  return rdvSubject(kind, new Date(day), new Date(payload.at), payload.organisation.timezone);
}

/** HTML and plain-text bodies. */
export function render(payload: RdvPayload, link: AppLink): { html: string; text: string } {
  const { rdv, previous } = payload;
  const timezone = payload.organisation.timezone;
  const view = linkOf(payload, link);
  return renderTemplate("rdv", {
    subject: subject(payload),
    recipientName: payload.recipient.name,
    headline: HEADLINES[payload.email],
    reasonText: REASON_TEXTS[payload.reason],
    moved: previous !== null && previous.startsAt !== rdv.startsAt,
    oldTime: previous ? formatDateTime(new Date(previous.startsAt), timezone) : "",
    newTime: formatDateTime(new Date(rdv.startsAt), timezone),
    rows: recapRows(payload),
    link: view.link,
    linkLabel: view.label,
    preferencesLink: link("/mon-compte/preferences"),
  });
}

/** The calendar invitation, or its cancellation. */
export function ics(payload: RdvPayload, link: AppLink): IcsAttachment {
  const { rdv } = payload;
  const startsAt = new Date(rdv.startsAt);
  const url = linkOf(payload, link).link;
  const content = buildIcs({
    method: payload.method,
    uid: payload.uid,
    sequence: payload.sequence,
    summary: `RDV ${rdv.motifName}${rdv.usagers.length > 0 ? ` - ${rdv.usagers.join(", ")}` : ""}`,
    description: [...recapRows(payload).map((row) => `${row.label} : ${row.value}`), url].join("\n"),
    location: locationText(rdv),
    url,
    timezone: payload.organisation.timezone,
    start: { utc: startsAt },
    end: { utc: new Date(startsAt.getTime() + rdv.durationInMin * 60_000) },
    transparent: false,
    organizer: payload.sender,
    attendee: payload.recipient,
    now: new Date(payload.at),
  });
  return { content, method: payload.method, filename: icsFilename("rdv") };
}

// A deleted RDV has no page left: the link goes to the agenda.
function linkOf(payload: RdvPayload, link: AppLink): { link: string; label: string } {
  if (payload.reason === "deleted") return { link: link("/agenda"), label: "Voir mon agenda" };
  return { link: link(`/rdvs/${payload.rdv.id}`), label: "Voir le RDV" };
}

/**
 * « Nouveau RDV ajouté sur votre agenda pour demain », « RDV du 26 août modifié », « RDV annulé aujourd'hui »: the
 * day is the RDV's (for an update, the day the agent had in its calendar), relative to the change.
 */
export function rdvSubject(kind: RdvEmailKind, startsAt: Date, now: Date, timezone: string): string {
  const day = dayReference(startsAt, now, timezone);
  switch (kind) {
    case "rdv_created":
      return `Nouveau RDV ajouté sur votre agenda ${forDay(day)}`;
    case "rdv_updated":
      return `RDV ${ofDay(day)} modifié`;
    case "rdv_cancelled":
      return day.relative === "today" ? "RDV annulé aujourd'hui" : `RDV ${ofDay(day)} annulé`;
  }
}

function forDay(day: DayReference): string {
  if (day.relative === "today") return "pour aujourd'hui";
  if (day.relative === "tomorrow") return "pour demain";
  return `pour le ${day.date}`;
}

function ofDay(day: DayReference): string {
  if (day.relative === "today") return "d'aujourd'hui";
  if (day.relative === "tomorrow") return "de demain";
  return `du ${day.date}`;
}

const HEADLINES: Record<RdvEmailKind, string> = {
  rdv_created: "Un RDV a été ajouté à votre agenda.",
  rdv_updated: "Un RDV de votre agenda a été modifié.",
  rdv_cancelled: "Un RDV de votre agenda a été annulé.",
};

const REASON_TEXTS: Record<RdvEmailReason, string> = {
  new: "",
  changed: "",
  revived: "Ce RDV avait été annulé ; il est de nouveau prévu.",
  added: "Vous avez été ajouté·e aux agents de ce RDV.",
  excused: "Le RDV a été annulé à la demande de l'usager.",
  revoked: "Le RDV a été annulé par le service.",
  removed: "Vous avez été retiré·e des agents de ce RDV.",
  deleted: "Le RDV a été supprimé.",
};

const AUTHOR_LABELS: Record<RdvEmailKind, string> = {
  rdv_created: "Ajouté par",
  rdv_updated: "Modifié par",
  rdv_cancelled: "Annulé par",
};

function recapRows(payload: RdvPayload): RecapRow[] {
  const { email: kind, rdv, previous, authorLabel } = payload;
  const timezone = payload.organisation.timezone;
  const startsAt = new Date(rdv.startsAt);
  const rows: RecapRow[] = [
    { label: "Date", value: formatDate(startsAt, timezone) },
    { label: "Heure", value: formatTime(startsAt, timezone) },
    {
      label: "Durée",
      value:
        previous && previous.durationInMin !== rdv.durationInMin
          ? `${durationText(rdv.durationInMin)} (auparavant ${durationText(previous.durationInMin)})`
          : durationText(rdv.durationInMin),
    },
    {
      label: "Lieu",
      value:
        previous && locationText(previous) !== locationText(rdv)
          ? `${locationText(rdv)} (auparavant ${locationText(previous)})`
          : locationText(rdv),
    },
    { label: "Motif", value: oneLine(rdv.motifName) },
    { label: rdv.usagers.length > 1 ? "Usagers" : "Usager", value: rdv.usagers.join(", ") || "Aucun usager" },
    {
      // Being added to or removed from an RDV is a change of the RDV, not its creation or cancellation.
      label: payload.reason === "added" || payload.reason === "removed" ? "Modifié par" : AUTHOR_LABELS[kind],
      value: authorLabel,
    },
  ];
  return rows;
}

function locationText(rdv: RdvFacts): string {
  if (rdv.lieu) return oneLine(`${rdv.lieu.name}, ${rdv.lieu.address}`);
  if (rdv.locationType === "phone") return "Par téléphone";
  if (rdv.locationType === "home") return "À domicile";
  return "Lieu non précisé";
}
