-- Outbox rows hold what each recipient must be told (a typed payload, see src/notifications/payload.ts) instead of
-- the rendered email: the worker renders subject, bodies and calendar file when it sends. Rows written before keep
-- their rendered text under the `legacy_rendered` payload kind, so that pending emails (and dead ones, which an admin
-- may resend) still go out exactly as they were, and sent ones stay readable on /dev/emails.

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "payload" JSONB;

-- Data migration
UPDATE "OutboxMessage" SET "payload" = jsonb_build_object(
    'kind', 'legacy_rendered',
    'subject', "subject",
    'html', "html",
    'text', "text",
    'ics', CASE
        WHEN "icsContent" IS NULL THEN 'null'::jsonb
        ELSE jsonb_build_object('content', "icsContent", 'method', COALESCE("icsMethod", 'REQUEST'))
    END
);

-- AlterTable
ALTER TABLE "OutboxMessage" ALTER COLUMN "payload" SET NOT NULL,
DROP COLUMN "subject",
DROP COLUMN "html",
DROP COLUMN "text",
DROP COLUMN "icsContent",
DROP COLUMN "icsMethod";
