// The emails about an absence (« indisponibilité »), sent to the agent it belongs to: created, updated, deleted.
import type { Series } from "../../domain/recurrence/expand.ts";
import {
  type AgentRecordEmailInput,
  agentRecordAuthorRow,
  agentRecordHeadline,
  agentRecordSubject,
  appLink,
  type BuiltEmail,
  buildAgentRecordEmail,
  oneLine,
  type RecapRow,
  scheduleRows,
} from "./common.ts";

/** An absence as an email describes it. */
export type AbsenceFacts = { id: string; title: string; series: Series };

export type AbsenceEmailInput = AgentRecordEmailInput<AbsenceFacts>;

/** Subject, bodies and calendar invitation or cancellation of one absence email. */
export async function buildAbsenceEmail(input: AbsenceEmailInput): Promise<BuiltEmail> {
  const { change, record: absence, previous } = input;
  const subject = agentRecordSubject("Indisponibilité", change, absence.title);
  const deleted = change === "deleted";
  const link = appLink(input.appUrl, deleted ? "/absences" : `/absences/${absence.id}`);
  const rows: RecapRow[] = [
    { label: "Titre", value: oneLine(absence.title) },
    ...scheduleRows(absence.series, previous?.series ?? null),
    agentRecordAuthorRow(change, input.authorLabel),
  ];
  return buildAgentRecordEmail(input, {
    template: "absence",
    subject,
    headline: agentRecordHeadline("Une indisponibilité de votre agenda", change),
    rows,
    link,
    linkLabel: deleted ? "Voir mes indisponibilités" : "Voir l'indisponibilité",
    summary: `Indisponibilité - ${oneLine(absence.title)}`,
    series: absence.series,
    transparent: false,
  });
}
