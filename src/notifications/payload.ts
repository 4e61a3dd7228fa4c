// What an outbox row holds: the facts an email tells, as they were when the change happened (names, times, lieu,
// motif, usagers, author, calendar UID/SEQUENCE/METHOD, recipient, organisation and zone), never rendered text. A
// cancellation queued before the RDV changed again still describes the version the agent had. One schema per email
// kind, in its module under emails/; this is their union, checked when a row is queued and when it is read.
import { z } from "zod";
import { absencePayloadSchema } from "./emails/absence-email.ts";
import { invitationPayloadSchema } from "./emails/invitation-email.ts";
import { legacyRenderedPayloadSchema } from "./emails/legacy-email.ts";
import { passwordResetPayloadSchema } from "./emails/password-reset-email.ts";
import { plagePayloadSchema } from "./emails/plage-email.ts";
import { rdvPayloadSchema } from "./emails/rdv-email.ts";
import { usagerRdvPayloadSchema } from "./emails/usager-rdv-email.ts";

/** Every payload an outbox row may hold, discriminated on `kind`. */
export const outboxPayloadSchema = z.discriminatedUnion("kind", [
  rdvPayloadSchema,
  plagePayloadSchema,
  absencePayloadSchema,
  invitationPayloadSchema,
  passwordResetPayloadSchema,
  legacyRenderedPayloadSchema,
  usagerRdvPayloadSchema,
]);

export type OutboxPayload = z.output<typeof outboxPayloadSchema>;
