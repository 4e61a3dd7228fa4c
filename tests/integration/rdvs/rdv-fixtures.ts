// Helpers shared by the RDV tests: actors as the domain sees them, request bodies, and row counts to prove that a
// refused action wrote nothing.
import type { Db } from "../../../src/db/client.ts";
import type { Actor } from "../../../src/domain/auth/actor.ts";
import { agentAuthor } from "../../../src/domain/author.ts";
import type { DomainContext } from "../../../src/domain/context.ts";
import { createRdv, type RdvCreated } from "../../../src/domain/rdvs/create-rdv.ts";
import { parseNewRdvBody } from "../../../src/domain/rdvs/rdv.schemas.ts";
import { parseRdvForm } from "../../../src/web/forms/rdv-form.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser } from "../../support/factories.ts";

export const domainContext = (): DomainContext => ({
  db: testDb(),
  config: { APP_URL: "http://127.0.0.1", MAIL_FROM: "no-reply@rdv-agents.fr" },
});

/** The actor of an agent, with its roles as stored. */
export async function actorOf(db: Db, agentId: string): Promise<Actor> {
  const roles = await db.agentRole.findMany({ where: { agentId }, select: { organisationId: true, level: true } });
  return { agentId, memberships: roles };
}

export type Team = Awaited<ReturnType<typeof createTeam>> & {
  usager: { id: string; firstName: string; lastName: string; email: string | null };
};

/** A team (see createTeam) with one usager. */
export async function createRdvTeam(db: Db, overrides: { timezone?: string } = {}): Promise<Team> {
  const team = await createTeam(db, overrides);
  const usager = await createUser(db, team.organisation.id, { firstName: "Jeanne", lastName: "Lefèvre" });
  return { ...team, usager };
}

/** An API body for an RDV of the team with agent1 and its usager, on 2027-03-29 at 09:00 Paris time. */
export function apiBody(team: Team, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    organisationId: team.organisation.id,
    motifId: team.organisation.motif.id,
    lieuId: team.organisation.lieu.id,
    startsAt: "2027-03-29T09:00:00+02:00",
    agentIds: [team.agent1.id],
    userIds: [team.usager.id],
    notes: "Apporter l'avis d'imposition",
    ...overrides,
  };
}

/** Book an RDV through the domain, as the team's secretary unless told otherwise. */
export async function bookRdv(team: Team, overrides: Record<string, unknown> = {}, byAgentId = team.secretary.id) {
  const db = testDb();
  return createdChange(
    await createRdv(domainContext(), {
      actor: await actorOf(db, byAgentId),
      author: agentAuthor(byAgentId),
      rdv: parseNewRdvBody(apiBody(team, overrides)),
      allowConflicts: true,
    }),
  );
}

/** Book an RDV from the page's form fields, read in the organisation's zone as the page route reads them. */
export async function bookRdvFromForm(team: Team, form: Record<string, unknown>, byAgentId = team.secretary.id) {
  return createdChange(
    await createRdv(domainContext(), {
      actor: await actorOf(testDb(), byAgentId),
      author: agentAuthor(byAgentId),
      rdv: { ...parseRdvForm(form, team.organisation.timezone), organisationId: team.organisation.id },
      allowConflicts: true,
    }),
  );
}

/** The change of a creation that wrote something (no form key was replayed). */
export function createdChange(result: Awaited<ReturnType<typeof createRdv>>): RdvCreated {
  if (!result.change) throw new Error("expected the RDV to be created, not a replayed form");
  return result.change;
}

/** Rows an RDV action could write in an organisation: equal before and after means nothing was written. */
export async function rowCounts(db: Db, organisationId: string) {
  const [rdvs, rdvAgents, rdvUsers, users, history, outbox] = await Promise.all([
    db.rdv.count({ where: { organisationId } }),
    db.rdvAgent.count({ where: { rdv: { organisationId } } }),
    db.rdvUser.count({ where: { rdv: { organisationId } } }),
    db.user.count({ where: { organisationId } }),
    db.historyEntry.count({ where: { organisationId } }),
    db.outboxMessage.count({ where: { organisationId } }),
  ]);
  const rdvRows = await db.rdv.findMany({
    where: { organisationId },
    orderBy: { id: "asc" },
    select: {
      id: true,
      startsAt: true,
      durationInMin: true,
      status: true,
      notes: true,
      sequence: true,
      updatedAt: true,
    },
  });
  return { rdvs, rdvAgents, rdvUsers, users, history, outbox, rdvRows };
}

/** The fields of the new-RDV form as a browser posts them: agent1 and the team's usager on 29 March 2027 at 09:00. */
export function rdvFormFields(
  team: Team,
  overrides: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  return {
    motifId: team.organisation.motif.id,
    lieuId: team.organisation.lieu.id,
    date: "2027-03-29",
    time: "09:00",
    durationInMin: "",
    agentIds: [team.agent1.id],
    userIds: [team.usager.id],
    notes: "",
    q: "",
    newUserFirstName: "",
    newUserLastName: "",
    newUserEmail: "",
    newUserPhone: "",
    intent: "save",
    ...overrides,
  };
}

/** A page's text with the HTML escapes of quotes and ampersands undone, to compare French messages. */
export const decodeHtml = (html: string) =>
  html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
