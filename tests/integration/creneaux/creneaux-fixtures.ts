// Shared by the créneaux tests: a team whose agents open weekly plages on a Monday a few weeks ahead (inside the
// default booking window, whatever today is), and the API calls that book, cancel and mark absences through the
// real endpoints.
import { DateTime } from "luxon";
import { expect } from "vitest";
import { apiToken } from "../../support/api.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser } from "../../support/factories.ts";

export const ZONE = "Europe/Paris";

/** The Monday three weeks after this one, "YYYY-MM-DD": always within the 6-week default window, never today. */
export function mondayAhead(): string {
  return DateTime.now().setZone(ZONE).startOf("week").plus({ weeks: 3 }).toISODate() ?? "";
}

/** The instant of a local day and time in Paris, with its offset, as the API writes it. */
export function parisIso(day: string, time: string): string {
  return DateTime.fromISO(`${day}T${time}`, { zone: ZONE }).toISO({ suppressMilliseconds: true }) ?? "";
}

type Json = { status: number; body: unknown };

/** A JSON call with a bearer token. */
export async function call(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Json> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { "content-type": "application/json" }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/**
 * A team (admin, secretary, agent1, agent2) where agent1 and agent2 each open « Premier accueil » (30 min) on Monday
 * mornings, 09:00–11:00, at the organisation's lieu; with tokens for the secretary and agent1, and a usager.
 */
export async function creneauxTeam(baseUrl: string) {
  const db = testDb();
  const team = await createTeam(db);
  const usager = await createUser(db, team.organisation.id);
  const tokens = {
    secretary: await apiToken(baseUrl, team.secretary.email),
    agent1: await apiToken(baseUrl, team.agent1.email),
    agent2: await apiToken(baseUrl, team.agent2.email),
  };
  const monday = mondayAhead();
  for (const agent of ["agent1", "agent2"] as const) {
    const created = await call(baseUrl, tokens[agent], "POST", "/plages_ouverture", {
      organisationId: team.organisation.id,
      lieuId: team.organisation.lieu.id,
      motifIds: [team.organisation.motif.id],
      title: "Permanence du lundi",
      firstDay: monday,
      startTime: "09:00",
      endTime: "11:00",
      recurrence: { every: "week", interval: 1, weekdays: ["mo"] },
    });
    expect(created.status).toBe(201);
  }
  return { ...team, usager, tokens, monday };
}

export type CreneauxTeam = Awaited<ReturnType<typeof creneauxTeam>>;

/** Book the motif with agent1 at a local time of the Monday, through the API; returns the RDV id. */
export async function bookWithAgent1(baseUrl: string, team: CreneauxTeam, time: string): Promise<string> {
  const created = await call(baseUrl, team.tokens.secretary, "POST", "/rdvs", {
    organisationId: team.organisation.id,
    motifId: team.organisation.motif.id,
    lieuId: team.organisation.lieu.id,
    startsAt: parisIso(team.monday, time),
    agentIds: [team.agent1.id],
    userIds: [team.usager.id],
  });
  expect(created.status).toBe(201);
  const id = typeof created.body === "object" && created.body !== null ? Reflect.get(created.body, "id") : undefined;
  if (typeof id !== "string") throw new Error("no id in the created RDV");
  return id;
}
