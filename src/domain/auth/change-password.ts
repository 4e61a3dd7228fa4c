// « Mon compte › Changer de mot de passe ».
import type { Db } from "../../db/client.ts";
import { invalid } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { revokeAllApiTokens } from "./api-tokens.ts";
import { changePasswordSchema } from "./password.schemas.ts";
import { hashPassword, verifyPassword } from "./password.ts";

/**
 * Change the agent's password after checking the current one; its other sessions are closed (this one stays) and
 * every API token it had is revoked, since whoever knew the old password could have issued one.
 */
export async function changePassword(
  db: Db,
  input: { agentId: string; sessionId: string; raw: unknown; now?: Date },
): Promise<{ closedSessions: number; revokedTokens: number }> {
  const values = parseInput(changePasswordSchema, input.raw);
  const agent = await db.agent.findUniqueOrThrow({ where: { id: input.agentId }, select: { passwordHash: true } });
  if (!(await verifyPassword(agent.passwordHash, values.currentPassword))) {
    throw invalid({ currentPassword: "Ce mot de passe n'est pas votre mot de passe actuel." });
  }
  const passwordHash = await hashPassword(values.password);
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    // The agent's row first: a token being issued against the old password holds it (api-tokens.ts) and is then
    // committed before the revocation below, which therefore sees it.
    await tx.agent.update({ where: { id: input.agentId }, data: { passwordHash } });
    const closed = await tx.session.deleteMany({ where: { agentId: input.agentId, id: { not: input.sessionId } } });
    const revokedTokens = await revokeAllApiTokens(tx, input.agentId, "password_changed", now);
    return { closedSessions: closed.count, revokedTokens };
  });
}
