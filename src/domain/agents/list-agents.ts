import type { Db } from "../../db/client.ts";
import type { RoleLevel } from "../../generated/prisma/enums.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";

export type OrganisationAgent = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: RoleLevel;
  lastSignInAt: Date | null;
  /** Invited, but has not chosen a password yet. */
  invitationPending: boolean;
};

/** The agents of an organisation, by name; any member may read them. */
export async function listAgents(
  db: Db,
  input: { actor: Actor; organisationId: string },
): Promise<OrganisationAgent[]> {
  requireMembership(input.actor, input.organisationId);
  const roles = await db.agentRole.findMany({
    where: { organisationId: input.organisationId },
    select: {
      level: true,
      agent: {
        select: { id: true, email: true, firstName: true, lastName: true, lastSignInAt: true, passwordHash: true },
      },
    },
    orderBy: [{ agent: { lastName: "asc" } }, { agent: { firstName: "asc" } }],
  });
  return roles.map(({ level, agent: { passwordHash, ...agent } }) => ({
    ...agent,
    role: level,
    invitationPending: passwordHash === null,
  }));
}
