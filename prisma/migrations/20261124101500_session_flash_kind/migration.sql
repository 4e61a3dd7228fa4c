-- A flash message can report a refusal as well as a confirmation.

-- CreateEnum
CREATE TYPE "FlashKind" AS ENUM ('success', 'error');

-- AlterTable
ALTER TABLE "Session" ADD COLUMN "flashKind" "FlashKind" NOT NULL DEFAULT 'success';
