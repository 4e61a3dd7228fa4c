// Creating a usager of an organisation: from the API, or inline while booking an RDV (same transaction as the RDV).
import type { Tx } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { conflict } from "../errors.ts";
import { recordHistory } from "../history/record-history.ts";
import { parseInput } from "../validation.ts";
import { type UserInput, userInputSchema } from "./user.schemas.ts";

export type CreatedUser = {
  id: string;
  organisationId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
};

export type CreateUserCommand = { actor: Actor; author: Author; raw: unknown };

/** Create a usager in an organisation the actor belongs to (every role books RDVs, so every role may). */
export async function createUser(context: DomainContext, command: CreateUserCommand): Promise<CreatedUser> {
  const { organisationId, ...input } = parseInput(userInputSchema, command.raw);
  requireMembership(command.actor, organisationId);
  return context.db.$transaction((tx) =>
    insertUser(tx, {
      organisationId,
      author: command.author,
      user: {
        firstName: input.firstName,
        lastName: input.lastName,
        email: input.email ?? null,
        phone: input.phone ?? null,
      },
    }),
  );
}

/**
 * Insert a usager and its history row in `tx`. An email already used in the organisation is refused with a message
 * naming the existing usager, on the field `emailField` (`email`, or `newUserEmail` in the RDV form).
 */
export async function insertUser(
  tx: Tx,
  input: { organisationId: string; author: Author; user: UserInput; emailField?: string },
): Promise<CreatedUser> {
  const { organisationId, user } = input;
  if (user.email) {
    const existing = await tx.user.findFirst({
      where: { organisationId, email: { equals: user.email, mode: "insensitive" } },
      select: { id: true, firstName: true, lastName: true },
    });
    if (existing) {
      const message =
        `${existing.firstName} ${existing.lastName} est déjà enregistré(e) avec l'adresse ${user.email} : ` +
        "recherchez cet usager et sélectionnez-le plutôt que d'en créer un nouveau.";
      throw conflict(message, { [input.emailField ?? "email"]: message });
    }
  }
  const created = await tx.user
    .create({
      data: { organisationId, ...user },
      select: { id: true, organisationId: true, firstName: true, lastName: true, email: true, phone: true },
    })
    .catch((error: unknown) => {
      // Two agents creating the same usager at the same moment: the unique index decides, the loser gets a 409.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        const message = `Un usager vient d'être enregistré avec l'adresse ${user.email} : recherchez-le et sélectionnez-le.`;
        throw conflict(message, { [input.emailField ?? "email"]: message });
      }
      throw error;
    });
  await recordHistory(tx, {
    organisationId,
    recordType: "user",
    recordId: created.id,
    action: "created",
    author: input.author,
    summary: `Usager créé : ${created.firstName} ${created.lastName}`,
  });
  return created;
}
