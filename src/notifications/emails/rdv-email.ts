// The RDV emails an agent receives: created, updated, cancelled. Subject, HTML, text and ICS from one view model.
import type { LocationType } from "../../generated/prisma/enums.ts";
import { formatDate, formatDateTime, formatTime } from "../../web/presenters/format.ts";
import { buildIcs } from "../ics.ts";
import { renderEmail } from "../render.ts";
import type { RdvEmailKind } from "../rules.ts";
import {
  appLink,
  type BuiltEmail,
  type DayReference,
  dayReference,
  durationText,
  type EmailEnvelope,
  oneLine,
  type RecapRow,
} from "./common.ts";

/** An RDV as an email describes it: names already looked up. */
export type RdvFacts = {
  id: string;
  startsAt: Date;
  durationInMin: number;
  motifName: string;
  locationType: LocationType;
  lieu: { name: string; address: string } | null;
  usagers: string[];
};

/** Why an agent gets a creation or a cancellation, beyond a plain new or cancelled RDV. */
export type RdvEmailReason = "new" | "revived" | "added" | "excused" | "revoked" | "removed" | "deleted" | "changed";

export type RdvEmailInput = EmailEnvelope & {
  kind: RdvEmailKind;
  reason: RdvEmailReason;
  uid: string;
  sequence: number;
  /** The RDV as the agent's calendar must now show it (for a cancellation: as it was). */
  rdv: RdvFacts;
  /** For an update: the RDV as it was. */
  previous: RdvFacts | null;
  /** « Sophie Martin », « vous-même », « Jean Dupont (usager) ». */
  authorLabel: string;
};

/** Subject, bodies and calendar invitation or cancellation of one RDV email. */
export async function buildRdvEmail(input: RdvEmailInput): Promise<BuiltEmail> {
  const { kind, rdv, previous, timezone, now } = input;
  const subject = rdvSubject(
    kind,
    kind === "rdv_updated" && previous ? previous.startsAt : rdv.startsAt,
    now,
    timezone,
  );
  const deleted = input.reason === "deleted";
  const link = deleted ? appLink(input.appUrl, "/agenda") : appLink(input.appUrl, `/rdvs/${rdv.id}`);
  const model = {
    subject,
    recipientName: input.recipient.name,
    headline: HEADLINES[kind],
    reasonText: REASON_TEXTS[input.reason],
    moved: previous !== null && previous.startsAt.getTime() !== rdv.startsAt.getTime(),
    oldTime: previous ? formatDateTime(previous.startsAt, timezone) : "",
    newTime: formatDateTime(rdv.startsAt, timezone),
    rows: recapRows(input),
    link,
    linkLabel: deleted ? "Voir mon agenda" : "Voir le RDV",
    preferencesLink: appLink(input.appUrl, "/mon-compte/preferences"),
  };
  const { html, text } = await renderEmail("rdv", model);
  const endsAt = new Date(rdv.startsAt.getTime() + rdv.durationInMin * 60_000);
  const method = kind === "rdv_cancelled" ? "CANCEL" : "REQUEST";
  const content = buildIcs({
    method,
    uid: input.uid,
    sequence: input.sequence,
    summary: `RDV ${rdv.motifName}${rdv.usagers.length > 0 ? ` - ${rdv.usagers.join(", ")}` : ""}`,
    description: [...model.rows.map((row) => `${row.label} : ${row.value}`), link].join("\n"),
    location: locationText(rdv),
    url: link,
    timezone,
    start: { utc: rdv.startsAt },
    end: { utc: endsAt },
    transparent: false,
    organizer: input.sender,
    attendee: input.recipient,
    now,
  });
  return { subject, html, text, ics: { content, method } };
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

function recapRows(input: RdvEmailInput): RecapRow[] {
  const { kind, rdv, previous, timezone, authorLabel } = input;
  const rows: RecapRow[] = [
    { label: "Date", value: formatDate(rdv.startsAt, timezone) },
    { label: "Heure", value: formatTime(rdv.startsAt, timezone) },
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
      label: input.reason === "added" || input.reason === "removed" ? "Modifié par" : AUTHOR_LABELS[kind],
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
