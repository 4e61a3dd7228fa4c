// The RDV emails an agent receives: created, updated, cancelled. Subject, HTML, text and ICS from its payload.

import { z } from "zod";
import { LocationType } from "../../generated/prisma/enums.ts";
import { formatDate, formatDateTime, formatTime, localDateInput } from "../../vocabulary/dates.ts";
import { frenchSpacing } from "../../vocabulary/typography.ts";
import type { AppLink } from "../app-link.ts";
import { buildIcs } from "../ics.ts";
import type { RdvEmailKind } from "../rules.ts";
import { renderTemplate } from "../templates.ts";
import {
  durationText,
  type IcsAttachment,
  icsDescription,
  icsFileName,
  instantSchema,
  momentPhrase,
  notificationEnvelopeSchema,
  oneLine,
  type RecapRow,
  typeset,
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
  /**
   * The usagers' phone numbers, for an RDV by phone (the agent calls them). Rows queued before this field have none.
   */
  usagerPhones: z.array(z.object({ name: z.string(), phone: z.string() })).default([]),
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

/** The subject: when the RDV now takes place (for a move, the new moment), relative to the change. */
export function subject(payload: RdvPayload): string {
  const { email: kind, rdv, previous } = payload;
  const moved = previous !== null && previous.startsAt !== rdv.startsAt;
  return rdvSubject(kind, new Date(rdv.startsAt), moved, new Date(payload.at), payload.organisation.timezone);
}

/** HTML and plain-text bodies. */
export function render(payload: RdvPayload, link: AppLink): { html: string; text: string } {
  const { rdv, previous } = payload;
  const timezone = payload.organisation.timezone;
  const view = linkOf(payload, link);
  return typeset(
    renderTemplate("rdv", {
      subject: subject(payload),
      organisationName: payload.organisation.name,
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
    }),
  );
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
    summary: frenchSpacing(
      `RDV ${oneLine(rdv.motifName)}${rdv.usagers.length > 0 ? ` · ${rdv.usagers.join(", ")}` : ""}`,
    ),
    description: icsDescription(recapRows(payload), url),
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
  const timezone = payload.organisation.timezone;
  return {
    content,
    method: payload.method,
    filename: icsFileName("rdv", localDateInput(startsAt, timezone), formatTime(startsAt, timezone)),
  };
}

// A deleted RDV has no page left: the link goes to the agenda.
function linkOf(payload: RdvPayload, link: AppLink): { link: string; label: string } {
  if (payload.reason === "deleted") return { link: link("/agenda"), label: "Voir mon agenda" };
  return { link: link(`/rdvs/${payload.rdv.id}`), label: "Voir le RDV" };
}

/**
 * « Nouveau RDV le mardi 3 décembre à 10:30 (demain) », « RDV déplacé au mardi 3 décembre à 10:30 (demain) »,
 * « RDV du jeudi 26 août à 09:00 modifié », « RDV du mardi 3 décembre à 10:30 (aujourd'hui) annulé »: when the RDV now
 * takes place, in the organisation's calendar, with « aujourd'hui » or « demain » relative to the change.
 */
export function rdvSubject(kind: RdvEmailKind, startsAt: Date, moved: boolean, now: Date, timezone: string): string {
  const moment = momentPhrase(startsAt, now, timezone);
  switch (kind) {
    case "rdv_created":
      return frenchSpacing(`Nouveau RDV le ${moment}`);
    case "rdv_updated":
      return frenchSpacing(moved ? `RDV déplacé au ${moment}` : `RDV du ${moment} modifié`);
    case "rdv_cancelled":
      return frenchSpacing(`RDV du ${moment} annulé`);
  }
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
    ...phoneRows(rdv),
    {
      // Being added to or removed from an RDV is a change of the RDV, not its creation or cancellation.
      label: payload.reason === "added" || payload.reason === "removed" ? "Modifié par" : AUTHOR_LABELS[kind],
      value: authorLabel,
    },
  ];
  return rows;
}

// By phone, the agent calls the usager: the number, as a link a phone can dial. One row per usager with a number;
// for several usagers, each number says whose it is.
function phoneRows(rdv: RdvFacts): RecapRow[] {
  if (rdv.locationType !== "phone") return [];
  if (rdv.usagerPhones.length === 0) return [{ label: "Téléphone", value: "Aucun numéro renseigné" }];
  const several = rdv.usagers.length > 1;
  return rdv.usagerPhones.map(({ name, phone }) => ({
    label: "Téléphone",
    value: several ? `${oneLine(phone)} (${name})` : oneLine(phone),
    href: `tel:${phone.replace(/[^+\d]/g, "")}`,
  }));
}

function locationText(rdv: RdvFacts): string {
  if (rdv.lieu) return oneLine(`${rdv.lieu.name}, ${rdv.lieu.address}`);
  if (rdv.locationType === "phone") return "Par téléphone";
  if (rdv.locationType === "home") return "À domicile";
  return "Lieu non précisé";
}
