// Finding usagers of an organisation by name, email or phone, for the RDV form.
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import { parseInput } from "../validation.ts";
import { normalisePhone, userSearchSchema } from "./user.schemas.ts";

export type UserSummary = {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
};

const userSummarySelect = { id: true, firstName: true, lastName: true, email: true, phone: true } as const;
const MAX_RESULTS = 20;

/**
 * Usagers of the organisation matching every word of `q` (in first name, last name, email or phone), by last name;
 * at most 20. A query shorter than 2 characters is a 422.
 */
export async function searchUsers(
  db: Db,
  actor: Actor,
  input: { organisationId: string; raw: unknown },
): Promise<UserSummary[]> {
  requireMembership(actor, input.organisationId);
  const { q } = parseInput(userSearchSchema, input.raw);
  const words = q.split(/\s+/).filter(Boolean).slice(0, 5);
  const where: Prisma.UserWhereInput = {
    organisationId: input.organisationId,
    AND: words.map((word) => {
      const phone = normalisePhone(word);
      return {
        OR: [
          { firstName: { contains: word, mode: "insensitive" } },
          { lastName: { contains: word, mode: "insensitive" } },
          { email: { contains: word, mode: "insensitive" } },
          ...(/^\+?\d{2,}$/.test(phone) ? [{ phone: { contains: phone } }] : []),
        ],
      } satisfies Prisma.UserWhereInput;
    }),
  };
  return db.user.findMany({
    where,
    select: userSummarySelect,
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
    take: MAX_RESULTS,
  });
}

/** The usagers of the organisation among `ids` (others, and forged ids, are left out), by last name. */
export async function findUsersByIds(
  db: Db,
  actor: Actor,
  input: { organisationId: string; ids: string[] },
): Promise<UserSummary[]> {
  requireMembership(actor, input.organisationId);
  if (input.ids.length === 0) return [];
  return db.user.findMany({
    where: { organisationId: input.organisationId, id: { in: input.ids.slice(0, 100) } },
    select: userSummarySelect,
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
  });
}
