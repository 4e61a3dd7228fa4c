import type { Db } from "../../db/client.ts";
import type { RdvStatus } from "../../generated/prisma/enums.ts";
import { fullName } from "../../vocabulary/names.ts";
import { requireAdmin } from "../admin/admin.policy.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import { notFound } from "../errors.ts";
import { searchUsers, type UserSummary } from "./search-users.ts";
import { birthDateText } from "./user.schemas.ts";

const LIST_LIMIT = 100;

/**
 * The usagers of an organisation: those matching `q` (name, email or phone; at least 2 characters), or without `q`
 * the first ones by name. Any member may read them.
 */
export async function listUsers(
  db: Db,
  input: { actor: Actor; organisationId: string; q?: string },
): Promise<UserSummary[]> {
  requireMembership(input.actor, input.organisationId);
  if (input.q?.trim())
    return searchUsers(db, input.actor, { organisationId: input.organisationId, raw: { q: input.q } });
  return db.user.findMany({
    where: { organisationId: input.organisationId },
    select: { id: true, firstName: true, lastName: true, email: true, phone: true },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
    take: LIST_LIMIT,
  });
}

export type UserRdv = {
  id: string;
  startsAt: Date;
  durationInMin: number;
  status: RdvStatus;
  motifName: string;
  lieuName: string | null;
  agentNames: string[];
};

export type UserDetails = UserSummary & { birthDate: string | null; createdAt: Date; rdvs: UserRdv[] };

/** A usager of the organisation with its RDVs, latest first, for its admins. */
export async function getUserDetails(
  db: Db,
  input: { actor: Actor; organisationId: string; userId: string },
): Promise<UserDetails> {
  requireAdmin(input.actor, input.organisationId);
  return loadUserDetails(db, input);
}

/** A usager's record with its upcoming RDVs (soonest first) and past ones (latest first). */
export type UsagerRecord = Omit<UserDetails, "rdvs"> & { upcoming: UserRdv[]; past: UserRdv[] };

/**
 * A usager of the organisation with its RDVs split at `now`, for any member of the organisation (every role books
 * and receives usagers); a usager of another organisation is a 404.
 */
export async function getUsagerRecord(
  db: Db,
  input: { actor: Actor; organisationId: string; userId: string; now?: Date },
): Promise<UsagerRecord> {
  requireMembership(input.actor, input.organisationId);
  const { rdvs, ...user } = await loadUserDetails(db, input);
  const now = input.now ?? new Date();
  return {
    ...user,
    upcoming: rdvs.filter((rdv) => rdv.startsAt >= now).reverse(),
    past: rdvs.filter((rdv) => rdv.startsAt < now),
  };
}

async function loadUserDetails(db: Db, input: { organisationId: string; userId: string }): Promise<UserDetails> {
  const user = await db.user.findFirst({
    where: { id: input.userId, organisationId: input.organisationId },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      email: true,
      phone: true,
      birthDate: true,
      createdAt: true,
      rdvs: {
        where: { rdv: { organisationId: input.organisationId } },
        orderBy: { rdv: { startsAt: "desc" } },
        select: {
          rdv: {
            select: {
              id: true,
              startsAt: true,
              durationInMin: true,
              status: true,
              motif: { select: { name: true } },
              lieu: { select: { name: true } },
              agents: { select: { agent: { select: { firstName: true, lastName: true } } } },
            },
          },
        },
      },
    },
  });
  if (!user) throw notFound("Cet usager n'existe pas ou vous n'y avez pas accès.");
  const { rdvs, birthDate, ...rest } = user;
  return {
    ...rest,
    birthDate: birthDateText(birthDate),
    rdvs: rdvs.map(({ rdv }) => ({
      id: rdv.id,
      startsAt: rdv.startsAt,
      durationInMin: rdv.durationInMin,
      status: rdv.status,
      motifName: rdv.motif.name,
      lieuName: rdv.lieu?.name ?? null,
      agentNames: rdv.agents.map(({ agent }) => fullName(agent)),
    })),
  };
}
