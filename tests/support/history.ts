// History rows as the pages read them: the stored facts turned into the French sentence, so that tests assert the
// words people see (the same presenter as the RDV page), not the JSON.
import { readHistoryData } from "../../src/domain/history/history-data.ts";
import { historySentence } from "../../src/web/presenters/history.ts";

/** A stored row with its sentence as `summary`, read in the organisation's zone (the factories' Europe/Paris). */
export function withSummary<Row extends { data: unknown; createdAt: Date }>(
  row: Row,
  timezone = "Europe/Paris",
): Row & { summary: string } {
  return { ...row, summary: historySentence(readHistoryData(row.data), { timezone, at: row.createdAt }) };
}
