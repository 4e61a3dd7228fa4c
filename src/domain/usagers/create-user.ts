// Creating a usager of an organisation: from the API, or inline while booking an RDV (same transaction as the RDV).
import type { Tx } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { fullName } from "../../vocabulary/names.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { conflict } from "../errors.ts";
import { recordHistory } from "../history/record-history.ts";
import { birthDateText, birthDateValue, type UserInput } from "./user.schemas.ts";
import { type DuplicateContext, refuseDuplicateEmail } from "./user-duplicates.ts";
import { findHomonyms, HomonymError } from "./user-homonyms.ts";

export type CreatedUser = {
  id: string;
  organisationId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
};

/** What a created or changed usager reads back (its birth date as a Date, turned into "YYYY-MM-DD" by `createdUserOf`). */
export const createdUserSelect = {
  id: true,
  organisationId: true,
  firstName: true,
  lastName: true,
  email: true,
  phone: true,
  birthDate: true,
} as const;

/** A usager row as `CreatedUser`. */
export function createdUserOf(row: Omit<CreatedUser, "birthDate"> & { birthDate: Date | null }): CreatedUser {
  return { ...row, birthDate: birthDateText(row.birthDate) };
}

export type CreateUserCommand = { actor: Actor; author: Author; organisationId: string; user: UserInput };

/** Create a usager in an organisation the actor belongs to (every role books RDVs, so every role may). */
export async function createUser(context: DomainContext, command: CreateUserCommand): Promise<CreatedUser> {
  const { organisationId, user } = command;
  requireMembership(command.actor, organisationId);
  return context.db.$transaction((tx) =>
    insertUser(tx, { organisationId, author: command.author, context: "booking", user }),
  );
}

/**
 * Insert a usager and its history row in `tx`. An email already used in the organisation is refused with a
 * `DuplicateUserError` naming the existing usager, on the field `emailField` (`email`, or `newUserEmail` in the RDV form).
 * With `refuseHomonyms`, a usager with the same names (or last name and birth date) is a `HomonymError`, which the form
 * shows with « Créer quand même »; the API and confirmed forms create anyway.
 */
export async function insertUser(
  tx: Tx,
  input: {
    organisationId: string;
    author: Author;
    user: UserInput;
    context: DuplicateContext;
    emailField?: string;
    refuseHomonyms?: boolean;
  },
): Promise<CreatedUser> {
  const { organisationId, user } = input;
  await refuseDuplicateEmail(tx, {
    organisationId,
    email: user.email,
    context: input.context,
    field: input.emailField,
  });
  if (input.refuseHomonyms) {
    const homonyms = await findHomonyms(tx, { organisationId, user });
    if (homonyms.length > 0) throw new HomonymError(homonyms);
  }
  const created = await tx.user
    .create({
      data: { organisationId, ...user, birthDate: birthDateValue(user.birthDate) },
      select: createdUserSelect,
    })
    .then(createdUserOf)
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
    recordId: created.id,
    author: input.author,
    data: { type: "user", action: "created", user: fullName(created) },
  });
  return created;
}
