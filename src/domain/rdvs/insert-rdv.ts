// Writing a new RDV with its agents and usagers: two statements (Prisma's nested create sent six, three of them to
// read back what it had just written). Used by agents' bookings and usagers' online bookings.
import { randomUUID } from "node:crypto";
import type { Tx } from "../../db/client.ts";
import type { Author } from "../author.ts";
import type { RdvSnapshot } from "../changes.ts";
import { RDV_STATUSES } from "./rdv.schemas.ts";

export type NewRdvRow = {
  organisationId: string;
  motifId: string;
  lieuId: string | null;
  startsAt: Date;
  durationInMin: number;
  notes?: string | null;
  agentIds: readonly string[];
  userIds: readonly string[];
  /** Who booked it: its creator's column. */
  author: Author;
};

/** Insert the RDV, then its agents and usagers; returns its snapshot, with the status and sequence it got. */
export async function insertRdv(tx: Tx, rdv: NewRdvRow): Promise<RdvSnapshot> {
  const id = randomUUID();
  // A stable identity for calendar clients, never changed afterwards.
  const uid = `rdv-${randomUUID()}@rdv-agents.fr`;
  const notes = rdv.notes ?? null;
  const now = new Date();
  const [row] = await tx.$queryRaw<{ status: string; sequence: number }[]>`
    INSERT INTO "Rdv" ("id", "organisationId", "motifId", "lieuId", "startsAt", "durationInMin", "notes", "uid",
                       "createdByAgentId", "createdByUserId", "createdAt", "updatedAt")
    VALUES (${id}, ${rdv.organisationId}, ${rdv.motifId}, ${rdv.lieuId}, ${rdv.startsAt}, ${rdv.durationInMin},
            ${notes}, ${uid}, ${rdv.author.kind === "agent" ? rdv.author.agentId : null},
            ${rdv.author.kind === "user" ? rdv.author.userId : null}, ${now}, ${now})
    RETURNING "status"::text AS "status", "sequence"`;
  await tx.$executeRaw`
    WITH "agents" AS (INSERT INTO "RdvAgent" ("rdvId", "agentId") SELECT ${id}, unnest(${[...rdv.agentIds]}::text[]))
    INSERT INTO "RdvUser" ("rdvId", "userId") SELECT ${id}, unnest(${[...rdv.userIds]}::text[])`;
  const status = RDV_STATUSES.find((known) => known === row?.status);
  if (!row || !status) throw new Error(`an RDV was inserted with an unknown status: ${row?.status}`);
  return {
    id,
    organisationId: rdv.organisationId,
    uid,
    sequence: row.sequence,
    motifId: rdv.motifId,
    lieuId: rdv.lieuId,
    startsAt: rdv.startsAt,
    durationInMin: rdv.durationInMin,
    status,
    notes,
    agentIds: [...rdv.agentIds].sort(),
    userIds: [...rdv.userIds].sort(),
  };
}
