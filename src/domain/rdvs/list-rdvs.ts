// The RDV list of the page and of the API: filters, one page of 50 in (startsAt, id) order, and the count. Pages are
// reached by keyset cursors (the last or first row of a page), never by OFFSET: page 40 costs what page 1 costs, and
// an RDV booked meanwhile neither repeats nor hides a row. The index (organisationId, startsAt, id) holds the order.
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { RdvStatus } from "../../generated/prisma/enums.ts";
import { type Actor, organisationIdsOf, requireMembership } from "../auth/actor.ts";
import { type RdvDetails, rdvDetailsSelect } from "./find-rdv.ts";

/** RDVs per page. */
export const RDV_PAGE_SIZE = 50;
/** The most words of a usager's name a search takes. */
const MAX_NAME_WORDS = 5;

export type RdvListFilters = {
  /** One organisation of the actor (404 otherwise), or all of them. */
  organisationId?: string;
  agentId?: string;
  status?: RdvStatus;
  lieuId?: string;
  motifId?: string;
  /** Words that each appear in the first or last name of one of the RDV's usagers. */
  userName?: string;
  /** Inclusive start and exclusive end of the period in which RDVs start. */
  from?: Date;
  to?: Date;
  /** « À renseigner »: RDVs that have started and still have no status. */
  toFill?: boolean;
  /** The instant « started » is measured from (tests pin it). */
  now?: Date;
};

/** A position in the list: the start and id of an RDV. */
export type RdvCursor = { startsAt: Date; id: string };

/** The page after `after` (or the first one), or the page before `before`. */
export type RdvPageRequest = { after?: RdvCursor; before?: RdvCursor };

export type RdvListPage = {
  rdvs: RdvDetails[];
  /** How many RDVs match the filters, on every page. */
  count: number;
  /** The cursor of the next page, or null on the last one. */
  next: RdvCursor | null;
  /** The cursor of the previous page, or null on the first one. */
  previous: RdvCursor | null;
};

/** The filters as one Prisma condition, shared by the page and its count. */
function whereOf(actor: Actor, filters: RdvListFilters): Prisma.RdvWhereInput {
  const conditions: Prisma.RdvWhereInput[] = [
    { organisationId: filters.organisationId ?? { in: organisationIdsOf(actor) } },
  ];
  if (filters.agentId) conditions.push({ agents: { some: { agentId: filters.agentId } } });
  if (filters.status) conditions.push({ status: filters.status });
  if (filters.lieuId) conditions.push({ lieuId: filters.lieuId });
  if (filters.motifId) conditions.push({ motifId: filters.motifId });
  if (filters.from) conditions.push({ startsAt: { gte: filters.from } });
  if (filters.to) conditions.push({ startsAt: { lt: filters.to } });
  if (filters.toFill) conditions.push({ status: "unknown", startsAt: { lte: filters.now ?? new Date() } });
  const words = (filters.userName ?? "").split(/\s+/).filter(Boolean).slice(0, MAX_NAME_WORDS);
  if (words.length > 0) {
    conditions.push({
      users: {
        some: {
          user: {
            AND: words.map((word) => ({
              OR: [
                { firstName: { contains: word, mode: "insensitive" } },
                { lastName: { contains: word, mode: "insensitive" } },
              ],
            })),
          },
        },
      },
    });
  }
  return { AND: conditions };
}

/**
 * Rows strictly after (or before) a cursor in (startsAt, id) order. The bound on startsAt alone lets PostgreSQL start
 * its index scan at the cursor; the OR then skips the rows of the same instant already shown.
 */
function beyond(cursor: RdvCursor, direction: "after" | "before"): Prisma.RdvWhereInput {
  const strictly = direction === "after" ? "gt" : "lt";
  const orEqual = direction === "after" ? "gte" : "lte";
  return {
    startsAt: { [orEqual]: cursor.startsAt },
    OR: [{ startsAt: { [strictly]: cursor.startsAt } }, { id: { [strictly]: cursor.id } }],
  };
}

const cursorOf = (rdv: { startsAt: Date; id: string }): RdvCursor => ({ startsAt: rdv.startsAt, id: rdv.id });

/** One page of the RDVs of the actor's organisations matching the filters, soonest first, and their count. */
export async function listRdvs(
  db: Db,
  actor: Actor,
  filters: RdvListFilters = {},
  page: RdvPageRequest = {},
): Promise<RdvListPage> {
  if (filters.organisationId) requireMembership(actor, filters.organisationId);
  const where = whereOf(actor, filters);
  const backwards = page.before !== undefined && page.after === undefined;
  const cursor = backwards ? page.before : page.after;
  const [rows, count] = await Promise.all([
    db.rdv.findMany({
      where: cursor ? { AND: [where, beyond(cursor, backwards ? "before" : "after")] } : where,
      orderBy: backwards ? [{ startsAt: "desc" }, { id: "desc" }] : [{ startsAt: "asc" }, { id: "asc" }],
      // One more row than a page tells whether another page follows, without counting.
      take: RDV_PAGE_SIZE + 1,
      select: rdvDetailsSelect,
    }),
    db.rdv.count({ where }),
  ]);
  const more = rows.length > RDV_PAGE_SIZE;
  const shown = rows.slice(0, RDV_PAGE_SIZE);
  if (backwards) {
    shown.reverse();
    const first = shown[0];
    const last = shown.at(-1);
    return {
      rdvs: shown,
      count,
      previous: more && first ? cursorOf(first) : null,
      // Coming back from a page, that page follows.
      next: last ? cursorOf(last) : null,
    };
  }
  const first = shown[0];
  const last = shown.at(-1);
  return {
    rdvs: shown,
    count,
    next: more && last ? cursorOf(last) : null,
    previous: cursor && first ? cursorOf(first) : null,
  };
}

/** A cursor as it travels in links and JSON: the instant in ISO 8601 (UTC), a tilde, the id. */
export function encodeRdvCursor(cursor: RdvCursor): string {
  return `${cursor.startsAt.toISOString()}~${cursor.id}`;
}
