import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { parseInput } from "../validation.ts";
import { type CreatedUser, insertUser } from "./create-user.ts";
import { userInputSchema } from "./user.schemas.ts";
import { refuseDuplicateEmail } from "./user-duplicates.ts";
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
    const email = user.email ?? null;
    await refuseDuplicateEmail(tx, { organisationId, email });
    return insertUser(tx, {
      organisationId,
      author: agentAuthor(input.actor.agentId),
      user: { firstName: user.firstName, lastName: user.lastName, email, phone: user.phone ?? null },
    });
  });
}
