// « Mot de passe oublié »: the single-use link, valid one hour, to choose a new password.
import { z } from "zod";
import type { AppLink } from "../app-link.ts";
import { renderTemplate } from "../templates.ts";
import { typeset } from "./common.ts";

/** Whom the link is for, and its secret. */
export const passwordResetPayloadSchema = z.object({
  kind: z.literal("password_reset"),
  recipient: z.object({ firstName: z.string(), email: z.string() }),
  token: z.string().min(1),
});

export type PasswordResetPayload = z.output<typeof passwordResetPayloadSchema>;

/** The same subject for every reset. */
export function subject(_payload: PasswordResetPayload): string {
  return "Changement de votre mot de passe RDV Agents";
}

/** HTML and plain-text bodies. */
export function render(payload: PasswordResetPayload, link: AppLink): { html: string; text: string } {
  return typeset(
    renderTemplate("password-reset", {
      subject: subject(payload),
      firstName: payload.recipient.firstName,
      link: link(`/mot-de-passe/nouveau/${payload.token}`),
    }),
  );
}
