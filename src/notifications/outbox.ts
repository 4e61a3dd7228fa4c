// The outbox: emails are rows written in the same transaction as the change that causes them, so there is no change
// without its emails and no email for a change that rolled back. The worker sends them after commit.
import { randomUUID } from "node:crypto";
import type { Tx } from "../db/client.ts";

export type OutgoingEmail = {
  organisationId: string | null;
  /** What kind of email, for the dev page and the admin's failures page (e.g. "rdv_created", "invitation"). */
  kind: string;
  to: string;
  fromName?: string | null;
  subject: string;
  html: string;
  text: string;
  ics?: { content: string; method: "REQUEST" | "CANCEL" };
};

/** Queue an email in the caller's transaction; returns its stable Message-ID. */
export async function enqueueEmail(tx: Tx, email: OutgoingEmail, messageDomain = "rdv-agents.fr"): Promise<string> {
  const messageId = `<${randomUUID()}@${messageDomain}>`;
  await tx.outboxMessage.create({
    data: {
      organisationId: email.organisationId,
      kind: email.kind,
      toEmail: email.to,
      fromName: email.fromName ?? null,
      subject: email.subject,
      html: email.html,
      text: email.text,
      icsContent: email.ics?.content ?? null,
      icsMethod: email.ics?.method ?? null,
      messageId,
    },
  });
  return messageId;
}
