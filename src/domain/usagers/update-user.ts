import { fullName } from "../../vocabulary/names.ts";
import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { recordHistory } from "../history/record-history.ts";
import { applyPatch, changedKeys, type Patch, type Updated, type ValuesChange } from "../patch.ts";
import { type CreatedUser, createdUserOf, createdUserSelect } from "./create-user.ts";
import { birthDateValue, type UserInput } from "./user.schemas.ts";
import { refuseDuplicateEmail } from "./user-duplicates.ts";

/**
 * Change a usager's names, email, phone or birth date (see `Patch`); `change` is null when nothing changed, and nothing is
 * written.
 */
export async function updateUser(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; userId: string; patch: Patch<UserInput> },
): Promise<Updated<CreatedUser, ValuesChange<CreatedUser>>> {
  requireAdmin(input.actor, input.organisationId);
  const { organisationId } = input;
  return context.db.$transaction(async (tx) => {
    const row = await tx.user.findFirst({
      where: { id: input.userId, organisationId },
      select: createdUserSelect,
    });
    if (!row) throw notFound("Cet usager n'existe pas ou vous n'y avez pas accès.");
    const before = createdUserOf(row);
    const { firstName, lastName, email: currentEmail, phone, birthDate } = before;
    const values = applyPatch({ firstName, lastName, email: currentEmail, phone, birthDate }, input.patch);
    if (changedKeys(before, values, ["firstName", "lastName", "email", "phone", "birthDate"]).length === 0) {
      return { record: before, change: null };
    }
    const email = values.email ?? null;
    await refuseDuplicateEmail(tx, { organisationId, email, exceptUserId: before.id, context: "administration" });
    const after = await tx.user
      .update({
        where: { id: before.id },
        data: {
          firstName: values.firstName,
          lastName: values.lastName,
          email,
          phone: values.phone,
          birthDate: birthDateValue(values.birthDate),
        },
        select: createdUserSelect,
      })
      .then(createdUserOf);
    await recordHistory(tx, {
      organisationId,
      recordId: after.id,
      author: agentAuthor(input.actor.agentId),
      data: { type: "user", action: "updated", user: fullName(after) },
    });
    return { record: after, change: { before, after } };
  });
}
