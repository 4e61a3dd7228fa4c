-- History rows keep structured facts (who, what, before/after, names as they were) instead of a French sentence
-- written at write time; the sentence is produced when the history is shown. Rows written before keep their
-- sentence as a `legacy` fact, shown as it is.

-- AlterTable
ALTER TABLE "HistoryEntry" ADD COLUMN "data" JSONB;
UPDATE "HistoryEntry" SET "data" = jsonb_build_object('type', 'legacy', 'summary', "summary");
ALTER TABLE "HistoryEntry" ALTER COLUMN "data" SET NOT NULL;
ALTER TABLE "HistoryEntry" DROP COLUMN "summary";
