-- Initial schema of rdv-agents, written by hand in Prisma's style (see README, "Writing a migration").

-- CreateEnum
CREATE TYPE "RoleLevel" AS ENUM ('admin', 'secretary', 'agent');
CREATE TYPE "LocationType" AS ENUM ('public_office', 'phone', 'home');
CREATE TYPE "RdvStatus" AS ENUM ('unknown', 'seen', 'excused', 'revoked', 'noshow');
CREATE TYPE "RdvNotificationsLevel" AS ENUM ('all', 'others', 'soon', 'none');
CREATE TYPE "NotificationLevel" AS ENUM ('all', 'none');
CREATE TYPE "RecurrenceFrequency" AS ENUM ('week', 'month');
CREATE TYPE "Weekday" AS ENUM ('mo', 'tu', 'we', 'th', 'fr', 'sa', 'su');
CREATE TYPE "AgentTokenKind" AS ENUM ('invitation', 'password_reset');
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'sent', 'dead');
CREATE TYPE "RecordType" AS ENUM ('rdv', 'plage_ouverture', 'absence', 'agent', 'lieu', 'motif', 'user', 'organisation');

-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Europe/Paris',
    "bookingMinDelayMinutes" INTEGER NOT NULL DEFAULT 120,
    "bookingMaxDelayMinutes" INTEGER NOT NULL DEFAULT 60480,
    "emailSenderName" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Agent" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "passwordHash" TEXT,
    "rdvNotificationsLevel" "RdvNotificationsLevel" NOT NULL DEFAULT 'soon',
    "plageOuvertureNotificationLevel" "NotificationLevel" NOT NULL DEFAULT 'all',
    "absenceNotificationLevel" "NotificationLevel" NOT NULL DEFAULT 'all',
    "lastSignInAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Agent_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "AgentRole" (
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "level" "RoleLevel" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgentRole_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Lieu" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "disabledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Lieu_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Motif" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "defaultDurationInMin" INTEGER NOT NULL,
    "locationType" "LocationType" NOT NULL DEFAULT 'public_office',
    "color" TEXT NOT NULL DEFAULT '#3a6ea5',
    "bookableOnline" BOOLEAN NOT NULL DEFAULT false,
    "disabledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Motif_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Rdv" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "motifId" TEXT NOT NULL,
    "lieuId" TEXT,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "durationInMin" INTEGER NOT NULL,
    "status" "RdvStatus" NOT NULL DEFAULT 'unknown',
    "notes" TEXT,
    "createdByAgentId" TEXT,
    "createdByUserId" TEXT,
    "uid" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Rdv_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "RdvAgent" (
    "rdvId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    CONSTRAINT "RdvAgent_pkey" PRIMARY KEY ("rdvId","agentId")
);

CREATE TABLE "RdvUser" (
    "rdvId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    CONSTRAINT "RdvUser_pkey" PRIMARY KEY ("rdvId","userId")
);

CREATE TABLE "PlageOuverture" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "lieuId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "firstDay" DATE NOT NULL,
    "startTime" VARCHAR(5) NOT NULL,
    "endTime" VARCHAR(5) NOT NULL,
    "recurrenceFrequency" "RecurrenceFrequency",
    "recurrenceInterval" INTEGER,
    "recurrenceWeekdays" "Weekday"[],
    "recurrenceUntil" DATE,
    "uid" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "PlageOuverture_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "PlageMotif" (
    "plageOuvertureId" TEXT NOT NULL,
    "motifId" TEXT NOT NULL,
    CONSTRAINT "PlageMotif_pkey" PRIMARY KEY ("plageOuvertureId","motifId")
);

CREATE TABLE "Absence" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "firstDay" DATE NOT NULL,
    "startTime" VARCHAR(5) NOT NULL,
    "endDay" DATE NOT NULL,
    "endTime" VARCHAR(5) NOT NULL,
    "recurrenceFrequency" "RecurrenceFrequency",
    "recurrenceInterval" INTEGER,
    "recurrenceWeekdays" "Weekday"[],
    "recurrenceUntil" DATE,
    "uid" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Absence_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "currentOrganisationId" TEXT,
    "csrfToken" TEXT NOT NULL,
    "flash" TEXT,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "SignInAttempt" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SignInAttempt_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "AgentToken" (
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "organisationId" TEXT,
    "kind" "AgentTokenKind" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdByAgentId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgentToken_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "HistoryEntry" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "recordType" "RecordType" NOT NULL,
    "recordId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "authorAgentId" TEXT,
    "authorUserId" TEXT,
    "summary" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "HistoryEntry_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT,
    "kind" TEXT NOT NULL,
    "toEmail" TEXT NOT NULL,
    "fromName" TEXT,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "icsContent" TEXT,
    "icsMethod" TEXT,
    "messageId" TEXT NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),
    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Agent_email_key" ON "Agent"("email");
CREATE INDEX "AgentRole_organisationId_idx" ON "AgentRole"("organisationId");
CREATE UNIQUE INDEX "AgentRole_agentId_organisationId_key" ON "AgentRole"("agentId", "organisationId");
CREATE INDEX "User_organisationId_lastName_idx" ON "User"("organisationId", "lastName");
CREATE UNIQUE INDEX "User_organisationId_email_key" ON "User"("organisationId", "email");
CREATE INDEX "Lieu_organisationId_idx" ON "Lieu"("organisationId");
CREATE INDEX "Motif_organisationId_idx" ON "Motif"("organisationId");
CREATE UNIQUE INDEX "Rdv_uid_key" ON "Rdv"("uid");
CREATE INDEX "Rdv_organisationId_startsAt_idx" ON "Rdv"("organisationId", "startsAt");
CREATE INDEX "RdvAgent_agentId_idx" ON "RdvAgent"("agentId");
CREATE INDEX "RdvUser_userId_idx" ON "RdvUser"("userId");
CREATE UNIQUE INDEX "PlageOuverture_uid_key" ON "PlageOuverture"("uid");
CREATE INDEX "PlageOuverture_organisationId_agentId_idx" ON "PlageOuverture"("organisationId", "agentId");
CREATE UNIQUE INDEX "Absence_uid_key" ON "Absence"("uid");
CREATE INDEX "Absence_organisationId_agentId_idx" ON "Absence"("organisationId", "agentId");
CREATE INDEX "Session_agentId_idx" ON "Session"("agentId");
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");
CREATE INDEX "ApiToken_agentId_idx" ON "ApiToken"("agentId");
CREATE INDEX "SignInAttempt_key_createdAt_idx" ON "SignInAttempt"("key", "createdAt");
CREATE UNIQUE INDEX "AgentToken_tokenHash_key" ON "AgentToken"("tokenHash");
CREATE INDEX "AgentToken_agentId_idx" ON "AgentToken"("agentId");
CREATE INDEX "HistoryEntry_recordType_recordId_createdAt_idx" ON "HistoryEntry"("recordType", "recordId", "createdAt");
CREATE INDEX "HistoryEntry_organisationId_createdAt_idx" ON "HistoryEntry"("organisationId", "createdAt");
CREATE UNIQUE INDEX "OutboxMessage_messageId_key" ON "OutboxMessage"("messageId");
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "AgentRole" ADD CONSTRAINT "AgentRole_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AgentRole" ADD CONSTRAINT "AgentRole_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "User" ADD CONSTRAINT "User_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Lieu" ADD CONSTRAINT "Lieu_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Motif" ADD CONSTRAINT "Motif_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Rdv" ADD CONSTRAINT "Rdv_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Rdv" ADD CONSTRAINT "Rdv_motifId_fkey" FOREIGN KEY ("motifId") REFERENCES "Motif"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Rdv" ADD CONSTRAINT "Rdv_lieuId_fkey" FOREIGN KEY ("lieuId") REFERENCES "Lieu"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Rdv" ADD CONSTRAINT "Rdv_createdByAgentId_fkey" FOREIGN KEY ("createdByAgentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Rdv" ADD CONSTRAINT "Rdv_createdByUserId_fkey" FOREIGN KEY ("createdByUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "RdvAgent" ADD CONSTRAINT "RdvAgent_rdvId_fkey" FOREIGN KEY ("rdvId") REFERENCES "Rdv"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RdvAgent" ADD CONSTRAINT "RdvAgent_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RdvUser" ADD CONSTRAINT "RdvUser_rdvId_fkey" FOREIGN KEY ("rdvId") REFERENCES "Rdv"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RdvUser" ADD CONSTRAINT "RdvUser_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PlageOuverture" ADD CONSTRAINT "PlageOuverture_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PlageOuverture" ADD CONSTRAINT "PlageOuverture_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PlageOuverture" ADD CONSTRAINT "PlageOuverture_lieuId_fkey" FOREIGN KEY ("lieuId") REFERENCES "Lieu"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PlageMotif" ADD CONSTRAINT "PlageMotif_plageOuvertureId_fkey" FOREIGN KEY ("plageOuvertureId") REFERENCES "PlageOuverture"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PlageMotif" ADD CONSTRAINT "PlageMotif_motifId_fkey" FOREIGN KEY ("motifId") REFERENCES "Motif"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Absence" ADD CONSTRAINT "Absence_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Absence" ADD CONSTRAINT "Absence_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Session" ADD CONSTRAINT "Session_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AgentToken" ADD CONSTRAINT "AgentToken_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AgentToken" ADD CONSTRAINT "AgentToken_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AgentToken" ADD CONSTRAINT "AgentToken_createdByAgentId_fkey" FOREIGN KEY ("createdByAgentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "HistoryEntry" ADD CONSTRAINT "HistoryEntry_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "HistoryEntry" ADD CONSTRAINT "HistoryEntry_authorAgentId_fkey" FOREIGN KEY ("authorAgentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "HistoryEntry" ADD CONSTRAINT "HistoryEntry_authorUserId_fkey" FOREIGN KEY ("authorUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;
