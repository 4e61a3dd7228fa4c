// Rows queued before payloads existed (migration 20261129230000_outbox_payload) carry their email already rendered:
// they are sent, and shown, exactly as they were written.
import { z } from "zod";
import { icsFilename } from "../ics.ts";
import type { IcsAttachment } from "./common.ts";

/** An email rendered when it was queued: subject, bodies and calendar file as they were. */
export const legacyRenderedPayloadSchema = z.object({
  kind: z.literal("legacy_rendered"),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  ics: z.object({ content: z.string(), method: z.enum(["REQUEST", "CANCEL"]) }).nullable(),
});

export type LegacyRenderedPayload = z.output<typeof legacyRenderedPayloadSchema>;

/** The stored subject. */
export function subject(payload: LegacyRenderedPayload): string {
  return payload.subject;
}

/** The stored bodies. */
export function render(payload: LegacyRenderedPayload): { html: string; text: string } {
  return { html: payload.html, text: payload.text };
}

/** The stored calendar file, named after the row's kind (e.g. "rdv_cancelled") as the worker used to. */
export function ics(payload: LegacyRenderedPayload, rowKind: string): IcsAttachment | null {
  if (payload.ics === null) return null;
  return { ...payload.ics, filename: filenameOf(rowKind) };
}

function filenameOf(kind: string): string {
  if (kind.startsWith("rdv_")) return icsFilename("rdv");
  if (kind.startsWith("plage_ouverture_")) return icsFilename("plage");
  if (kind.startsWith("absence_")) return icsFilename("absence");
  return "invitation.ics";
}
