// The emails a usager receives about the RDV it booked online: confirmed, moved, cancelled. Each carries the RDV's
// calendar event (REQUEST with the RDV's SEQUENCE, or CANCEL) and the link to /mon-rdv/<token>, where the usager can
// move or cancel it. The payload holds the link's secret, as the password-reset payload does: only its sha256 is
// stored elsewhere, and the outbox row is the one place the email can be rendered from.
import { z } from "zod";
import { LocationType } from "../../generated/prisma/enums.ts";
import { formatDate, formatDateTime, formatTime } from "../../vocabulary/dates.ts";
import { frenchSpacing, frenchSpacingInHtml } from "../../vocabulary/typography.ts";
import type { AppLink } from "../app-link.ts";
import { buildIcs, icsFilename } from "../ics.ts";
import { renderTemplate } from "../templates.ts";
import {
  durationText,
  type IcsAttachment,
  instantSchema,
  notificationEnvelopeSchema,
  oneLine,
  type RecapRow,
} from "./common.ts";

/** What a usager's RDV email tells, as it was when the usager acted: the agents' envelope, without an author. */
export const usagerRdvPayloadSchema = notificationEnvelopeSchema.omit({ authorLabel: true }).extend({
  kind: z.literal("usager_rdv"),
  email: z.enum(["confirmed", "moved", "cancelled"]),
  rdv: z.object({
    startsAt: instantSchema,
    durationInMin: z.number().int().positive(),
    motifName: z.string(),
    locationType: z.enum(LocationType),
    lieu: z.object({ name: z.string(), address: z.string() }).nullable(),
  }),
  /** The start before a move. */
  previousStartsAt: instantSchema.nullable(),
  /** The secret of the /mon-rdv/<token> link. */
  token: z.string().min(1),
});

export type UsagerRdvPayload = z.output<typeof usagerRdvPayloadSchema>;

/** « RDV confirmé le lundi 29 mars 2027 à 09:00 », « RDV déplacé au … », « RDV du … annulé ». */
export function subject(payload: UsagerRdvPayload): string {
  const when = formatDateTime(new Date(payload.rdv.startsAt), payload.organisation.timezone);
  const subjects: Record<UsagerRdvPayload["email"], string> = {
    confirmed: `Votre RDV est confirmé : ${when}`,
    moved: `Votre RDV a été déplacé : ${when}`,
    cancelled: `Votre RDV du ${when} est annulé`,
  };
  return frenchSpacing(subjects[payload.email]);
}

const HEADLINES: Record<UsagerRdvPayload["email"], string> = {
  confirmed: "Votre rendez-vous est confirmé.",
  moved: "Votre rendez-vous a été déplacé.",
  cancelled: "Votre rendez-vous a été annulé, comme vous l'avez demandé.",
};

/** HTML and plain-text bodies. */
export function render(payload: UsagerRdvPayload, link: AppLink): { html: string; text: string } {
  const timezone = payload.organisation.timezone;
  const bodies = renderTemplate("usager-rdv", {
    subject: subject(payload),
    recipientName: payload.recipient.name,
    organisationName: payload.organisation.name,
    headline: HEADLINES[payload.email],
    cancelled: payload.email === "cancelled",
    previousTime: payload.previousStartsAt ? formatDateTime(new Date(payload.previousStartsAt), timezone) : "",
    rows: recapRows(payload),
    link: manageLink(payload, link),
  });
  // The same French typography as every other email (no-break spaces before « : » and inside « »).
  return { html: frenchSpacingInHtml(bodies.html), text: frenchSpacing(bodies.text) };
}

/** The calendar event: a REQUEST (creation or move, with the RDV's SEQUENCE) or a CANCEL. */
export function ics(payload: UsagerRdvPayload, link: AppLink): IcsAttachment {
  const startsAt = new Date(payload.rdv.startsAt);
  const url = manageLink(payload, link);
  const content = buildIcs({
    method: payload.method,
    uid: payload.uid,
    sequence: payload.sequence,
    summary: `RDV ${oneLine(payload.rdv.motifName)} - ${oneLine(payload.organisation.name)}`,
    description: frenchSpacing([...recapRows(payload).map((row) => `${row.label} : ${row.value}`), url].join("\n")),
    location: locationText(payload.rdv),
    url,
    timezone: payload.organisation.timezone,
    start: { utc: startsAt },
    end: { utc: new Date(startsAt.getTime() + payload.rdv.durationInMin * 60_000) },
    transparent: false,
    organizer: payload.sender,
    attendee: payload.recipient,
    now: new Date(payload.at),
  });
  return { content, method: payload.method, filename: icsFilename("rdv") };
}

function manageLink(payload: UsagerRdvPayload, link: AppLink): string {
  return link(`/mon-rdv/${payload.token}`);
}

function recapRows(payload: UsagerRdvPayload): RecapRow[] {
  const { rdv } = payload;
  const timezone = payload.organisation.timezone;
  const startsAt = new Date(rdv.startsAt);
  return [
    { label: "Date", value: formatDate(startsAt, timezone) },
    { label: "Heure", value: formatTime(startsAt, timezone) },
    { label: "Durée", value: durationText(rdv.durationInMin) },
    { label: "Motif", value: oneLine(rdv.motifName) },
    { label: "Lieu", value: locationText(rdv) },
    { label: "Service", value: oneLine(payload.organisation.name) },
  ];
}

function locationText(rdv: UsagerRdvPayload["rdv"]): string {
  if (rdv.lieu) return oneLine(`${rdv.lieu.name}, ${rdv.lieu.address}`);
  if (rdv.locationType === "phone") return "Par téléphone";
  if (rdv.locationType === "home") return "À domicile";
  return "Lieu non précisé";
}
