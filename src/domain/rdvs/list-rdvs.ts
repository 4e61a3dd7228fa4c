// The RDV list of the page and of the API: filters, one page of 50 in (startsAt, id) order, and the count. Pages are
// reached by keyset cursors (the last or first row of a page), never by OFFSET: page 40 costs what page 1 costs, and
// an RDV booked meanwhile neither repeats nor hides a row. The index (organisationId, startsAt, id) holds the order;
// filtered by agent, the index (agentId, startsAt, rdvId) of the agents' links does (their startsAt is the RDV's).
//
// Speed (issue 9): one statement reads the page with the names it shows and the count. Prisma's nested select sent
// eleven (the page, the count, then one per relation), and its exact count walked every RDV of the organisation from
// today on every page (42,000 on the bench's data: 22 ms of PostgreSQL, against 0.06 ms for the page itself). A
// count can stop at `countUpTo` (the page shows « Plus de 500 rendez-vous »): an index walk of that many entries.
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { LocationType, RdvStatus } from "../../generated/prisma/enums.ts";
import { type Actor, organisationIdsOf, requireMembership } from "../auth/actor.ts";
import type { RdvDetails } from "./find-rdv.ts";

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

export type RdvCountRequest = {
  /** Count the matching RDVs only up to this many (a page then says « plus de … »); without it, count them all. */
  countUpTo?: number;
};

/** Someone an RDV names: one of its agents or usagers. */
type Person = { id: string; firstName: string; lastName: string };

/** An RDV of the list: its columns, its motif and lieu, its agents and usagers by last then first name. */
export type RdvListItem = Pick<
  RdvDetails,
  | "id"
  | "organisationId"
  | "uid"
  | "sequence"
  | "motifId"
  | "lieuId"
  | "startsAt"
  | "durationInMin"
  | "status"
  | "notes"
  | "createdAt"
  | "updatedAt"
> & {
  motif: { name: string; locationType: LocationType };
  lieu: { name: string } | null;
  agents: { agent: Person }[];
  users: { user: Person }[];
};

export type RdvListPage = {
  rdvs: RdvListItem[];
  /** How many RDVs match the filters, on every page; at most `countUpTo` when it was given. */
  count: number;
  /** More RDVs than `countUpTo` match: the count stopped there. */
  countCapped: boolean;
  /** The cursor of the next page, or null on the last one. */
  next: RdvCursor | null;
  /** The cursor of the previous page, or null on the first one. */
  previous: RdvCursor | null;
};

/** `%word%` for ILIKE, with the word's own `%`, `_` and `\` taken literally. */
const containing = (word: string) => `%${word.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/**
 * Where the list's rows come from and in what order: the RDVs `r` by (startsAt, id), or, for one agent, its links `ra`
 * joined with their RDV `r` by the links' own (startsAt, rdvId), which are the RDV's, so that the agent's index gives
 * the order.
 */
type Source = { from: Prisma.Sql; startsAt: Prisma.Sql; id: Prisma.Sql };

function sourceOf(filters: RdvListFilters): Source {
  if (!filters.agentId)
    return { from: Prisma.sql`"Rdv" r`, startsAt: Prisma.sql`r."startsAt"`, id: Prisma.sql`r."id"` };
  return {
    from: Prisma.sql`"RdvAgent" ra JOIN "Rdv" r ON r."id" = ra."rdvId"`,
    startsAt: Prisma.sql`ra."startsAt"`,
    id: Prisma.sql`ra."rdvId"`,
  };
}

/** The filters as one SQL condition on the source, shared by the page and its count. */
function whereOf(organisationIds: string[], filters: RdvListFilters, source: Source): Prisma.Sql {
  const conditions = [
    organisationIds.length === 1
      ? Prisma.sql`r."organisationId" = ${organisationIds[0]}`
      : Prisma.sql`r."organisationId" IN (${Prisma.join(organisationIds)})`,
  ];
  if (filters.agentId) conditions.push(Prisma.sql`ra."agentId" = ${filters.agentId}`);
  if (filters.status) conditions.push(Prisma.sql`r."status" = ${filters.status}::"RdvStatus"`);
  if (filters.lieuId) conditions.push(Prisma.sql`r."lieuId" = ${filters.lieuId}`);
  if (filters.motifId) conditions.push(Prisma.sql`r."motifId" = ${filters.motifId}`);
  if (filters.from) conditions.push(Prisma.sql`${source.startsAt} >= ${filters.from}::timestamptz`);
  if (filters.to) conditions.push(Prisma.sql`${source.startsAt} < ${filters.to}::timestamptz`);
  if (filters.toFill) {
    const now = filters.now ?? new Date();
    conditions.push(Prisma.sql`r."status" = 'unknown' AND ${source.startsAt} <= ${now}::timestamptz`);
  }
  const words = (filters.userName ?? "").split(/\s+/).filter(Boolean).slice(0, MAX_NAME_WORDS);
  if (words.length > 0) {
    // Every word in the names of one and the same usager of the RDV.
    const named = words.map(
      (word) => Prisma.sql`(u."firstName" ILIKE ${containing(word)} OR u."lastName" ILIKE ${containing(word)})`,
    );
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "RdvUser" ru JOIN "User" u ON u."id" = ru."userId"
                          WHERE ru."rdvId" = r."id" AND ${Prisma.join(named, " AND ")})`,
    );
  }
  return Prisma.join(conditions, " AND ");
}

/**
 * How many RDVs match: all of them, or the first `countUpTo` + 1 in list order (the order makes PostgreSQL walk the
 * index and stop, where a sequential scan would first read every past RDV of the organisation).
 */
function countOf(source: Source, where: Prisma.Sql, { countUpTo }: RdvCountRequest): Prisma.Sql {
  if (countUpTo === undefined) return Prisma.sql`(SELECT count(*)::int FROM ${source.from} WHERE ${where})`;
  return Prisma.sql`(SELECT count(*)::int FROM (SELECT 1 FROM ${source.from} WHERE ${where}
                       ORDER BY ${source.startsAt}, ${source.id} LIMIT ${sqlInteger(countUpTo + 1)}) AS "counted")`;
}

/**
 * A limit written into the SQL text rather than sent as a parameter: the statement is prepared once per connection
 * (src/db/client.ts), and PostgreSQL keeps a generic plan for it only when its estimate is as good as a custom one; a
 * LIMIT it cannot see made every generic estimate worse, so every call was planned again (0.4 ms of 1.7).
 */
function sqlInteger(value: number): Prisma.Sql {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a row count: ${value}`);
  return Prisma.raw(String(value));
}

const cursorOf = (rdv: { startsAt: Date; id: string }): RdvCursor => ({ startsAt: rdv.startsAt, id: rdv.id });

/** The organisations a list reads: the one of the filters (404 unless the actor belongs to it), or all the actor's. */
function organisationsOf(actor: Actor, filters: RdvListFilters): string[] {
  if (filters.organisationId) requireMembership(actor, filters.organisationId);
  return filters.organisationId ? [filters.organisationId] : organisationIdsOf(actor);
}

/** What a list statement reads: the page, and for the list page its filters' choices (see `choicesOf`). */
type ListRead = { list: RdvListPage; choices: RdvListChoices | null };

/**
 * The page and its count in one statement, and with `choicesOf` that organisation's filters' choices in the same one:
 * the first row carries them (a page with no row asks for the count and the choices alone).
 */
async function readList(
  db: Db,
  organisationIds: string[],
  filters: RdvListFilters,
  page: RdvPageRequest,
  counting: RdvCountRequest,
  choicesOf: string | null,
): Promise<ListRead> {
  const source = sourceOf(filters);
  const where = whereOf(organisationIds, filters, source);
  const backwards = page.before !== undefined && page.after === undefined;
  const cursor = backwards ? page.before : page.after;
  const order = Prisma.raw(backwards ? "DESC" : "ASC");
  // Strictly after (or before) the cursor in (startsAt, id) order: a row comparison, where the index scan starts.
  const beyond = cursor
    ? Prisma.sql`AND (${source.startsAt}, ${source.id}) ${Prisma.raw(backwards ? "<" : ">")}
                     (${cursor.startsAt}::timestamptz, ${cursor.id})`
    : Prisma.empty;
  const choices = choicesOf === null ? Prisma.sql`NULL::json` : choicesSql(choicesOf);
  // One row per RDV, agent and usager (joined rather than aggregated in a subquery per RDV, which cost PostgreSQL half
  // of the statement); the rows of an RDV follow each other, its agents and usagers by last then first name.
  const people = Prisma.sql`r."position", a."lastName", a."firstName", a."id", u."lastName", u."firstName", u."id"`;
  const rows = listRowSchema.array().parse(
    await db.$queryRaw<unknown[]>`
      SELECT r."id", r."organisationId", r."uid", r."sequence", r."motifId", r."lieuId", r."startsAt",
             r."durationInMin", r."status"::text AS "status", r."notes", r."createdAt", r."updatedAt",
             r."position"::int AS "position",
             m."name" AS "motifName", m."locationType"::text AS "motifLocationType", l."name" AS "lieuName",
             a."id" AS "agentId", a."firstName" AS "agentFirstName", a."lastName" AS "agentLastName",
             u."id" AS "userId", u."firstName" AS "userFirstName", u."lastName" AS "userLastName",
             ${countOf(source, where, counting)} AS "count",
             CASE WHEN row_number() OVER (ORDER BY ${people}) = 1 THEN ${choices} END AS "choices"
        FROM (SELECT r.*, row_number() OVER (ORDER BY ${source.startsAt} ${order}, ${source.id} ${order}) AS "position"
                FROM ${source.from} WHERE ${where} ${beyond}
               ORDER BY ${source.startsAt} ${order}, ${source.id} ${order} LIMIT ${sqlInteger(RDV_PAGE_SIZE + 1)}) AS r
        JOIN "Motif" m ON m."id" = r."motifId"
        LEFT JOIN "Lieu" l ON l."id" = r."lieuId"
        LEFT JOIN "RdvAgent" ra ON ra."rdvId" = r."id" LEFT JOIN "Agent" a ON a."id" = ra."agentId"
        LEFT JOIN "RdvUser" ru ON ru."rdvId" = r."id" LEFT JOIN "User" u ON u."id" = ru."userId"
       ORDER BY ${people}`,
  );
  const items = listItemsOf(rows);
  const firstRow =
    rows[0] ??
    (cursor || choicesOf !== null
      ? headRowSchema.parse(
          await db.$queryRaw<unknown[]>`SELECT ${countOf(source, where, counting)} AS "count", ${choices} AS "choices"`,
        )[0]
      : { count: 0, choices: null });
  const matching = firstRow.count;
  const countCapped = counting.countUpTo !== undefined && matching > counting.countUpTo;
  const count = countCapped ? Math.min(matching, counting.countUpTo ?? matching) : matching;
  // One more row than a page tells whether another page follows.
  const more = items.length > RDV_PAGE_SIZE;
  const shown = items.slice(0, RDV_PAGE_SIZE);
  const list = (neighbours: Pick<RdvListPage, "next" | "previous">): ListRead => ({
    list: { rdvs: shown, count, countCapped, ...neighbours },
    choices: firstRow.choices && choicesOfRow(firstRow.choices),
  });
  if (backwards) {
    shown.reverse();
    const first = shown[0];
    const last = shown.at(-1);
    return list({
      previous: more && first ? cursorOf(first) : null,
      // Coming back from a page, that page follows.
      next: last ? cursorOf(last) : null,
    });
  }
  const first = shown[0];
  const last = shown.at(-1);
  return list({
    next: more && last ? cursorOf(last) : null,
    previous: cursor && first ? cursorOf(first) : null,
  });
}

/**
 * One page of the RDVs of the actor's organisations matching the filters, soonest first, and their count (up to
 * `counting.countUpTo` when given).
 */
export async function listRdvs(
  db: Db,
  actor: Actor,
  filters: RdvListFilters = {},
  page: RdvPageRequest = {},
  counting: RdvCountRequest = {},
): Promise<RdvListPage> {
  const organisationIds = organisationsOf(actor, filters);
  if (organisationIds.length === 0) return { rdvs: [], count: 0, countCapped: false, next: null, previous: null };
  return (await readList(db, organisationIds, filters, page, counting, null)).list;
}

/**
 * The list page of one organisation of the actor (404 otherwise): a page of its RDVs matching the filters with their
 * count up to `countUpTo`, and the filters' choices, in one statement.
 */
export async function findRdvListPage(
  db: Db,
  actor: Actor,
  request: { organisationId: string; filters: RdvListFilters; page: RdvPageRequest; countUpTo: number },
): Promise<{ list: RdvListPage; choices: RdvListChoices }> {
  const { organisationId, page, countUpTo } = request;
  requireMembership(actor, organisationId);
  const filters = { ...request.filters, organisationId };
  const { list, choices } = await readList(db, [organisationId], filters, page, { countUpTo }, organisationId);
  if (!choices) throw new Error("the RDV list statement returned no filter choices");
  return { list, choices };
}

/** A cursor as it travels in links and JSON: the instant in ISO 8601 (UTC), a tilde, the id. */
export function encodeRdvCursor(cursor: RdvCursor): string {
  return `${cursor.startsAt.toISOString()}~${cursor.id}`;
}

/** The choices of the list's filters: the organisation's agents, and its lieux and motifs in use, by name. */
export type RdvListChoices = {
  agents: Person[];
  lieux: { id: string; name: string }[];
  motifs: { id: string; name: string }[];
};

/** The filters' choices of an organisation as one JSON object (the RDV form's options take three statements). */
function choicesSql(organisationId: string): Prisma.Sql {
  return Prisma.sql`json_build_object(
    'agents', COALESCE((SELECT json_agg(json_build_array(a."id", a."firstName", a."lastName")
                                        ORDER BY a."lastName", a."firstName")
                          FROM "AgentRole" ar JOIN "Agent" a ON a."id" = ar."agentId"
                         WHERE ar."organisationId" = ${organisationId}), '[]'),
    'lieux', COALESCE((SELECT json_agg(json_build_array(l."id", l."name") ORDER BY l."name")
                         FROM "Lieu" l WHERE l."organisationId" = ${organisationId} AND l."disabledAt" IS NULL), '[]'),
    'motifs', COALESCE((SELECT json_agg(json_build_array(m."id", m."name") ORDER BY m."name")
                          FROM "Motif" m WHERE m."organisationId" = ${organisationId} AND m."disabledAt" IS NULL), '[]'))`;
}

const personSchema = z.tuple([z.string(), z.string(), z.string()]);
const personOf = ([id, firstName, lastName]: z.infer<typeof personSchema>): Person => ({ id, firstName, lastName });

const choicesSchema = z.object({
  agents: z.array(personSchema),
  lieux: z.array(z.tuple([z.string(), z.string()])),
  motifs: z.array(z.tuple([z.string(), z.string()])),
});

function choicesOfRow(choices: z.infer<typeof choicesSchema>): RdvListChoices {
  return {
    agents: choices.agents.map(personOf),
    lieux: choices.lieux.map(([id, name]) => ({ id, name })),
    motifs: choices.motifs.map(([id, name]) => ({ id, name })),
  };
}

/** The count and the choices, on a list's first row or alone. */
const headRowSchema = z.tuple([z.object({ count: z.number().int(), choices: choicesSchema.nullable() })]);

const listRowSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  uid: z.string(),
  sequence: z.number().int(),
  motifId: z.string(),
  lieuId: z.string().nullable(),
  startsAt: z.date(),
  durationInMin: z.number().int(),
  status: z.enum(RdvStatus),
  notes: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  position: z.number().int(),
  motifName: z.string(),
  motifLocationType: z.enum(LocationType),
  lieuName: z.string().nullable(),
  agentId: z.string().nullable(),
  agentFirstName: z.string().nullable(),
  agentLastName: z.string().nullable(),
  userId: z.string().nullable(),
  userFirstName: z.string().nullable(),
  userLastName: z.string().nullable(),
  count: z.number().int(),
  choices: choicesSchema.nullable(),
});

/** Someone of a row, when the row has one (an RDV with no agent or no usager has nulls there). */
function personOfRow(id: string | null, firstName: string | null, lastName: string | null): Person | null {
  return id !== null && firstName !== null && lastName !== null ? { id, firstName, lastName } : null;
}

/** The rows of the list statement (one per RDV, agent and usager, an RDV's rows together) as the list's items. */
function listItemsOf(rows: z.infer<typeof listRowSchema>[]): RdvListItem[] {
  const items: RdvListItem[] = [];
  let item: RdvListItem | undefined;
  let position = -1;
  let named = new Set<string>();
  for (const row of rows) {
    if (!item || row.position !== position) {
      item = {
        id: row.id,
        organisationId: row.organisationId,
        uid: row.uid,
        sequence: row.sequence,
        motifId: row.motifId,
        lieuId: row.lieuId,
        startsAt: row.startsAt,
        durationInMin: row.durationInMin,
        status: row.status,
        notes: row.notes,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        motif: { name: row.motifName, locationType: row.motifLocationType },
        lieu: row.lieuName === null ? null : { name: row.lieuName },
        agents: [],
        users: [],
      };
      items.push(item);
      position = row.position;
      named = new Set();
    }
    // An RDV with two agents and three usagers has six rows: each person once, in the rows' order.
    const agent = personOfRow(row.agentId, row.agentFirstName, row.agentLastName);
    if (agent && !named.has(`agent ${agent.id}`)) {
      named.add(`agent ${agent.id}`);
      item.agents.push({ agent });
    }
    const user = personOfRow(row.userId, row.userFirstName, row.userLastName);
    if (user && !named.has(`user ${user.id}`)) {
      named.add(`user ${user.id}`);
      item.users.push({ user });
    }
  }
  return items;
}
