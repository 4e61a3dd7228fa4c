// Helpers of the administration tests: actors as the domain sees them, and RDVs and plages written straight to the
// test database as set-up (the actions under test are the administration ones).
import { randomUUID } from "node:crypto";
import type { Db } from "../../../src/db/client.ts";
import type { Actor } from "../../../src/domain/auth/actor.ts";
import type { DomainContext } from "../../../src/domain/context.ts";
import type { RdvStatus, RoleLevel } from "../../../src/generated/prisma/enums.ts";

export const APP_URL = "https://rdv.example.fr";

/** The context domain actions receive, on the test database. */
export function domainContext(db: Db): DomainContext {
  return { db, config: { APP_URL, MAIL_FROM: "no-reply@rdv-agents.fr" } };
}

/** An actor with one role in one organisation. */
export function actorIn(agent: { id: string }, organisationId: string, level: RoleLevel): Actor {
  return { agentId: agent.id, memberships: [{ organisationId, level }] };
}

/** An RDV with the given agents and usagers. */
export async function insertRdv(
  db: Db,
  rdv: {
    organisationId: string;
    motifId: string;
    lieuId: string | null;
    startsAt: Date;
    agentIds: string[];
    userIds?: string[];
    status?: RdvStatus;
  },
) {
  return db.rdv.create({
    data: {
      organisationId: rdv.organisationId,
      motifId: rdv.motifId,
      lieuId: rdv.lieuId,
      startsAt: rdv.startsAt,
      durationInMin: 30,
      status: rdv.status ?? "unknown",
      uid: `rdv-${randomUUID()}@test.rdv-agents.fr`,
      agents: { create: rdv.agentIds.map((agentId) => ({ agentId })) },
      users: { create: (rdv.userIds ?? []).map((userId) => ({ userId })) },
    },
    select: { id: true, sequence: true },
  });
}

/** A weekly plage d'ouverture of an agent, Mondays 09:00–12:00. */
export async function insertPlage(
  db: Db,
  plage: { organisationId: string; agentId: string; lieuId: string; motifId: string; title?: string },
) {
  return db.plageOuverture.create({
    data: {
      organisationId: plage.organisationId,
      agentId: plage.agentId,
      lieuId: plage.lieuId,
      title: plage.title ?? "Permanence",
      firstDay: new Date("2030-01-07T00:00:00Z"),
      startTime: "09:00",
      endTime: "12:00",
      recurrenceFrequency: "week",
      recurrenceInterval: 1,
      recurrenceWeekdays: ["mo"],
      uid: `plage-${randomUUID()}@test.rdv-agents.fr`,
      motifs: { create: [{ motifId: plage.motifId }] },
    },
    select: { id: true },
  });
}

/** A day from now, or `days` days. */
export function inDays(days: number, from = new Date()): Date {
  return new Date(from.getTime() + days * 24 * 3600 * 1000);
}
