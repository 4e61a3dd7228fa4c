import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { claimSubmissionKey, recordSubmission, type SubmissionKey } from "../submissions/submission-key.ts";
import { type CreatedUser, createdUserOf, createdUserSelect, insertUser } from "./create-user.ts";
import type { UserInput } from "./user.schemas.ts";

/**
 * Create a usager from « Administration › Usagers »; an email already used in the organisation is refused with a
 * `DuplicateUserError` naming the existing usager, and with `refuseHomonyms` (the form, until confirmed) a usager of
 * the same names is a `HomonymError`. With the form's one-time key, a repeated submission of the same form returns
 * the usager the first one created.
 */
export async function addUser(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; user: UserInput; refuseHomonyms?: boolean; submissionKey?: string },
): Promise<CreatedUser> {
  const { organisationId } = input;
  requireAdmin(input.actor, organisationId);
  return context.db.$transaction(async (tx) => {
    // Claimed first: a repeated submission would otherwise be refused as a duplicate email or a homonym of itself.
    const submission: SubmissionKey | null = input.submissionKey
      ? { organisationId, key: input.submissionKey, recordType: "user" }
      : null;
    if (submission) {
      const earlierId = await claimSubmissionKey(tx, submission);
      if (earlierId !== null) {
        const earlier = await tx.user.findFirst({
          where: { id: earlierId, organisationId },
          select: createdUserSelect,
        });
        if (!earlier) throw notFound("Ce formulaire a déjà créé un usager, supprimé depuis.");
        return createdUserOf(earlier);
      }
    }
    const user = await insertUser(tx, {
      organisationId,
      author: agentAuthor(input.actor.agentId),
      context: "administration",
      user: input.user,
      refuseHomonyms: input.refuseHomonyms,
    });
    if (submission) await recordSubmission(tx, submission, user.id);
    return user;
  });
}
