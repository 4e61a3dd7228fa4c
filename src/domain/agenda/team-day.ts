// One day of every agent of an organisation side by side (« Équipe »): what a secretary looks at to book.
import type { Db } from "../../db/client.ts";
import { type Actor, roleIn } from "../auth/actor.ts";
import { forbidden } from "../errors.ts";
import type { Range } from "../recurrence/expand.ts";
import { listAgendaAgents } from "./list-agenda-agents.ts";
import { type Agenda, listAgendaEvents } from "./list-agenda-events.ts";

/** Whether the actor sees the whole team's day: its secretaries and admins (agents keep to one agenda at a time). */
export function canSeeTeamDay(actor: Actor, organisationId: string): boolean {
  const level = roleIn(actor, organisationId);
  return level === "secretary" || level === "admin";
}

/**
 * The agendas of every agent of the organisation over `range` (one day), by last name; 403 for an agent. Each agent's
 * agenda is read by `listAgendaEvents`, so the team view shows exactly what each agent's own view shows.
 */
export async function listTeamDay(
  db: Db,
  input: { actor: Actor; organisationId: string; range: Range },
): Promise<Agenda[]> {
  if (!canSeeTeamDay(input.actor, input.organisationId)) {
    throw forbidden("La journée de l'équipe est réservée au secrétariat et aux administrateurs.");
  }
  const agents = await listAgendaAgents(db, input.actor, input.organisationId);
  // A handful of agents per organisation: their agendas are read side by side, one after the other on the pool.
  const agendas: Agenda[] = [];
  for (const agent of agents) {
    agendas.push(
      await listAgendaEvents(db, {
        actor: input.actor,
        organisationId: input.organisationId,
        agentId: agent.id,
        range: input.range,
      }),
    );
  }
  return agendas;
}
