import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { type CreatedUser, insertUser } from "./create-user.ts";
import type { UserInput } from "./user.schemas.ts";

/**
 * Create a usager from « Administration › Usagers »; an email already used in the organisation is refused with a
 * `DuplicateUserError` naming the existing usager, and with `refuseHomonyms` (the form, until confirmed) a usager of
 * the same names is a `HomonymError`.
 */
export async function addUser(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; user: UserInput; refuseHomonyms?: boolean },
): Promise<CreatedUser> {
  requireAdmin(input.actor, input.organisationId);
  return context.db.$transaction((tx) =>
    insertUser(tx, {
      organisationId: input.organisationId,
      author: agentAuthor(input.actor.agentId),
      context: "administration",
      user: input.user,
      refuseHomonyms: input.refuseHomonyms,
    }),
  );
}
