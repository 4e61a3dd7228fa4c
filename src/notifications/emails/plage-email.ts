// The emails about a plage d'ouverture, sent to the agent who owns it: created, updated, deleted.
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

const lieuSchema = z.object({ name: z.string(), address: z.string() });

/** A plage d'ouverture as an email describes it: names already looked up. */
const plageFactsSchema = z.object({
  id: z.string(),
  title: z.string(),
  lieu: lieuSchema,
  motifNames: z.array(z.string()),
  series: seriesSchema,
});

export type PlageFacts = z.output<typeof plageFactsSchema>;

/** What a plage email tells its agent: the plage as it is now (as it was, for a deletion), and before an update. */
export const plagePayloadSchema = agentRecordPayloadSchema("plage_ouverture", plageFactsSchema);

export type PlagePayload = z.output<typeof plagePayloadSchema>;

const email = agentRecordEmail<PlagePayload>("Plage d'ouverture", view);

/** « Plage d'ouverture créée : Permanence école, à partir du lundi 4 janvier ». */
export const subject = email.subject;

/** HTML and plain-text bodies. */
export const render = email.render;

/** The calendar invitation, or its cancellation for a deletion. */
export const ics = email.ics;

function view(payload: PlagePayload, link: AppLink): AgentRecordView {
  const { change, record: plage, previous } = payload;
  const deleted = change === "deleted";
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
    agentRecordAuthorRow(change, payload.authorLabel),
  ];
  return {
    template: "plage-ouverture",
    headline: agentRecordHeadline("Une plage d'ouverture de votre agenda", change),
    rows,
    link: link(deleted ? "/plages" : `/plages/${plage.id}`),
    linkLabel: deleted ? "Voir mes plages d'ouverture" : "Voir la plage d'ouverture",
    summary: frenchSpacing(`Plage d'ouverture : ${oneLine(plage.title)}`),
    location: lieuText(plage.lieu),
    series: plage.series,
    transparent: true,
    icsFilename: icsFileName("plage-ouverture", plage.series.firstDay, plage.series.startTime),
  };
}

function lieuText(lieu: { name: string; address: string }): string {
  return oneLine(`${lieu.name}, ${lieu.address}`);
}
