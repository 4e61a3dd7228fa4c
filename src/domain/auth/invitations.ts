// Accepting an invitation. A new account opens the emailed link and chooses a password. An account that already
// exists (an agent of another organisation) is never joined without being asked: its link asks it to sign in, then
// to « Rejoindre » the organisation, and only then does it get its role there.
import type { Db } from "../../db/client.ts";
import type { RoleLevel } from "../../generated/prisma/enums.ts";
import { fullName } from "../../vocabulary/names.ts";
import { agentAuthor } from "../author.ts";
import { recordHistory } from "../history/record-history.ts";
import { parseInput } from "../validation.ts";
import { checkAgentToken, consumeAgentToken, type TokenCheck } from "./agent-tokens.ts";
import { newPasswordSchema } from "./password.schemas.ts";
import { hashPassword } from "./password.ts";

/**
 * A usable invitation: `join` when the account already has a password (it signs in and accepts), otherwise the link
 * lets it choose one; `role` is what it joins with when the invitation was sent to an existing account.
 */
export type InvitationCheck =
  | (Extract<TokenCheck, { status: "valid" }> & { join: boolean; role: RoleLevel | null })
  | Exclude<TokenCheck, { status: "valid" }>;

/** What an invitation link leads to, without using it. */
export async function findInvitation(db: Db, secret: string, now = new Date()): Promise<InvitationCheck> {
  const check = await checkAgentToken(db, "invitation", secret, now);
  if (check.status !== "valid") return check;
  const terms = await db.agentToken.findUniqueOrThrow({
    where: { id: check.tokenId },
    select: { role: true, agent: { select: { passwordHash: true } } },
  });
  return { ...check, role: terms.role, join: terms.role !== null && terms.agent.passwordHash !== null };
}

export type AcceptInvitationResult = { status: "accepted"; email: string } | { status: "unknown" | "used" | "expired" };

/**
 * Set the invitee's password and use up the link (and the other password links of the same agent); an invitation
 * sent to an account that existed without a password also gives it its role.
 */
export async function acceptInvitation(
  db: Db,
  input: { secret: string; raw: unknown; now?: Date },
): Promise<AcceptInvitationResult> {
  const now = input.now ?? new Date();
  const invitation = await findInvitation(db, input.secret, now);
  if (invitation.status !== "valid") return invitation;
  // An account with a password joins by signing in, never by choosing a new password through a link.
  if (invitation.join) return { status: "used" };
  const { password } = parseInput(newPasswordSchema, input.raw);
  const passwordHash = await hashPassword(password);
  const accepted = await db.$transaction(async (tx) => {
    if (!(await consumeAgentToken(tx, invitation.tokenId, now))) return false;
    await tx.agent.update({ where: { id: invitation.agent.id }, data: { passwordHash } });
    // The links of other organisations' pending invitations stay: the agent accepts them signed in.
    await tx.agentToken.updateMany({
      where: { agentId: invitation.agent.id, kind: "invitation", usedAt: null, role: null },
      data: { usedAt: now },
    });
    if (invitation.organisation && invitation.role) {
      await tx.agentRole.createMany({
        data: [{ agentId: invitation.agent.id, organisationId: invitation.organisation.id, level: invitation.role }],
        skipDuplicates: true,
      });
    }
    if (invitation.organisation) {
      await recordHistory(tx, {
        organisationId: invitation.organisation.id,
        recordId: invitation.agent.id,
        author: agentAuthor(invitation.agent.id),
        data: { type: "agent", action: "invitation_accepted", agent: fullName(invitation.agent) },
      });
    }
    return true;
  });
  return accepted ? { status: "accepted", email: invitation.agent.email } : { status: "used" };
}

export type JoinOrganisationResult =
  | { status: "joined"; organisation: { id: string; name: string } }
  | { status: "unknown" | "used" | "expired" | "other_account" };

/** The signed-in invitee accepts an invitation sent to its existing account: it joins the organisation. */
export async function joinOrganisation(
  db: Db,
  input: { secret: string; agentId: string; now?: Date },
): Promise<JoinOrganisationResult> {
  const now = input.now ?? new Date();
  const invitation = await findInvitation(db, input.secret, now);
  if (invitation.status !== "valid") return invitation;
  if (!invitation.join || !invitation.organisation || !invitation.role) return { status: "unknown" };
  if (invitation.agent.id !== input.agentId) return { status: "other_account" };
  const { organisation, role, agent } = invitation;
  const joined = await db.$transaction(async (tx) => {
    if (!(await consumeAgentToken(tx, invitation.tokenId, now))) return false;
    // Already a member (invited twice, both accepted): the first role stays.
    await tx.agentRole.createMany({
      data: [{ agentId: agent.id, organisationId: organisation.id, level: role }],
      skipDuplicates: true,
    });
    await recordHistory(tx, {
      organisationId: organisation.id,
      recordId: agent.id,
      author: agentAuthor(agent.id),
      data: { type: "agent", action: "invitation_accepted", agent: fullName(agent) },
    });
    return true;
  });
  return joined ? { status: "joined", organisation } : { status: "used" };
}
