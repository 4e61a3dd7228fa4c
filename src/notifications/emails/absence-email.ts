// The emails about an absence (« indisponibilité »), sent to the agent it belongs to: created, updated, deleted.
import type { Series } from "../../domain/recurrence/expand.ts";
import { buildIcs } from "../ics.ts";
import { renderEmail } from "../render.ts";
import {
  type AgentRecordEmailInput,
  agentRecordAuthorRow,
  agentRecordHeadline,
  agentRecordSubject,
  appLink,
  type BuiltEmail,
  oneLine,
  type RecapRow,
  scheduleRows,
  seriesIcsTimes,
} from "./common.ts";

/** An absence as an email describes it. */
export type AbsenceFacts = { id: string; title: string; series: Series };

export type AbsenceEmailInput = AgentRecordEmailInput<AbsenceFacts>;

/** Subject, bodies and calendar invitation or cancellation of one absence email. */
export async function buildAbsenceEmail(input: AbsenceEmailInput): Promise<BuiltEmail> {
  const { change, record: absence, previous, timezone } = input;
  const subject = agentRecordSubject("Indisponibilité", change, absence.title);
  const deleted = change === "deleted";
  const link = appLink(input.appUrl, deleted ? "/absences" : `/absences/${absence.id}`);
  const rows: RecapRow[] = [
    { label: "Titre", value: oneLine(absence.title) },
    ...scheduleRows(absence.series, previous?.series ?? null),
    agentRecordAuthorRow(change, input.authorLabel),
  ];
  const { html, text } = await renderEmail("absence", {
    subject,
    recipientName: input.recipient.name,
    headline: agentRecordHeadline("Une indisponibilité de votre agenda", change),
    rows,
    link,
    linkLabel: deleted ? "Voir mes indisponibilités" : "Voir l'indisponibilité",
    preferencesLink: appLink(input.appUrl, "/mon-compte/preferences"),
  });
  const method = deleted ? "CANCEL" : "REQUEST";
  const content = buildIcs({
    method,
    uid: input.uid,
    sequence: input.sequence,
    summary: `Indisponibilité - ${oneLine(absence.title)}`,
    description: [...rows.map((row) => `${row.label} : ${row.value}`), link].join("\n"),
    url: link,
    timezone,
    ...seriesIcsTimes(absence.series, timezone),
    // An absence makes the agent busy.
    transparent: false,
    organizer: input.sender,
    attendee: input.recipient,
    now: input.now,
  });
  return { subject, html, text, ics: { content, method } };
}
