// The agents whose agenda a member of an organisation may open: all the agents of that organisation.
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import type { AgendaAgent } from "./list-agenda-events.ts";

/** The agents of an organisation, by last then first name, for the agenda's picker; 404 for a non-member. */
export async function listAgendaAgents(db: Db, actor: Actor, organisationId: string): Promise<AgendaAgent[]> {
  requireMembership(actor, organisationId);
  // One statement (Prisma's relation select sent two: the roles, then their agents).
  const rows = await db.$queryRaw<unknown[]>`SELECT ${organisationAgentsJson(organisationId)} AS "agents"`;
  return z.array(z.object({ agents: agendaAgentSchema.array() })).parse(rows)[0]?.agents ?? [];
}

/**
 * The agents of an organisation as one JSON array of {id, firstName, lastName}, by last then first name: a scalar
 * subquery, so that the agenda page reads them in the statement that reads its events.
 */
export function organisationAgentsJson(organisationId: string): Prisma.Sql {
  return Prisma.sql`COALESCE((
    SELECT json_agg(json_build_object('id', a."id", 'firstName', a."firstName", 'lastName', a."lastName")
                    ORDER BY a."lastName", a."firstName")
      FROM "AgentRole" ar JOIN "Agent" a ON a."id" = ar."agentId"
     WHERE ar."organisationId" = ${organisationId}), '[]')`;
}

export const agendaAgentSchema = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });
