-- Issue 11: one-time submission keys for create forms, and the indexes of the paginated RDV list.

-- A create form carries a random key; the action that creates the record claims it first, in its transaction, so a
-- double click, a reload or a second tab submitting the same form waits on the primary key, then finds the record
-- the first submission created instead of creating another (domain/submissions/submission-key.ts).
-- CreateEnum
CREATE TYPE "SubmissionRecordType" AS ENUM ('rdv', 'plage', 'absence', 'user');

-- CreateTable
CREATE TABLE "FormSubmission" (
    "organisationId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "recordType" "SubmissionRecordType" NOT NULL,
    "recordId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormSubmission_pkey" PRIMARY KEY ("organisationId","key")
);

-- AddForeignKey
ALTER TABLE "FormSubmission" ADD CONSTRAINT "FormSubmission_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The RDV list pages by (startsAt, id) within an organisation: the index holds the whole key, so a page is one range
-- scan from the cursor, whatever the page number. It replaces the (organisationId, startsAt) index, its prefix.
-- CreateIndex
CREATE INDEX "Rdv_organisationId_startsAt_id_idx" ON "Rdv"("organisationId", "startsAt", "id");

-- DropIndex
DROP INDEX "Rdv_organisationId_startsAt_idx";

-- A status filter (and « à renseigner »: unknown and already started) is a range of this index in list order.
-- CreateIndex
CREATE INDEX "Rdv_organisationId_status_startsAt_id_idx" ON "Rdv"("organisationId", "status", "startsAt", "id");

-- An agent's RDVs (list filter, conflict check) read from the link table without visiting its heap.
-- CreateIndex
CREATE INDEX "RdvAgent_agentId_rdvId_idx" ON "RdvAgent"("agentId", "rdvId");

-- DropIndex
DROP INDEX "RdvAgent_agentId_idx";
