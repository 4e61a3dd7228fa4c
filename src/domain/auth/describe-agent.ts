// Who the caller is, for GET /api/v1/me: the agent and its role in each of its organisations.
import type { Db } from "../../db/client.ts";
import type { RoleLevel } from "../../generated/prisma/enums.ts";
import { notFound } from "../errors.ts";
import type { Actor } from "./actor.ts";

export type AgentDescription = {
  agent: { id: string; email: string; firstName: string; lastName: string };
  organisations: { id: string; name: string; timezone: string; role: RoleLevel }[];
};

/** The actor's identity and organisations (by name), as the API shows them. */
export async function describeAgent(db: Db, actor: Actor): Promise<AgentDescription> {
  const agent = await db.agent.findUnique({
    where: { id: actor.agentId },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      roles: {
        orderBy: { organisation: { name: "asc" } },
        select: { level: true, organisation: { select: { id: true, name: true, timezone: true } } },
      },
    },
  });
  if (!agent) throw notFound("Cet agent n'existe plus.");
  const { roles, ...identity } = agent;
  return {
    agent: identity,
    organisations: roles.map(({ level, organisation }) => ({ ...organisation, role: level })),
  };
}
