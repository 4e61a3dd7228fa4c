// Shared by the plage and absence tests: a team with its actors, a domain context, and row counts that prove a
// refused action left the database as it was.
import { createAbsenceSchema, type NewAbsence } from "../../../src/domain/absences/absence.schemas.ts";
import type { Actor } from "../../../src/domain/auth/actor.ts";
import type { DomainContext } from "../../../src/domain/context.ts";
import { createPlageSchema, type NewPlage } from "../../../src/domain/plages/plage.schemas.ts";
import { parseInput } from "../../../src/domain/validation.ts";
import type { RoleLevel } from "../../../src/generated/prisma/enums.ts";
import { testDb } from "../../support/db.ts";
import { createTeam } from "../../support/factories.ts";

/** What domain actions need, on the test database. */
export function domainContext(): DomainContext {
  return { db: testDb(), config: { APP_URL: "http://127.0.0.1", MAIL_FROM: "no-reply@rdv-agents.fr" } };
}

/** The actor of an agent with one role. */
export function actorOf(agent: { id: string }, organisationId: string, level: RoleLevel): Actor {
  return { agentId: agent.id, memberships: [{ organisationId, level }] };
}

/** A team (admin, secretary, agent1, agent2) with the actor of each. */
export async function scheduleTeam(options: { timezone?: string } = {}) {
  const team = await createTeam(testDb(), options);
  const organisationId = team.organisation.id;
  return {
    ...team,
    actors: {
      admin: actorOf(team.admin, organisationId, "admin"),
      secretary: actorOf(team.secretary, organisationId, "secretary"),
      agent1: actorOf(team.agent1, organisationId, "agent"),
      agent2: actorOf(team.agent2, organisationId, "agent"),
    },
  };
}

export type ScheduleTeam = Awaited<ReturnType<typeof scheduleTeam>>;

/** A valid plage body (form or API) for an agent of the team; override any field. */
export function plageBody(team: ScheduleTeam, overrides: Record<string, unknown> = {}) {
  return {
    organisationId: team.organisation.id,
    lieuId: team.organisation.lieu.id,
    motifIds: [team.organisation.motif.id],
    title: "Permanence",
    firstDay: "2027-01-04",
    startTime: "09:00",
    endTime: "12:00",
    recurrence: { every: "week", interval: 1, weekdays: ["mo"] },
    ...overrides,
  };
}

/** A valid absence body (API) for an agent of the team; override any field. */
export function absenceBody(team: ScheduleTeam, overrides: Record<string, unknown> = {}) {
  return {
    organisationId: team.organisation.id,
    title: "Congés",
    firstDay: "2027-02-08",
    startTime: "08:00",
    endDay: "2027-02-12",
    endTime: "18:00",
    recurrence: null,
    ...overrides,
  };
}

/** Rows of an organisation that plage and absence actions write. */
/** A new plage as the API reads its JSON body (422 on a bad field). */
export function newPlage(team: ScheduleTeam, overrides: Record<string, unknown> = {}): NewPlage {
  return parseInput(createPlageSchema, plageBody(team, overrides));
}

/** A new absence as the API reads its JSON body (422 on a bad field). */
export function newAbsence(team: ScheduleTeam, overrides: Record<string, unknown> = {}): NewAbsence {
  return parseInput(createAbsenceSchema, absenceBody(team, overrides));
}

export async function rowCounts(organisationId: string) {
  const db = testDb();
  const [plages, plageMotifs, absences, history, outbox] = await Promise.all([
    db.plageOuverture.count({ where: { organisationId } }),
    db.plageMotif.count({ where: { plageOuverture: { organisationId } } }),
    db.absence.count({ where: { organisationId } }),
    db.historyEntry.count({ where: { organisationId } }),
    db.outboxMessage.count({ where: { organisationId } }),
  ]);
  return { plages, plageMotifs, absences, history, outbox };
}
