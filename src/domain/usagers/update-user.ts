import { fullName } from "../../vocabulary/names.ts";
import { requireAdmin } from "../admin/admin.policy.ts";
import { mergeInput } from "../admin/merge-input.ts";
import type { Actor } from "../auth/actor.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { recordHistory } from "../history/record-history.ts";
import { parseInput } from "../validation.ts";
import type { CreatedUser } from "./create-user.ts";
import { userInputSchema } from "./user.schemas.ts";
import { refuseDuplicateEmail } from "./user-duplicates.ts";
import { userFieldsOf } from "./user-fields.ts";

const userSelect = {
  id: true,
  organisationId: true,
  firstName: true,
  lastName: true,
  email: true,
  phone: true,
} as const;

/** Change a usager's names, email or phone; `partial` (API PATCH) keeps the fields not sent. */
export async function updateUser(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; userId: string; raw: unknown; partial?: boolean },
): Promise<CreatedUser> {
  requireAdmin(input.actor, input.organisationId);
  return context.db.$transaction(async (tx) => {
    const before = await tx.user.findFirst({
      where: { id: input.userId, organisationId: input.organisationId },
      select: userSelect,
    });
    if (!before) throw notFound("Cet usager n'existe pas ou vous n'y avez pas accès.");
    const raw = input.partial ? mergeInput(before, input.raw) : input.raw;
    const { organisationId, ...values } = parseInput(userInputSchema, {
      ...userFieldsOf(raw),
      organisationId: input.organisationId,
    });
    const email = values.email ?? null;
    await refuseDuplicateEmail(tx, { organisationId, email, exceptUserId: before.id, context: "administration" });
    const after = await tx.user.update({
      where: { id: before.id },
      data: { firstName: values.firstName, lastName: values.lastName, email, phone: values.phone ?? null },
      select: userSelect,
    });
    await recordHistory(tx, {
      organisationId,
      recordId: after.id,
      author: agentAuthor(input.actor.agentId),
      data: { type: "user", action: "updated", user: fullName(after) },
    });
    return after;
  });
}
