// The bench's data: the demo organisation (the app's own seed), then a realistic organisation inserted in bulk with
// SQL: 50 agents with 5 weekly plages each, a year of RDVs (6 a weekday, 12 for the agent whose agenda is measured),
// 3 absences each in the measured week, 2,000 usagers, and RDVs kept for the moves.
import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import pg from "pg";

export const TIMEZONE = "Europe/Paris";
export const AGENTS = 50;
/** Agents 1..10 are at level `all`: 1 and 2 take the creation and move load, 1..10 the email drain. */
export const ALL_LEVEL_AGENTS = 10;
/** The agent whose week is measured (0-based index): 12 RDVs a weekday, 5 plages, 3 absences that week. */
export const AGENDA_AGENT = 10;
export const MOVABLE_RDVS = 2_000;

export type BenchData = {
  organisationId: string;
  agentIds: string[];
  agentEmails: string[];
  lieuId: string;
  motifId: string;
  userIds: string[];
  movableRdvIds: string[];
  /** Monday of the measured week (local date) and the Monday after. */
  week: { from: string; to: string };
  rdvCount: number;
};

/** Insert the bench organisation (the demo organisation must exist: its password hash is reused). */
export async function loadBenchData(url: string, password: { email: string }): Promise<BenchData> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const run = Date.now().toString(36);
    const organisationId = randomUUID();
    const agentIds = Array.from({ length: AGENTS }, () => randomUUID());
    const agentEmails = agentIds.map((_, i) => `agent${i + 1}-${run}@bench.rdv-agents.fr`);
    const lieuIds = [randomUUID(), randomUUID(), randomUUID()];
    const motifIds = [randomUUID(), randomUUID(), randomUUID()];
    const monday = DateTime.now().setZone(TIMEZONE).startOf("week").plus({ weeks: 1 });
    const week = { from: monday.toISODate() ?? "", to: monday.plus({ weeks: 1 }).toISODate() ?? "" };

    await client.query("BEGIN");
    const { rows: hashRows } = await client.query<{ passwordHash: string }>(
      `SELECT "passwordHash" FROM "Agent" WHERE "email" = $1`,
      [password.email],
    );
    const passwordHash = hashRows[0]?.passwordHash;
    if (!passwordHash) throw new Error(`no password hash for ${password.email}: load the demo data first`);

    await client.query(
      `INSERT INTO "Organisation" ("id", "name", "timezone", "emailSenderName", "updatedAt")
       VALUES ($1, 'MDS Banc d''essai', $2, 'MDS Banc d''essai', now())`,
      [organisationId, TIMEZONE],
    );
    await client.query(
      `INSERT INTO "Agent" ("id", "email", "firstName", "lastName", "passwordHash", "rdvNotificationsLevel", "updatedAt")
       SELECT a.id, a.email, 'Agent', 'Banc ' || a.n, $3,
              (CASE WHEN a.n <= $4 THEN 'all' ELSE 'soon' END)::"RdvNotificationsLevel", now()
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS a(id, email, n)`,
      [agentIds, agentEmails, passwordHash, ALL_LEVEL_AGENTS],
    );
    await client.query(
      `INSERT INTO "AgentRole" ("id", "agentId", "organisationId", "level")
       SELECT gen_random_uuid()::text, a.id, $2, (CASE WHEN a.n = 1 THEN 'admin' ELSE 'agent' END)::"RoleLevel"
       FROM unnest($1::text[]) WITH ORDINALITY AS a(id, n)`,
      [agentIds, organisationId],
    );
    await client.query(
      `INSERT INTO "Lieu" ("id", "organisationId", "name", "address", "updatedAt")
       SELECT l.id, $2, 'Lieu ' || l.n, l.n || ' rue du Banc, 69001 Lyon', now()
       FROM unnest($1::text[]) WITH ORDINALITY AS l(id, n)`,
      [lieuIds, organisationId],
    );
    await client.query(
      `INSERT INTO "Motif" ("id", "organisationId", "name", "defaultDurationInMin", "locationType", "updatedAt")
       VALUES ($1, $4, 'Accompagnement', 30, 'public_office', now()),
              ($2, $4, 'Premier accueil', 45, 'public_office', now()),
              ($3, $4, 'Entretien téléphonique', 20, 'phone', now())`,
      [...motifIds, organisationId],
    );
    const { rows: users } = await client.query<{ id: string }>(
      `INSERT INTO "User" ("id", "organisationId", "firstName", "lastName", "email", "updatedAt")
       SELECT gen_random_uuid()::text, $1, 'Usager', 'Banc ' || i, 'usager' || i || '-' || $2 || '@example.org', now()
       FROM generate_series(1, 2000) AS i RETURNING "id"`,
      [organisationId, run],
    );
    const userIds = users.map((u) => u.id);

    // A year of RDVs: every agent 6 a weekday (12 for the measured agent), from six months ago to six months ahead.
    await client.query(
      `CREATE TEMP TABLE bench_rdv ON COMMIT DROP AS
       SELECT gen_random_uuid()::text AS id, a.id AS agent_id, row_number() OVER () AS n,
              ((d::date + time '08:00' + (k * (CASE WHEN a.n = $2 THEN 40 ELSE 75 END)) * interval '1 minute')
                AT TIME ZONE $3) AS starts_at
       FROM unnest($1::text[]) WITH ORDINALITY AS a(id, n)
       CROSS JOIN generate_series(current_date - 182, current_date + 182, interval '1 day') AS d
       CROSS JOIN LATERAL generate_series(0, CASE WHEN a.n = $2 THEN 11 ELSE 5 END) AS k
       WHERE extract(isodow FROM d) < 6`,
      [agentIds, AGENDA_AGENT + 1, TIMEZONE],
    );
    const inserted = await client.query(
      `INSERT INTO "Rdv" ("id", "organisationId", "motifId", "lieuId", "startsAt", "durationInMin", "status", "uid",
                          "createdByAgentId", "createdAt", "updatedAt")
       SELECT r.id, $1, $2, $3, r.starts_at, 30,
              (CASE WHEN r.starts_at < now() THEN 'seen' ELSE 'unknown' END)::"RdvStatus",
              'rdv-' || r.id || '@rdv-agents.fr', r.agent_id, r.starts_at - interval '14 days', r.starts_at - interval '14 days'
       FROM bench_rdv r`,
      [organisationId, motifIds[0], lieuIds[0]],
    );
    await client.query(`INSERT INTO "RdvAgent" ("rdvId", "agentId") SELECT id, agent_id FROM bench_rdv`);
    await client.query(
      `INSERT INTO "RdvUser" ("rdvId", "userId") SELECT r.id, ($1::text[])[1 + r.n % 2000] FROM bench_rdv r`,
      [userIds],
    );

    // RDVs of agents 1 and 2 (both at level `all`) far ahead, for the moves.
    const { rows: movable } = await client.query<{ id: string }>(
      `INSERT INTO "Rdv" ("id", "organisationId", "motifId", "lieuId", "startsAt", "durationInMin", "uid", "createdByAgentId", "updatedAt")
       SELECT id, $1, $2, $3, (current_date + 400 + i % 200 + time '10:00') AT TIME ZONE $5, 30,
              'rdv-' || id || '@rdv-agents.fr', $4, now()
       FROM (SELECT gen_random_uuid()::text AS id, i FROM generate_series(1, $6) AS i) AS m
       RETURNING "id"`,
      [organisationId, motifIds[0], lieuIds[0], agentIds[0], TIMEZONE, MOVABLE_RDVS],
    );
    const movableRdvIds = movable.map((r) => r.id);
    await client.query(
      `INSERT INTO "RdvAgent" ("rdvId", "agentId") SELECT r, a FROM unnest($1::text[]) AS r, unnest($2::text[]) AS a`,
      [movableRdvIds, agentIds.slice(0, 2)],
    );
    await client.query(`INSERT INTO "RdvUser" ("rdvId", "userId") SELECT r, $2 FROM unnest($1::text[]) AS r`, [
      movableRdvIds,
      userIds[0],
    ]);

    // Five weekly plages per agent since six months ago, each open to the two motifs on site.
    const plages = [
      ["09:00", "12:00", "{mo,we}"],
      ["09:00", "12:00", "{tu,th}"],
      ["09:00", "12:00", "{fr}"],
      ["14:00", "17:00", "{mo,tu}"],
      ["14:00", "17:00", "{we,th,fr}"],
    ];
    await client.query(
      `CREATE TEMP TABLE bench_plage ON COMMIT DROP AS
       SELECT gen_random_uuid()::text AS id, a.id AS agent_id, p.start_time, p.end_time, p.weekdays
       FROM unnest($1::text[]) AS a(id)
       CROSS JOIN unnest($2::text[], $3::text[], $4::text[]) AS p(start_time, end_time, weekdays)`,
      [agentIds, plages.map((p) => p[0]), plages.map((p) => p[1]), plages.map((p) => p[2])],
    );
    await client.query(
      `INSERT INTO "PlageOuverture" ("id", "organisationId", "agentId", "lieuId", "title", "firstDay", "startTime",
         "endTime", "recurrenceFrequency", "recurrenceInterval", "recurrenceWeekdays", "uid", "updatedAt")
       SELECT p.id, $1, p.agent_id, $2, 'Permanence', current_date - 182, p.start_time, p.end_time, 'week', 1,
              p.weekdays::"Weekday"[], 'plage-' || p.id || '@rdv-agents.fr', now()
       FROM bench_plage p`,
      [organisationId, lieuIds[0]],
    );
    await client.query(
      `INSERT INTO "PlageMotif" ("plageOuvertureId", "motifId")
       SELECT p.id, m FROM bench_plage p, unnest($1::text[]) AS m`,
      [motifIds.slice(0, 2)],
    );
    // Three absences per agent in the measured week.
    await client.query(
      `INSERT INTO "Absence" ("id", "organisationId", "agentId", "title", "firstDay", "startTime", "endDay", "endTime",
         "uid", "updatedAt")
       SELECT y.id, $2, y.agent_id, 'Réunion', $3::date + y.offset_days, y.start_time, $3::date + y.offset_days,
              y.end_time, 'absence-' || y.id || '@rdv-agents.fr', now()
       FROM (SELECT gen_random_uuid()::text AS id, a.id AS agent_id, x.offset_days, x.start_time, x.end_time
             FROM unnest($1::text[]) AS a(id)
             CROSS JOIN (VALUES (0, '12:00', '13:00'), (2, '17:00', '18:00'), (4, '12:30', '13:30'))
               AS x(offset_days, start_time, end_time)) AS y`,
      [agentIds, organisationId, week.from],
    );
    await client.query("COMMIT");
    // VACUUM as well as ANALYZE: a production server's autovacuum would have visited tables loaded long ago (this
    // machine's server runs without it), and an index-only walk of a never-vacuumed table reads every row it meets.
    await client.query(`VACUUM ANALYZE`);
    return {
      organisationId,
      agentIds,
      agentEmails,
      lieuId: lieuIds[0] ?? "",
      motifId: motifIds[0] ?? "",
      userIds,
      movableRdvIds,
      week,
      rdvCount: (inserted.rowCount ?? 0) + movableRdvIds.length,
    };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** The ceiling's table, in its own schema (dropped with it), with rows to move. */
export async function createCeilingTable(url: string, organisationId: string, rows: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS bench_ceiling CASCADE`);
    await client.query(`CREATE SCHEMA bench_ceiling`);
    await client.query(
      `CREATE TABLE bench_ceiling.rdv (id bigserial PRIMARY KEY, organisation_id text NOT NULL,
         starts_at timestamptz NOT NULL, duration_in_min int NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await client.query(
      `INSERT INTO bench_ceiling.rdv (organisation_id, starts_at, duration_in_min)
       SELECT $1, now() + i * interval '1 hour', 30 FROM generate_series(1, $2) AS i`,
      [organisationId, rows],
    );
  } finally {
    await client.end();
  }
}

/** Run one SQL statement and return its rows. */
export async function sql<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
