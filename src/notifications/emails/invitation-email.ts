// The invitation an admin sends to a new agent (a link to choose a password, valid 7 days), or to an existing account
// (a link to sign in and accept); old rows may still be the notice that an existing account was added.
import { z } from "zod";
import { queWord } from "../../vocabulary/names.ts";
import { frenchSpacing } from "../../vocabulary/typography.ts";
import type { AppLink } from "../app-link.ts";
import { renderTemplate } from "../templates.ts";
import { typeset } from "./common.ts";

/** What an invitation says: who invites, into which organisation, as what; `token` only when a password is needed. */
export const invitationPayloadSchema = z.object({
  kind: z.literal("invitation"),
  recipient: z.object({ firstName: z.string(), email: z.string() }),
  inviterName: z.string(),
  organisationName: z.string(),
  /** « secrétariat », « agent », « administrateur »… as the sentence needs it. */
  roleLabel: z.string(),
  /** The secret of the invitation link; null in the notices of rows queued before every invitation had a link. */
  token: z.string().min(1).nullable(),
  /** The email already had an account: the link asks to sign in and « Rejoindre », not to choose a password. */
  existingAccount: z.boolean().default(false),
});

export type InvitationPayload = z.output<typeof invitationPayloadSchema>;

/**
 * « Invitation à rejoindre … sur RDV Agents », or « Bienvenue dans … sur RDV Agents » for an existing account: words
 * that do not guess whether the person is a man or a woman.
 */
export function subject(payload: InvitationPayload): string {
  return frenchSpacing(
    payload.token !== null
      ? `Invitation à rejoindre ${payload.organisationName} sur RDV Agents`
      : `Bienvenue dans ${payload.organisationName} sur RDV Agents`,
  );
}

/** HTML and plain-text bodies. */
export function render(payload: InvitationPayload, link: AppLink): { html: string; text: string } {
  return typeset(
    renderTemplate("invitation", {
      subject: subject(payload),
      firstName: payload.recipient.firstName,
      inviterName: payload.inviterName,
      organisationName: payload.organisationName,
      /** « qu'agent », « que secrétaire », after « en tant ». */
      asRole: queWord(payload.roleLabel),
      needsPassword: payload.token !== null && !payload.existingAccount,
      joinLink: payload.token !== null && payload.existingAccount,
      link: payload.token !== null ? link(`/invitations/${payload.token}`) : link("/connexion"),
    }),
  );
}
