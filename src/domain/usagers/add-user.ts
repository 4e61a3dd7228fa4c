import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { parseInput } from "../validation.ts";
import { type CreatedUser, insertUser } from "./create-user.ts";
import { userInputSchema } from "./user.schemas.ts";
import { userFieldsOf } from "./user-fields.ts";

/**
 * Create a usager from « Administration › Usagers »; an email already used in the organisation is refused with a
 * `DuplicateUserError` naming the existing usager.
 */
export async function addUser(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; raw: unknown },
): Promise<CreatedUser> {
  requireAdmin(input.actor, input.organisationId);
  const { organisationId, ...user } = parseInput(userInputSchema, {
    ...userFieldsOf(input.raw),
    organisationId: input.organisationId,
  });
  return context.db.$transaction(async (tx) => {
    return insertUser(tx, {
      organisationId,
      author: agentAuthor(input.actor.agentId),
      context: "administration",
      user: {
        firstName: user.firstName,
        lastName: user.lastName,
        email: user.email ?? null,
        phone: user.phone ?? null,
      },
    });
  });
}
