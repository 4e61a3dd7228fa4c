-- Issue 9: an agent's RDVs over a period read from one index. The agenda feed wants the RDVs of one agent in one week;
-- with the agent only in the link table, PostgreSQL walked every RDV of the organisation that week (1,530 heap rows
-- for 60 kept, on the bench's organisation of 50 agents) and joined them with every RDV of the agent (3,132).
-- "RdvAgent" now carries its RDV's start, kept equal to it by the triggers below whatever writes either table, and is
-- indexed by agent and start: the feed reads the 60 links of the week, then those 60 RDVs.

-- AlterTable
ALTER TABLE "RdvAgent" ADD COLUMN "startsAt" TIMESTAMPTZ(3);
UPDATE "RdvAgent" ra SET "startsAt" = r."startsAt" FROM "Rdv" r WHERE r."id" = ra."rdvId";
ALTER TABLE "RdvAgent" ALTER COLUMN "startsAt" SET NOT NULL;

-- A link takes its RDV's start on every insert or update, whatever value was given (none, from Prisma). An unknown RDV
-- is refused as the foreign key would refuse it (the same SQLSTATE and constraint), since this runs before the check.
CREATE FUNCTION "rdv_agent_starts_at"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT "startsAt" INTO NEW."startsAt" FROM "Rdv" WHERE "id" = NEW."rdvId";
  IF NOT FOUND THEN
    RAISE EXCEPTION 'insert or update on table "RdvAgent" violates foreign key constraint "RdvAgent_rdvId_fkey"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'RdvAgent_rdvId_fkey', TABLE = 'RdvAgent',
            DETAIL = format('Key ("rdvId")=(%s) is not present in table "Rdv".', NEW."rdvId");
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "RdvAgent_starts_at"
  BEFORE INSERT OR UPDATE ON "RdvAgent"
  FOR EACH ROW EXECUTE FUNCTION "rdv_agent_starts_at"();

-- A moved RDV moves its links (each then reads the new start through the trigger above).
CREATE FUNCTION "rdv_moves_its_agents"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "RdvAgent" SET "startsAt" = NEW."startsAt" WHERE "rdvId" = NEW."id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Rdv_moves_its_agents"
  AFTER UPDATE OF "startsAt" ON "Rdv"
  FOR EACH ROW WHEN (OLD."startsAt" IS DISTINCT FROM NEW."startsAt")
  EXECUTE FUNCTION "rdv_moves_its_agents"();

-- An agent's RDVs from a start, in order: the agenda feed (and any per-agent period) is one range scan of it.
-- CreateIndex
CREATE INDEX "RdvAgent_agentId_startsAt_rdvId_idx" ON "RdvAgent"("agentId", "startsAt", "rdvId");
