// Accepting an invitation: the invitee opens the emailed link and chooses a password.
import type { Db } from "../../db/client.ts";
import { fullName } from "../../vocabulary/names.ts";
import { agentAuthor } from "../author.ts";
import { recordHistory } from "../history/record-history.ts";
import { parseInput } from "../validation.ts";
import { checkAgentToken, consumeAgentToken, type TokenCheck } from "./agent-tokens.ts";
import { newPasswordSchema } from "./password.schemas.ts";
import { hashPassword } from "./password.ts";

/** What an invitation link leads to, without using it. */
export function findInvitation(db: Db, secret: string, now = new Date()): Promise<TokenCheck> {
  return checkAgentToken(db, "invitation", secret, now);
}

export type AcceptInvitationResult = { status: "accepted"; email: string } | { status: "unknown" | "used" | "expired" };

/** Set the invitee's password and use up the link (and any other invitation link of the same agent). */
export async function acceptInvitation(
  db: Db,
  input: { secret: string; raw: unknown; now?: Date },
): Promise<AcceptInvitationResult> {
  const now = input.now ?? new Date();
  const invitation = await findInvitation(db, input.secret, now);
  if (invitation.status !== "valid") return invitation;
  const { password } = parseInput(newPasswordSchema, input.raw);
  const passwordHash = await hashPassword(password);
  const accepted = await db.$transaction(async (tx) => {
    if (!(await consumeAgentToken(tx, invitation.tokenId, now))) return false;
    await tx.agent.update({ where: { id: invitation.agent.id }, data: { passwordHash } });
    await tx.agentToken.updateMany({
      where: { agentId: invitation.agent.id, kind: "invitation", usedAt: null },
      data: { usedAt: now },
    });
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
