-- Invariants enforced by the database rather than read then written by two concurrent requests (issue 10):
-- at least one admin per organisation, sign-in attempts counted atomically, API tokens revoked with a reason.

-- At least one admin per organisation, on every path that demotes or removes one (a role change, a removal, the
-- deletion of an account). The organisation's row is locked first, as domain/agents/change-agent-role.ts does, so
-- two transactions taking admins away from one organisation run one after the other and the second one sees what the
-- first committed. An organisation being deleted with its roles has no row left to lock and needs no admin.
CREATE FUNCTION "keep_an_admin"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."level" = 'admin'
    AND (TG_OP = 'DELETE' OR NEW."level" <> 'admin' OR NEW."organisationId" <> OLD."organisationId") THEN
    PERFORM 1 FROM "Organisation" WHERE "id" = OLD."organisationId" FOR NO KEY UPDATE;
    IF FOUND AND NOT EXISTS (
      SELECT 1 FROM "AgentRole"
      WHERE "organisationId" = OLD."organisationId" AND "level" = 'admin' AND "id" <> OLD."id"
    ) THEN
      RAISE EXCEPTION 'L''organisation doit garder au moins un administrateur.'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'AgentRole_keep_an_admin';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "AgentRole_keep_an_admin" BEFORE UPDATE OR DELETE ON "AgentRole"
  FOR EACH ROW EXECUTE FUNCTION "keep_an_admin"();

-- Sign-in attempts: one row per email (`email:…`) or client address (`ip:…`) holding the instants of the attempts
-- counted in the window, updated by one upsert per attempt before the password is checked (domain/auth/credentials.ts).
-- CreateTable
CREATE TABLE "SignInLimit" (
    "key" TEXT NOT NULL,
    "attempts" TIMESTAMPTZ(3)[],
    "lastCounted" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "SignInLimit_pkey" PRIMARY KEY ("key")
);

-- The failures of the last 15 minutes carry over, so that an ongoing lockout survives the upgrade.
INSERT INTO "SignInLimit" ("key", "attempts")
SELECT "key", array_agg("createdAt" ORDER BY "createdAt")
FROM "SignInAttempt"
WHERE "createdAt" >= now() - interval '15 minutes'
GROUP BY "key";

-- DropTable
DROP TABLE "SignInAttempt";

-- Why a token was revoked, shown in « Mon compte › Jetons d'API ».
-- CreateEnum
CREATE TYPE "ApiTokenRevocation" AS ENUM ('by_agent', 'password_changed', 'password_reset');

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "revokedReason" "ApiTokenRevocation";

UPDATE "ApiToken" SET "revokedReason" = 'by_agent' WHERE "revokedAt" IS NOT NULL;
