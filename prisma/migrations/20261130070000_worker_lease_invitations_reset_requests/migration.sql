-- Issue 10, classes 6, 7 and 9.
-- A worker marks a row sent or failed only while it holds the row's lease: `lockedBy` names the worker that claimed it
-- last, so that a worker that lost its lease (paused past it, another worker took the row) cannot mark it again.
ALTER TABLE "OutboxMessage" ADD COLUMN "lockedBy" TEXT;

-- An invitation to an account that already exists joins it only once its owner accepts: the token keeps the role
-- offered (null for the link of a new account, whose role is created with the account).
ALTER TABLE "AgentToken" ADD COLUMN "role" "RoleLevel";

-- « Mot de passe oublié » only queues the submitted email (one insert, the same work whether an account has it or
-- not); the worker looks the account up and sends the link.
-- CreateTable
CREATE TABLE "PasswordResetRequest" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PasswordResetRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PasswordResetRequest_createdAt_idx" ON "PasswordResetRequest"("createdAt");
