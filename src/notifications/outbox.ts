// The outbox: emails are rows written in the same transaction as the change that causes them, so there is no change
// without its emails and no email for a change that rolled back. A row holds the payload of its email (the facts, as
// they were); the worker renders and sends it after commit.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Tx } from "../db/client.ts";
import { outboxPayloadSchema } from "./payload.ts";

export type OutgoingEmail = {
  organisationId: string | null;
  /** What kind of email, for the dev page and the admin's failures page (e.g. "rdv_created", "invitation"). */
  kind: string;
  to: string;
  fromName?: string | null;
  payload: z.input<typeof outboxPayloadSchema>;
};

/** Queue an email in the caller's transaction; returns its stable Message-ID. */
export async function enqueueEmail(tx: Tx, email: OutgoingEmail, messageDomain = "rdv-agents.fr"): Promise<string> {
  const row = outboxRowOf(email, messageDomain);
  await tx.outboxMessage.create({ data: row });
  return row.messageId;
}

/** Queue several emails in the caller's transaction with one insert; returns their Message-IDs, in order. */
export async function enqueueEmails(
  tx: Tx,
  emails: readonly OutgoingEmail[],
  messageDomain = "rdv-agents.fr",
): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = emails.map((email) => outboxRowOf(email, messageDomain));
  await tx.outboxMessage.createMany({ data: rows });
  return rows.map((row) => row.messageId);
}

/** The domain of Message-IDs: the one of the sender address, so that they look like the service's own. */
export function messageDomainOf(mailFrom: string): string {
  return mailFrom.split("@")[1] ?? "rdv-agents.fr";
}

// The Message-ID is chosen once, here, and stored: every attempt to send the row uses it, so a retry after a crash
// is the same email to the receiving servers and the agent's mail client. The payload is checked against its schema
// here, so that a row the worker could not read is never written.
export function outboxRowOf(email: OutgoingEmail, messageDomain: string) {
  return {
    organisationId: email.organisationId,
    kind: email.kind,
    toEmail: email.to,
    fromName: email.fromName ?? null,
    payload: outboxPayloadSchema.parse(email.payload),
    messageId: `<${randomUUID()}@${messageDomain}>`,
  };
}
