// « Mon compte › Changer de mot de passe ».
import type { Db } from "../../db/client.ts";
import { invalid } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { changePasswordSchema } from "./password.schemas.ts";
import { hashPassword, verifyPassword } from "./password.ts";

/** Change the agent's password after checking the current one; its other sessions are closed, this one stays. */
export async function changePassword(
  db: Db,
  input: { agentId: string; sessionId: string; raw: unknown },
): Promise<{ closedSessions: number }> {
  const values = parseInput(changePasswordSchema, input.raw);
  const agent = await db.agent.findUniqueOrThrow({ where: { id: input.agentId }, select: { passwordHash: true } });
  if (!(await verifyPassword(agent.passwordHash, values.currentPassword))) {
    throw invalid({ currentPassword: "Ce mot de passe n'est pas votre mot de passe actuel." });
  }
  const passwordHash = await hashPassword(values.password);
  const closed = await db.$transaction(async (tx) => {
    await tx.agent.update({ where: { id: input.agentId }, data: { passwordHash } });
    return tx.session.deleteMany({ where: { agentId: input.agentId, id: { not: input.sessionId } } });
  });
  return { closedSessions: closed.count };
}
