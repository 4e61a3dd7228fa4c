-- Usager records (issue 11): an optional birth date, shown on the usager's page and used with the names to warn of a
-- homonym when a usager is created. A calendar day, not an instant: no time zone applies to it.

-- AlterTable
ALTER TABLE "User" ADD COLUMN "birthDate" DATE;
