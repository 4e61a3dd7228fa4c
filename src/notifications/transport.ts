// Where outbox rows go: an SMTP server through nodemailer's pooled transport, or, without SMTP_URL (development and
// the embedded database), the dev store: the row itself, marked sent and kept for /dev/emails.
import { Transform, type TransformCallback } from "node:stream";
import { createTransport } from "nodemailer";
import type { Config } from "../config.ts";
import type { RenderedEmail } from "./render.ts";

/** An outbox row rendered, as the transports need it: its envelope and the email. */
export type EmailToSend = RenderedEmail & { messageId: string; toEmail: string; fromName: string | null };

/** Sends one email or throws; `close` releases its connections. */
export type EmailTransport = {
  readonly name: "smtp" | "dev-store";
  send(email: EmailToSend): Promise<void>;
  close(): void;
};

const DEFAULT_SENDER_NAME = "RDV Agents";

/** The transport of the configuration: SMTP with SMTP_URL, the dev store without (never in production). */
export function createEmailTransport(config: Pick<Config, "SMTP_URL" | "MAIL_FROM" | "NODE_ENV">): EmailTransport {
  if (config.SMTP_URL) return smtpTransport(config.SMTP_URL, config.MAIL_FROM);
  if (config.NODE_ENV === "production") {
    // Marking emails sent without sending them would lose them: better to let them wait in the outbox.
    throw new Error("SMTP_URL is required in production: without it, emails would never leave the outbox.");
  }
  return devStoreTransport();
}

/** nodemailer's pooled SMTP transport on `url` (smtp:// or smtps://, credentials in the URL). */
export function smtpTransport(url: string, mailFrom: string): EmailTransport {
  const transporter = createTransport({
    url,
    pool: true,
    maxConnections: 3,
    // A server that does not answer must not hold a worker for long: the row is retried later.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  transporter.use("stream", (mail, callback) => {
    mail.message.transform(new WholeMessage());
    callback();
  });
  return {
    name: "smtp",
    async send(email) {
      await transporter.sendMail(mailOptions(email, mailFrom));
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * The message gathered into one chunk before it reaches the SMTP connection. nodemailer streams a message part by part,
 * about 25 socket writes for one of our 9 KB emails, each a system call (on loopback, also a wake-up of the server):
 * the same bytes now go in one write and the closing dot in another.
 */
class WholeMessage extends Transform {
  private readonly chunks: Buffer[] = [];

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.chunks.push(chunk);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    callback(null, Buffer.concat(this.chunks));
  }
}

/** The dev store: nothing leaves the machine; the worker marks the row sent and /dev/emails shows it. */
export function devStoreTransport(): EmailTransport {
  return { name: "dev-store", send: async () => {}, close: () => {} };
}

/**
 * nodemailer's options for a row: the stored Message-ID (the same on every attempt), HTML and text, and the ICS as
 * `icalEvent` (an inline `text/calendar; method=…` part that Outlook needs, plus the .ics attachment). Base64, because
 * quoted-printable calendar parts broke Outlook and Zimbra; no `icalEvent.headers`, which nodemailer shares between
 * both parts.
 */
export function mailOptions(email: EmailToSend, mailFrom: string) {
  return {
    messageId: email.messageId,
    from: { name: email.fromName ?? DEFAULT_SENDER_NAME, address: mailFrom },
    to: email.toEmail,
    subject: email.subject,
    html: email.html,
    text: email.text,
    textEncoding: "base64" as const,
    ...(email.ics && {
      icalEvent: { method: email.ics.method, content: email.ics.content, filename: email.ics.filename },
    }),
  };
}
