// An outbox row → the email it stands for: subject, HTML, text and calendar file, rendered from its payload by the
// module of its kind. The worker calls this when it sends; /dev/emails and « Emails en échec » when they show a row.
import type { AppLink } from "./app-link.ts";
import * as absenceEmail from "./emails/absence-email.ts";
import type { IcsAttachment } from "./emails/common.ts";
import * as invitationEmail from "./emails/invitation-email.ts";
import * as legacyEmail from "./emails/legacy-email.ts";
import * as passwordResetEmail from "./emails/password-reset-email.ts";
import * as plageEmail from "./emails/plage-email.ts";
import * as rdvEmail from "./emails/rdv-email.ts";
import * as usagerRdvEmail from "./emails/usager-rdv-email.ts";
import { type OutboxPayload, outboxPayloadSchema } from "./payload.ts";

/** One email, ready for a transport or a page. */
export type RenderedEmail = { subject: string; html: string; text: string; ics: IcsAttachment | null };

/** What rendering needs of a row: its kind (named on the pages) and its stored payload, not yet checked. */
export type StoredPayload = { kind: string; payload: unknown };

/** The row's payload, checked against the schema of its kind (a malformed payload throws). */
function payloadOf(row: StoredPayload): OutboxPayload {
  return outboxPayloadSchema.parse(row.payload);
}

/** Subject, bodies and calendar file of a row. */
export function renderOutboxEmail(row: StoredPayload, link: AppLink): RenderedEmail {
  const email = emailOf(payloadOf(row), row.kind);
  return { subject: email.subject(), ...email.bodies(link), ics: email.ics(link) };
}

/** The subject alone (lists show it without rendering bodies); "(email illisible)" for a payload that does not parse. */
export function subjectOf(row: StoredPayload): string {
  const parsed = outboxPayloadSchema.safeParse(row.payload);
  return parsed.success ? emailOf(parsed.data, row.kind).subject() : "(email illisible)";
}

/** The calendar method of a row, if its email carries a calendar file (for the dev list). */
export function icsMethodOf(row: StoredPayload): string | null {
  const parsed = outboxPayloadSchema.safeParse(row.payload);
  if (!parsed.success) return null;
  const payload = parsed.data;
  if (payload.kind === "legacy_rendered") return payload.ics?.method ?? null;
  if (payload.kind === "invitation" || payload.kind === "password_reset") return null;
  return payload.method;
}

/** The parts of one email, each rendered only when asked for (lists need only subjects, which hold no link). */
type EmailParts = {
  subject: () => string;
  bodies: (link: AppLink) => { html: string; text: string };
  ics: (link: AppLink) => IcsAttachment | null;
};

// The one place that maps a payload kind to its email module.
function emailOf(payload: OutboxPayload, rowKind: string): EmailParts {
  switch (payload.kind) {
    case "rdv":
      return {
        subject: () => rdvEmail.subject(payload),
        bodies: (link) => rdvEmail.render(payload, link),
        ics: (link) => rdvEmail.ics(payload, link),
      };
    case "plage_ouverture":
      return {
        subject: () => plageEmail.subject(payload),
        bodies: (link) => plageEmail.render(payload, link),
        ics: (link) => plageEmail.ics(payload, link),
      };
    case "absence":
      return {
        subject: () => absenceEmail.subject(payload),
        bodies: (link) => absenceEmail.render(payload, link),
        ics: (link) => absenceEmail.ics(payload, link),
      };
    case "invitation":
      return {
        subject: () => invitationEmail.subject(payload),
        bodies: (link) => invitationEmail.render(payload, link),
        ics: () => null,
      };
    case "password_reset":
      return {
        subject: () => passwordResetEmail.subject(payload),
        bodies: (link) => passwordResetEmail.render(payload, link),
        ics: () => null,
      };
    case "usager_rdv":
      return {
        subject: () => usagerRdvEmail.subject(payload),
        bodies: (link) => usagerRdvEmail.render(payload, link),
        ics: (link) => usagerRdvEmail.ics(payload, link),
      };
    case "legacy_rendered":
      return {
        subject: () => legacyEmail.subject(payload),
        bodies: () => legacyEmail.render(payload),
        ics: () => legacyEmail.ics(payload, rowKind),
      };
  }
}
