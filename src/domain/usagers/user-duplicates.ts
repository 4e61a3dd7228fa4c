// The « one usager per email in an organisation » rule, for every way a usager is created or edited (RDV form, API,
// administration): the error names the existing usager and carries its id so that a page can link to it.
import type { Tx } from "../../db/client.ts";
import { fullName } from "../../vocabulary/names.ts";
import { AppError } from "../errors.ts";

/** A usager with this email already exists in the organisation. */
export class DuplicateUserError extends AppError {
  readonly existingUserId: string;

  constructor(existingUserId: string, message: string, field: string) {
    super("conflict", message, { [field]: message });
    this.existingUserId = existingUserId;
    this.name = "DuplicateUserError";
  }
}

/** Where the duplicate was typed: the wording points to what the agent can do there. */
export type DuplicateContext = "booking" | "administration";

const duplicateMessages: Record<DuplicateContext, (name: string, email: string) => string> = {
  // Booking (RDV form, API): the agent was about to make a second record of someone the service already knows.
  booking: (name, email) =>
    `${name} est déjà enregistré(e) avec l'adresse ${email} : recherchez cet usager et sélectionnez-le plutôt que d'en créer un nouveau.`,
  // Administration: the page links to the existing usager.
  administration: (name, email) => `Un usager de l'organisation a déjà l'adresse ${email} : ${name}.`,
};

/**
 * Refuse `email` when another usager of the organisation (not `exceptUserId`) already has it, with a message on
 * `field` (`email`, or `newUserEmail` in the RDV form) naming that usager.
 */
export async function refuseDuplicateEmail(
  tx: Tx,
  input: {
    organisationId: string;
    email: string | null;
    context: DuplicateContext;
    exceptUserId?: string;
    field?: string;
  },
): Promise<void> {
  if (!input.email) return;
  const existing = await tx.user.findFirst({
    where: {
      organisationId: input.organisationId,
      email: { equals: input.email, mode: "insensitive" },
      ...(input.exceptUserId ? { id: { not: input.exceptUserId } } : {}),
    },
    select: { id: true, firstName: true, lastName: true },
  });
  if (!existing) return;
  const message = duplicateMessages[input.context](fullName(existing), input.email);
  throw new DuplicateUserError(existing.id, message, input.field ?? "email");
}
