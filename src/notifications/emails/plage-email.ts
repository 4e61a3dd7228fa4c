// The emails about a plage d'ouverture, sent to the agent who owns it: created, updated, deleted.
import { z } from "zod";
import type { AppLink } from "../app-link.ts";
import {
  type AgentRecordView,
  agentRecordEmail,
  agentRecordPayloadSchema,
  oneLine,
  type RecapRow,
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

/** Subject (« Plage d'ouverture créée : Permanence école, à partir du lundi 4 janvier »), bodies and calendar file. */
export const { subject, render, ics } = agentRecordEmail<PlagePayload>(
  { noun: "Plage d'ouverture", headlineSubject: "Une plage d'ouverture de votre agenda", slug: "plage-ouverture" },
  view,
);

function view(payload: PlagePayload, link: AppLink): AgentRecordView {
  const { change, record: plage, previous } = payload;
  const deleted = change === "deleted";
  const rows: RecapRow[] = [
    {
      label: "Lieu",
      value:
        previous && lieuText(previous.lieu) !== lieuText(plage.lieu)
          ? `${lieuText(plage.lieu)} (auparavant ${lieuText(previous.lieu)})`
          : lieuText(plage.lieu),
    },
    { label: "Motifs", value: plage.motifNames.map(oneLine).join(", ") || "Aucun motif" },
  ];
  return {
    rows,
    link: link(deleted ? "/plages" : `/plages/${plage.id}`),
    linkLabel: deleted ? "Voir mes plages d'ouverture" : "Voir la plage d'ouverture",
    location: lieuText(plage.lieu),
    transparent: true,
  };
}

function lieuText(lieu: { name: string; address: string }): string {
  return oneLine(`${lieu.name}, ${lieu.address}`);
}
