// The agents whose agenda a member of an organisation may open: all the agents of that organisation.
import type { Db } from "../../db/client.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import type { AgendaAgent } from "./list-agenda-events.ts";

/** The agents of an organisation, by last then first name, for the agenda's picker; 404 for a non-member. */
export async function listAgendaAgents(db: Db, actor: Actor, organisationId: string): Promise<AgendaAgent[]> {
  requireMembership(actor, organisationId);
  const roles = await db.agentRole.findMany({
    where: { organisationId },
    orderBy: [{ agent: { lastName: "asc" } }, { agent: { firstName: "asc" } }],
    select: { agent: { select: { id: true, firstName: true, lastName: true } } },
  });
  return roles.map(({ agent }) => agent);
}
