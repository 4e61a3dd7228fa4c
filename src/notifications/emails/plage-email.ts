// The emails about a plage d'ouverture, sent to the agent who owns it: created, updated, deleted.
import { z } from "zod";
import { frenchSpacing } from "../../vocabulary/typography.ts";
import type { AppLink } from "../app-link.ts";
import {
  type AgentRecordView,
  agentRecordAuthorRow,
  agentRecordChangeSchema,
  agentRecordHeadline,
  agentRecordIcs,
  agentRecordSubject,
  type IcsAttachment,
  icsFileName,
  notificationEnvelopeSchema,
  oneLine,
  type RecapRow,
  renderAgentRecordEmail,
  scheduleRows,
  seriesSchema,
  seriesWhen,
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
export const plagePayloadSchema = notificationEnvelopeSchema.extend({
  kind: z.literal("plage_ouverture"),
  change: agentRecordChangeSchema,
  record: plageFactsSchema,
  previous: plageFactsSchema.nullable(),
});

export type PlagePayload = z.output<typeof plagePayloadSchema>;

/** « Plage d'ouverture créée : Permanence école, à partir du lundi 4 janvier ». */
export function subject(payload: PlagePayload): string {
  const { record, organisation } = payload;
  return agentRecordSubject(
    "Plage d'ouverture",
    payload.change,
    record.title,
    seriesWhen(record.series, new Date(payload.at), organisation.timezone),
  );
}

/** HTML and plain-text bodies. */
export function render(payload: PlagePayload, link: AppLink): { html: string; text: string } {
  return renderAgentRecordEmail(payload, view(payload, link), link);
}

/** The calendar invitation, or its cancellation for a deletion. */
export function ics(payload: PlagePayload, link: AppLink): IcsAttachment {
  return agentRecordIcs(payload, view(payload, link));
}

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
    subject: subject(payload),
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
