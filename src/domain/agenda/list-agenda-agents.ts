// The agents whose agenda a member of an organisation may open: all the agents of that organisation.
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import type { AgendaAgent } from "./list-agenda-events.ts";

/** The agents of an organisation, by last then first name, for the agenda's picker; 404 for a non-member. */
export async function listAgendaAgents(db: Db, actor: Actor, organisationId: string): Promise<AgendaAgent[]> {
  requireMembership(actor, organisationId);
  // One statement (Prisma's relation select sent two: the roles, then their agents).
  const rows = await db.$queryRaw<unknown[]>`
    SELECT a."id", a."firstName", a."lastName"
      FROM "AgentRole" ar JOIN "Agent" a ON a."id" = ar."agentId"
     WHERE ar."organisationId" = ${organisationId}
     ORDER BY a."lastName", a."firstName"`;
  return agentRowSchema.array().parse(rows);
}

const agentRowSchema = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });
