// The emails about an absence, sent to the agent it belongs to: created, updated, deleted. « Absence » is the word of
// the pages, the emails and the calendar files alike (the service's rules say « absences » too).
import { z } from "zod";
import type { AppLink } from "../app-link.ts";
import { type AgentRecordView, agentRecordEmail, agentRecordPayloadSchema, seriesSchema } from "./common.ts";

/** An absence as an email describes it. */
const absenceFactsSchema = z.object({ id: z.string(), title: z.string(), series: seriesSchema });

export type AbsenceFacts = z.output<typeof absenceFactsSchema>;

/** What an absence email tells its agent: the absence as it is now (as it was, for a deletion), and before. */
export const absencePayloadSchema = agentRecordPayloadSchema("absence", absenceFactsSchema);

export type AbsencePayload = z.output<typeof absencePayloadSchema>;

/** Subject (« Absence modifiée : Congés, du lundi 15 février au vendredi 19 février »), bodies and calendar file. */
export const { subject, render, ics } = agentRecordEmail<AbsencePayload>(
  { noun: "Absence", headlineSubject: "Une absence de votre agenda", slug: "absence" },
  view,
);

function view({ change, record: absence }: AbsencePayload, link: AppLink): AgentRecordView {
  const deleted = change === "deleted";
  return {
    rows: [],
    link: link(deleted ? "/absences" : `/absences/${absence.id}`),
    linkLabel: deleted ? "Voir mes absences" : "Voir l'absence",
    transparent: false,
  };
}
