// The emails about a plage d'ouverture, sent to the agent who owns it: created, updated, deleted.
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

/** A plage d'ouverture as an email describes it: names already looked up. */
export type PlageFacts = {
  id: string;
  title: string;
  lieu: { name: string; address: string };
  motifNames: string[];
  series: Series;
};

export type PlageEmailInput = AgentRecordEmailInput<PlageFacts>;

/** Subject, bodies and calendar invitation or cancellation of one plage d'ouverture email. */
export async function buildPlageEmail(input: PlageEmailInput): Promise<BuiltEmail> {
  const { change, record: plage, previous } = input;
  const subject = agentRecordSubject("Plage d'ouverture", change, plage.title);
  const deleted = change === "deleted";
  const link = appLink(input.appUrl, deleted ? "/plages" : `/plages/${plage.id}`);
  const rows: RecapRow[] = [
    { label: "Titre", value: oneLine(plage.title) },
    ...scheduleRows(plage.series, previous?.series ?? null),
    {
      label: "Lieu",
      value:
        previous && lieuText(previous.lieu) !== lieuText(plage.lieu)
          ? `${lieuText(plage.lieu)} (auparavant ${lieuText(previous.lieu)})`
          : lieuText(plage.lieu),
    },
    { label: "Motifs", value: plage.motifNames.map(oneLine).join(", ") || "Aucun motif" },
    agentRecordAuthorRow(change, input.authorLabel),
  ];
  return buildAgentRecordEmail(input, {
    template: "plage-ouverture",
    subject,
    headline: agentRecordHeadline("Une plage d'ouverture de votre agenda", change),
    rows,
    link,
    linkLabel: deleted ? "Voir mes plages d'ouverture" : "Voir la plage d'ouverture",
    summary: `Plage d'ouverture - ${oneLine(plage.title)}`,
    location: lieuText(plage.lieu),
    series: plage.series,
    transparent: true,
  });
}

function lieuText(lieu: { name: string; address: string }): string {
  return oneLine(`${lieu.name}, ${lieu.address}`);
}
