import { fullName } from "../../vocabulary/names.ts";
import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { recordHistory } from "../history/record-history.ts";
import { applyPatch, changedKeys, type Patch, type Updated, type ValuesChange } from "../patch.ts";
import type { CreatedUser } from "./create-user.ts";
import type { UserInput } from "./user.schemas.ts";
import { refuseDuplicateEmail } from "./user-duplicates.ts";

const userSelect = {
  id: true,
  organisationId: true,
  firstName: true,
  lastName: true,
  email: true,
  phone: true,
} as const;

/**
 * Change a usager's names, email or phone (see `Patch`); `change` is null when nothing changed, and nothing is
 * written.
 */
export async function updateUser(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; userId: string; patch: Patch<UserInput> },
): Promise<Updated<CreatedUser, ValuesChange<CreatedUser>>> {
  requireAdmin(input.actor, input.organisationId);
  const { organisationId } = input;
  return context.db.$transaction(async (tx) => {
    const before = await tx.user.findFirst({
      where: { id: input.userId, organisationId },
      select: userSelect,
    });
    if (!before) throw notFound("Cet usager n'existe pas ou vous n'y avez pas accès.");
    const { firstName, lastName, email: currentEmail, phone } = before;
    const values = applyPatch({ firstName, lastName, email: currentEmail, phone }, input.patch);
    if (changedKeys(before, values, ["firstName", "lastName", "email", "phone"]).length === 0) {
      return { record: before, change: null };
    }
    const email = values.email ?? null;
    await refuseDuplicateEmail(tx, { organisationId, email, exceptUserId: before.id, context: "administration" });
    const after = await tx.user.update({
      where: { id: before.id },
      data: { firstName: values.firstName, lastName: values.lastName, email, phone: values.phone },
      select: userSelect,
    });
    await recordHistory(tx, {
      organisationId,
      recordId: after.id,
      author: agentAuthor(input.actor.agentId),
      data: { type: "user", action: "updated", user: fullName(after) },
    });
    return { record: after, change: { before, after } };
  });
}
