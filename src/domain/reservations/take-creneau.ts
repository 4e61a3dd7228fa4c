// The one guard against two usagers taking the same créneau: inside the booking's (or the move's) transaction, lock
// the agendas of every agent who could serve it around the créneau's time, THEN read their RDVs and absences afresh and ask the engine whether the
// créneau is still free. A second transaction for any of these agents waits on the lock until the first commits, and
// its own read then sees the first one's RDV: never a check, then an insert, outside the lock.
import type { Tx } from "../../db/client.ts";
import { computeCreneaux } from "../creneaux/compute-creneaux.ts";
import { loadCreneauxData } from "../creneaux/load-creneaux-data.ts";
import { conflict } from "../errors.ts";
import { lockAgentDays } from "../rdvs/rdv-conflicts.ts";
import type { PublicOrganisation } from "./online-offer.ts";

/** What a usager sees when another one was faster. */
export const CRENEAU_TAKEN_MESSAGE = "Ce créneau vient d'être pris, choisissez-en un autre";

export type TakeCreneauInput = {
  organisation: PublicOrganisation;
  motif: { id: string; durationInMin: number };
  lieuId: string;
  startsAt: Date;
  now: Date;
  /** Keep this agent when it is free (a move stays with the same agent if it can). */
  preferAgentId?: string;
  /** The RDV being moved: its own time does not make its agent busy. */
  exceptRdvId?: string;
};

/**
 * Lock the agents who open plages for the motif at the lieu (in id order, so that concurrent bookings never
 * deadlock), then return the agent who is free for exactly this créneau on fresh data, or throw the 409 of
 * CRENEAU_TAKEN_MESSAGE. Must run in the transaction that then writes the RDV.
 */
export async function takeCreneau(tx: Tx, input: TakeCreneauInput): Promise<string> {
  const { organisation, motif, lieuId, startsAt, now } = input;
  const candidates = await tx.plageOuverture.findMany({
    where: {
      organisationId: organisation.id,
      lieuId,
      motifs: { some: { motifId: motif.id } },
      agent: { roles: { some: { organisationId: organisation.id } } },
    },
    select: { agentId: true },
    distinct: ["agentId"],
  });
  const agentIds = candidates.map((candidate) => candidate.agentId).sort();
  if (agentIds.length === 0) throw conflict(CRENEAU_TAKEN_MESSAGE, { startsAt: CRENEAU_TAKEN_MESSAGE });
  const endsAt = new Date(startsAt.getTime() + motif.durationInMin * 60_000);
  // The same locks as an agent's booking: bookings that could collide with this créneau queue up behind each other.
  await lockAgentDays(tx, agentIds, { from: startsAt, to: endsAt });
  const data = await loadCreneauxData(tx, {
    organisationId: organisation.id,
    timezone: organisation.timezone,
    motifId: motif.id,
    lieuId,
    range: { from: startsAt, to: endsAt },
    ...(input.exceptRdvId !== undefined && { exceptRdvId: input.exceptRdvId }),
  });
  const free = computeCreneaux({
    timezone: organisation.timezone,
    durationInMin: motif.durationInMin,
    period: { from: startsAt, to: new Date(startsAt.getTime() + 1) },
    now,
    window: organisation.window,
    ...data,
  }).filter(
    // Only locked agents: one who opened a plage after the candidates were read is not protected by the lock.
    (creneau) =>
      creneau.startsAt.getTime() === startsAt.getTime() &&
      creneau.lieuId === lieuId &&
      agentIds.includes(creneau.agentId),
  );
  const chosen = free.find((creneau) => creneau.agentId === input.preferAgentId) ?? free[0];
  if (!chosen) throw conflict(CRENEAU_TAKEN_MESSAGE, { startsAt: CRENEAU_TAKEN_MESSAGE });
  return chosen.agentId;
}
