// Helpers for the notification tests: hand-built changes (as domain actions describe them), planning them in a
// transaction, and delivering one organisation's outbox through a transport.
import { randomUUID } from "node:crypto";
import ICAL from "ical.js";
import type { Db } from "../../../src/db/client.ts";
import type { Author } from "../../../src/domain/author.ts";
import type { DomainChange, RdvSnapshot } from "../../../src/domain/changes.ts";
import type { DomainContext } from "../../../src/domain/context.ts";
import { recordChanges } from "../../../src/domain/record-change.ts";
import type { Prisma } from "../../../src/generated/prisma/client.ts";
import { appLinkOf } from "../../../src/notifications/app-link.ts";
import { type RenderedEmail, renderOutboxEmail } from "../../../src/notifications/render.ts";
import { type EmailTransport, smtpTransport } from "../../../src/notifications/transport.ts";
import { type OutboxPassCounts, processOutboxOnce } from "../../../src/notifications/worker.ts";
import type { ReceivedEmail } from "../../support/smtp-sink.ts";

export const APP_URL = "https://rdv.example.fr";
export const MAIL_FROM = "no-reply@rdv-agents.fr";

/** The context domain actions receive, on the test database. */
export function domainContext(db: Db): DomainContext {
  return { db, config: { APP_URL, MAIL_FROM } };
}

/** An SMTP transport to the sink, with the service's sender address. */
export function sinkTransport(url: string): EmailTransport {
  return smtpTransport(url, MAIL_FROM);
}

/** Record `change` (history and emails) in a transaction of its own, as an action does at its end. */
export async function plan(db: Db, change: DomainChange): Promise<void> {
  await db.$transaction((tx) => recordChanges(tx, domainContext(db), [change]));
}

/**
 * The outbox rows matching `where`, oldest first, each rendered from its payload as the worker would send it (links
 * to `appUrl`): for tests that read an email without sending it.
 */
export async function renderedRows(
  db: Db,
  where: Prisma.OutboxMessageWhereInput,
  appUrl = APP_URL,
): Promise<(RenderedEmail & { id: string; kind: string; toEmail: string; organisationId: string | null })[]> {
  const rows = await db.outboxMessage.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const link = appLinkOf({ APP_URL: appUrl });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    toEmail: row.toEmail,
    organisationId: row.organisationId,
    ...renderOutboxEmail(row, link),
  }));
}

/** Run worker passes over one organisation's rows until none is due; the summed counts. */
export async function deliverAll(
  db: Db,
  transport: EmailTransport,
  organisationId: string,
  now = new Date(),
): Promise<OutboxPassCounts> {
  const total: OutboxPassCounts = { claimed: 0, sent: 0, retried: 0, dead: 0 };
  for (;;) {
    const counts = await processOutboxOnce({
      db,
      transport,
      config: { APP_URL },
      now,
      organisationIds: [organisationId],
    });
    for (const key of ["claimed", "sent", "retried", "dead"] as const) total[key] += counts[key];
    if (counts.claimed === 0) return total;
  }
}

/** An RDV snapshot with a fresh id and UID. */
export function rdvSnapshot(
  fields: Omit<RdvSnapshot, "id" | "uid" | "sequence" | "status" | "notes"> & Partial<RdvSnapshot>,
): RdvSnapshot {
  const id = fields.id ?? randomUUID();
  return {
    id,
    uid: fields.uid ?? `rdv-${id}@rdv-agents.fr`,
    sequence: 0,
    status: "unknown",
    notes: null,
    ...fields,
  };
}

export function agent(agentId: string): Author {
  return { kind: "agent", agentId };
}

/** The calendar part of a received email, parsed with ical.js (its VTIMEZONE registered), and its raw text. */
export function calendarOf(email: ReceivedEmail): { raw: string; calendar: ICAL.Component; event: ICAL.Component } {
  const part = email.parsed.attachments.find((a) => a.contentType === "text/calendar");
  if (!part) throw new Error(`no calendar in « ${email.parsed.subject} »`);
  const raw = part.content.toString("utf8");
  const calendar = ICAL.Component.fromString(raw);
  const vtimezone = calendar.getFirstSubcomponent("vtimezone");
  if (vtimezone) ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  const event = calendar.getFirstSubcomponent("vevent");
  if (!event) throw new Error("no VEVENT");
  return { raw, calendar, event };
}

/** A text property of a component. */
export function prop(component: ICAL.Component, name: string): string {
  const value = component.getFirstPropertyValue(name);
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}
