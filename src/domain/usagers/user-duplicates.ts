// The « same email in the organisation » rule of the administration pages, with the existing usager's id so that
// the page can link to it. (The RDV form's inline creation has its own check in create-user.ts.)
import type { Tx } from "../../db/client.ts";
import { AppError } from "../errors.ts";

/** A usager with this email already exists in the organisation. */
export class DuplicateUserError extends AppError {
  constructor(
    readonly existingUserId: string,
    message: string,
  ) {
    super("conflict", message, { email: message });
    this.name = "DuplicateUserError";
  }
}

/** Refuse `email` when another usager of the organisation (not `exceptUserId`) already has it. */
export async function refuseDuplicateEmail(
  tx: Tx,
  input: { organisationId: string; email: string | null; exceptUserId?: string },
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
  if (existing) {
    throw new DuplicateUserError(
      existing.id,
      `Un usager de l'organisation a déjà l'adresse ${input.email} : ${existing.firstName} ${existing.lastName}.`,
    );
  }
}
