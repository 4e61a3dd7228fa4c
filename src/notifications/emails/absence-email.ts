// The emails about an absence (« indisponibilité »), sent to the agent it belongs to: created, updated, deleted.
import { z } from "zod";
import type { AppLink } from "../app-link.ts";
import { icsFilename } from "../ics.ts";
import {
  type AgentRecordView,
  agentRecordAuthorRow,
  agentRecordChangeSchema,
  agentRecordHeadline,
  agentRecordIcs,
  agentRecordSubject,
  type IcsAttachment,
  notificationEnvelopeSchema,
  oneLine,
  type RecapRow,
  renderAgentRecordEmail,
  scheduleRows,
  seriesSchema,
} from "./common.ts";

/** An absence as an email describes it. */
const absenceFactsSchema = z.object({ id: z.string(), title: z.string(), series: seriesSchema });

export type AbsenceFacts = z.output<typeof absenceFactsSchema>;

/** What an absence email tells its agent: the absence as it is now (as it was, for a deletion), and before. */
export const absencePayloadSchema = notificationEnvelopeSchema.extend({
  kind: z.literal("absence"),
  change: agentRecordChangeSchema,
  record: absenceFactsSchema,
  previous: absenceFactsSchema.nullable(),
});

export type AbsencePayload = z.output<typeof absencePayloadSchema>;

/** « Indisponibilité modifiée - Congés ». */
export function subject(payload: AbsencePayload): string {
  return agentRecordSubject("Indisponibilité", payload.change, payload.record.title);
}

/** HTML and plain-text bodies. */
export function render(payload: AbsencePayload, link: AppLink): { html: string; text: string } {
  return renderAgentRecordEmail(payload, view(payload, link), link);
}

/** The calendar invitation, or its cancellation for a deletion. */
export function ics(payload: AbsencePayload, link: AppLink): IcsAttachment {
  return agentRecordIcs(payload, view(payload, link));
}

function view(payload: AbsencePayload, link: AppLink): AgentRecordView {
  const { change, record: absence, previous } = payload;
  const deleted = change === "deleted";
  const rows: RecapRow[] = [
    { label: "Titre", value: oneLine(absence.title) },
    ...scheduleRows(absence.series, previous?.series ?? null),
    agentRecordAuthorRow(change, payload.authorLabel),
  ];
  return {
    template: "absence",
    subject: subject(payload),
    headline: agentRecordHeadline("Une indisponibilité de votre agenda", change),
    rows,
    link: link(deleted ? "/absences" : `/absences/${absence.id}`),
    linkLabel: deleted ? "Voir mes indisponibilités" : "Voir l'indisponibilité",
    summary: `Indisponibilité - ${oneLine(absence.title)}`,
    series: absence.series,
    transparent: false,
    icsFilename: icsFilename("absence"),
  };
}
