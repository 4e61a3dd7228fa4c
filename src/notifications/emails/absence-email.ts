// The emails about an absence, sent to the agent it belongs to: created, updated, deleted. « Absence » is the word of
// the pages, the emails and the calendar files alike (the service's rules say « absences » too).
import { z } from "zod";
import { frenchSpacing } from "../../vocabulary/typography.ts";
import type { AppLink } from "../app-link.ts";
import {
  type AgentRecordView,
  agentRecordAuthorRow,
  agentRecordEmail,
  agentRecordHeadline,
  agentRecordPayloadSchema,
  icsFileName,
  oneLine,
  type RecapRow,
  scheduleRows,
  seriesSchema,
} from "./common.ts";

/** An absence as an email describes it. */
const absenceFactsSchema = z.object({ id: z.string(), title: z.string(), series: seriesSchema });

export type AbsenceFacts = z.output<typeof absenceFactsSchema>;

/** What an absence email tells its agent: the absence as it is now (as it was, for a deletion), and before. */
export const absencePayloadSchema = agentRecordPayloadSchema("absence", absenceFactsSchema);

export type AbsencePayload = z.output<typeof absencePayloadSchema>;

const email = agentRecordEmail<AbsencePayload>("Absence", view);

/** « Absence modifiée : Congés, du lundi 15 février au vendredi 19 février ». */
export const subject = email.subject;

/** HTML and plain-text bodies. */
export const render = email.render;

/** The calendar invitation, or its cancellation for a deletion. */
export const ics = email.ics;

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
    headline: agentRecordHeadline("Une absence de votre agenda", change),
    rows,
    link: link(deleted ? "/absences" : `/absences/${absence.id}`),
    linkLabel: deleted ? "Voir mes absences" : "Voir l'absence",
    summary: frenchSpacing(`Absence : ${oneLine(absence.title)}`),
    series: absence.series,
    transparent: false,
    icsFilename: icsFileName("absence", absence.series.firstDay, absence.series.startTime),
  };
}
