// Shared by the usager booking tests: a team whose agents open, every day of the week from today on, a morning plage
// for « Premier accueil » (30 min, bookable online) at the organisation's lieu; and the local days and instants the
// tests book in the organisation's zone.
import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import type { Db } from "../../../src/db/client.ts";
import { createTeam } from "../../support/factories.ts";

export const ZONE = "Europe/Paris";

/** A local day `days` after today in the organisation's zone, "YYYY-MM-DD". */
export function dayFromToday(days: number): string {
  return DateTime.now().setZone(ZONE).plus({ days }).toISODate() ?? "";
}

/** The instant of a local day and time, with its offset, as the public API writes it. */
export function localIso(day: string, time: string): string {
  return DateTime.fromISO(`${day}T${time}`, { zone: ZONE }).toISO({ suppressMilliseconds: true }) ?? "";
}

/** A weekly plage of `agentId` on every day, `startTime`–`endTime`, from today, offering the motif at the lieu. */
export async function openDailyPlage(
  db: Db,
  input: {
    organisationId: string;
    agentId: string;
    lieuId: string;
    motifId: string;
    startTime: string;
    endTime: string;
  },
) {
  await db.plageOuverture.create({
    data: {
      organisationId: input.organisationId,
      agentId: input.agentId,
      lieuId: input.lieuId,
      title: "Permanence",
      firstDay: new Date(`${dayFromToday(0)}T00:00:00Z`),
      startTime: input.startTime,
      endTime: input.endTime,
      recurrenceFrequency: "week",
      recurrenceInterval: 1,
      recurrenceWeekdays: ["mo", "tu", "we", "th", "fr", "sa", "su"],
      uid: `plage-${randomUUID()}@rdv-agents.fr`,
      motifs: { create: { motifId: input.motifId } },
    },
  });
}

/**
 * A team where « Premier accueil » is bookable online and the given agents (default: agent1 only) open it every day
 * 09:00–12:00.
 */
export async function bookingTeam(db: Db, options: { agents?: ("agent1" | "agent2")[] } = {}) {
  const team = await createTeam(db, { timezone: ZONE });
  const { organisation } = team;
  await db.motif.update({ where: { id: organisation.motif.id }, data: { bookableOnline: true } });
  for (const name of options.agents ?? ["agent1"]) {
    await openDailyPlage(db, {
      organisationId: organisation.id,
      agentId: team[name].id,
      lieuId: organisation.lieu.id,
      motifId: organisation.motif.id,
      startTime: "09:00",
      endTime: "12:00",
    });
  }
  return team;
}

export type BookingTeam = Awaited<ReturnType<typeof bookingTeam>>;

let counter = 0;

/** A booking of the team's motif at its lieu, by a new usager (unique email) unless told. */
export function bookingOf(team: BookingTeam, startsAt: string, usager: Partial<Record<string, string>> = {}) {
  counter += 1;
  return {
    organisationId: team.organisation.id,
    motifId: team.organisation.motif.id,
    lieuId: team.organisation.lieu.id,
    startsAt,
    usager: {
      firstName: "Jeanne",
      lastName: `Dupont ${counter}`,
      email: `jeanne-${randomUUID().slice(0, 8)}@example.org`,
      phone: "06 12 34 56 78",
      ...usager,
    },
  };
}
