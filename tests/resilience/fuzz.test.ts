// Property-based fuzz of every API endpoint and every form of the app, signed in as an admin, on a database of its
// own: hostile strings (NUL, lone surrogates, CR/LF, markup, huge texts), huge and odd numbers, wrong types, bad
// encodings (false gzip, other charsets, bytes that are not UTF-8), forged ids (another organisation's, random,
// malformed). Whatever comes in: never a 5xx, and a refused request (4xx) inserts and deletes no row in any table
// (so every table's row count is unchanged; counted by triggers that this test adds to its own database, which is
// cheaper than counting every table after each request). Requests go one at a time, so that each write is the
// effect of one request. Loopback only.
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "../../src/db/migrate.ts";
import { apiToken } from "../support/api.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { createTeam, createUser, TEST_PASSWORD } from "../support/factories.ts";
import { type FreshDatabase, freshDatabase } from "../support/fresh-database.ts";

/** At least 10,000 requests per run (FUZZ_REQUESTS to explore more, or fewer while writing a test). */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
/** FUZZ_SEED replays the run that fast-check names in a failure (`seed: …`). */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/**
 * A failed sign-in, and any request of the public pages and API, is counted in its own table on purpose (the limits
 * per email and per address): a 4xx that writes there, by design.
 */
const SIGN_IN_PATHS = new Set(["/connexion", "/api/v1/tokens"]);
const isLimitCounted = (path: string) => SIGN_IN_PATHS.has(path) || /^\/(api\/public\/|prendre-rdv|mon-rdv)/.test(path);
const SIGN_IN_TABLES = new Set(["SignInAttempt", "SignInLimit"]);

type Endpoint = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** With placeholders :org, :agent, :lieu, :motif, :user, :rdv, :plage, :absence, :token, :email, :id. */
  path: string;
  /** `public`: the usagers' API, without any token. */
  kind: "api" | "public" | "form";
  fields?: string[];
  /** A body the endpoint accepts, that the fuzz then spoils field by field. */
  base?: () => Record<string, unknown>;
};

let fresh: FreshDatabase;
let app: TestApp;
let tables: string[] = [];
const ids: Record<string, string[]> = {};
let bearer = "";
let cookie = "";
let csrf = "";

/** Rows inserted or deleted so far, per table (committed writes only: a rolled-back transaction counts nothing). */
async function writeCounts(): Promise<Map<string, number>> {
  const rows = await app.db.$queryRawUnsafe<Array<{ name: string; n: number }>>(
    `SELECT table_name AS name, n::int AS n FROM fuzz_writes`,
  );
  return new Map(rows.map((row) => [row.name, row.n]));
}

/** The exact row count of every table. */
async function rowCounts(): Promise<Record<string, number>> {
  const sql = `SELECT ${tables.map((t) => `(SELECT count(*) FROM "${t}")::int AS "${t}"`).join(", ")}`;
  const [row] = await app.db.$queryRawUnsafe<Array<Record<string, number>>>(sql);
  if (!row) throw new Error("no counts");
  return row;
}

/** Count every row inserted or deleted in the app's tables (this test's own database only). */
async function installWriteCounters(): Promise<void> {
  await app.db.$executeRawUnsafe(`CREATE TABLE fuzz_writes (table_name text PRIMARY KEY, n bigint NOT NULL)`);
  await app.db.$executeRawUnsafe(`CREATE FUNCTION fuzz_count_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO fuzz_writes VALUES (TG_TABLE_NAME, 1)
        ON CONFLICT (table_name) DO UPDATE SET n = fuzz_writes.n + 1;
      RETURN NULL;
    END $$`);
  for (const table of tables) {
    await app.db.$executeRawUnsafe(
      `CREATE TRIGGER fuzz_count_write AFTER INSERT OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION fuzz_count_write()`,
    );
  }
}

async function post(path: string, body: unknown, authorization: string) {
  const response = await fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json();
  expect(response.status, `${path}: ${JSON.stringify(json)}`).toBe(201);
  const id = typeof json === "object" && json !== null ? Reflect.get(json, "id") : undefined;
  if (typeof id !== "string") throw new Error(`no id from ${path}`);
  return id;
}

/** An RDV, a plage and an absence of the team, created through the API as an integrator would. */
async function records(team: Awaited<ReturnType<typeof createTeam>>, userId: string, token: string) {
  const authorization = `Bearer ${token}`;
  const organisationId = team.organisation.id;
  const rdv = await post(
    "/api/v1/rdvs",
    {
      organisationId,
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      startsAt: "2027-03-29T09:00:00+02:00",
      agentIds: [team.admin.id],
      userIds: [userId],
      notes: "Apporter l'avis d'imposition",
    },
    authorization,
  );
  const plage = await post(
    "/api/v1/plages_ouverture",
    {
      organisationId,
      lieuId: team.organisation.lieu.id,
      motifIds: [team.organisation.motif.id],
      title: "Permanence",
      firstDay: "2027-01-05",
      startTime: "09:00",
      endTime: "12:00",
      recurrence: { every: "week", interval: 1, weekdays: ["mo"], until: "2027-06-30" },
    },
    authorization,
  );
  const absence = await post(
    "/api/v1/absences",
    {
      organisationId,
      title: "Formation",
      firstDay: "2027-03-03",
      startTime: "14:00",
      endDay: "2027-03-03",
      endTime: "17:00",
    },
    authorization,
  );
  return { rdv, plage, absence };
}

/** Sign in through the form: the session cookie and the session's CSRF token. */
async function signInForm(email: string): Promise<{ cookie: string; csrf: string }> {
  const page = await fetch(`${app.url}/connexion`);
  const presession = page.headers.getSetCookie()[0]?.split(";")[0] ?? "";
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const response = await fetch(`${app.url}/connexion`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: presession, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: token, email, password: TEST_PASSWORD }),
  });
  const session = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0] ?? "")
    .find((pair) => pair.startsWith("rdv_session="));
  if (!session) throw new Error("no session");
  const agenda = await fetch(`${app.url}/agenda`, { headers: { cookie: session } });
  const sessionCsrf = /name="_csrf" value="([^"]+)"/.exec(await agenda.text())?.[1];
  if (!sessionCsrf) throw new Error("no CSRF token on the agenda");
  return { cookie: session, csrf: sessionCsrf };
}

beforeAll(async () => {
  fresh = await freshDatabase();
  await runMigrations(fresh.url);
  app = await startTestApp({}, { databaseUrl: fresh.url });
  const db = app.db;
  const mine = await createTeam(db);
  const other = await createTeam(db);
  const [myUser, otherUser] = await Promise.all([
    createUser(db, mine.organisation.id),
    createUser(db, other.organisation.id),
  ]);
  const myToken = await apiToken(app.url, mine.admin.email);
  const otherToken = await apiToken(app.url, other.admin.email);
  const myRecords = await records(mine, myUser.id, myToken);
  const otherRecords = await records(other, otherUser.id, otherToken);
  bearer = `Bearer ${myToken}`;
  ({ cookie, csrf } = await signInForm(mine.admin.email));

  // Ids of both organisations: the fuzz's own admin is left out (demoting or removing itself ends the fuzz early).
  ids.org = [mine.organisation.id, other.organisation.id];
  ids.agent = [mine.agent1.id, mine.secretary.id, other.admin.id, other.agent1.id];
  ids.lieu = [mine.organisation.lieu.id, other.organisation.lieu.id];
  ids.motif = [mine.organisation.motif.id, other.organisation.motif.id];
  ids.user = [myUser.id, otherUser.id];
  ids.rdv = [myRecords.rdv, otherRecords.rdv];
  ids.plage = [myRecords.plage, otherRecords.plage];
  ids.absence = [myRecords.absence, otherRecords.absence];

  const rows = await db.$queryRawUnsafe<Array<{ tablename: string }>>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
  );
  tables = rows.map((row) => row.tablename);
  await installWriteCounters();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await fresh?.drop();
});

const API_ENDPOINTS: Endpoint[] = [
  { method: "GET", path: "/api/v1/me", kind: "api" },
  { method: "GET", path: "/api/v1/me/preferences", kind: "api" },
  {
    method: "PATCH",
    path: "/api/v1/me/preferences",
    kind: "api",
    fields: ["rdvNotificationsLevel", "plageOuvertureNotificationLevel", "absenceNotificationLevel"],
  },
  { method: "GET", path: "/api/v1/organisations/:org", kind: "api" },
  {
    method: "PATCH",
    path: "/api/v1/organisations/:org",
    kind: "api",
    fields: ["name", "timezone", "bookingMinDelayMinutes", "bookingMaxDelayMinutes", "emailSenderName"],
    base: () => ({
      name: "Mairie",
      timezone: "Europe/Paris",
      bookingMinDelayMinutes: 120,
      bookingMaxDelayMinutes: 60480,
    }),
  },
  { method: "GET", path: "/api/v1/organisations/:org/agents", kind: "api" },
  {
    method: "POST",
    path: "/api/v1/organisations/:org/invitations",
    kind: "api",
    fields: ["email", "firstName", "lastName", "role"],
    base: () => ({ email: "nadia@example.fr", firstName: "Nadia", lastName: "Nouvelle", role: "agent" }),
  },
  { method: "PATCH", path: "/api/v1/organisations/:org/agents/:agent", kind: "api", fields: ["role"] },
  { method: "GET", path: "/api/v1/organisations/:org/agents/:agent/removal", kind: "api" },
  { method: "DELETE", path: "/api/v1/organisations/:org/agents/:agent", kind: "api", fields: ["rdvs"] },
  { method: "GET", path: "/api/v1/organisations/:org/lieux", kind: "api" },
  {
    method: "POST",
    path: "/api/v1/organisations/:org/lieux",
    kind: "api",
    fields: ["name", "address"],
    base: () => ({ name: "Antenne", address: "3 rue Basse" }),
  },
  { method: "GET", path: "/api/v1/organisations/:org/lieux/:lieu", kind: "api" },
  { method: "PATCH", path: "/api/v1/organisations/:org/lieux/:lieu", kind: "api", fields: ["name", "address"] },
  { method: "POST", path: "/api/v1/organisations/:org/lieux/:lieu/disable", kind: "api" },
  { method: "POST", path: "/api/v1/organisations/:org/lieux/:lieu/enable", kind: "api" },
  { method: "DELETE", path: "/api/v1/organisations/:org/lieux/:lieu", kind: "api" },
  { method: "GET", path: "/api/v1/organisations/:org/motifs", kind: "api" },
  {
    method: "POST",
    path: "/api/v1/organisations/:org/motifs",
    kind: "api",
    fields: ["name", "defaultDurationInMin", "locationType", "color", "bookableOnline"],
    base: () => ({ name: "Dossier", defaultDurationInMin: 45, locationType: "public_office", color: "#aa00cc" }),
  },
  { method: "GET", path: "/api/v1/organisations/:org/motifs/:motif", kind: "api" },
  {
    method: "PATCH",
    path: "/api/v1/organisations/:org/motifs/:motif",
    kind: "api",
    fields: ["name", "defaultDurationInMin", "locationType", "color", "bookableOnline"],
  },
  { method: "POST", path: "/api/v1/organisations/:org/motifs/:motif/disable", kind: "api" },
  { method: "POST", path: "/api/v1/organisations/:org/motifs/:motif/enable", kind: "api" },
  { method: "GET", path: "/api/v1/organisations/:org/users", kind: "api" },
  {
    method: "POST",
    path: "/api/v1/organisations/:org/users",
    kind: "api",
    fields: ["firstName", "lastName", "email", "phone"],
    base: () => ({ firstName: "Paul", lastName: "Durand", email: "paul@example.org", phone: "0612345678" }),
  },
  { method: "GET", path: "/api/v1/organisations/:org/users/:user", kind: "api" },
  {
    method: "PATCH",
    path: "/api/v1/organisations/:org/users/:user",
    kind: "api",
    fields: ["firstName", "lastName", "email", "phone"],
  },
  {
    method: "POST",
    path: "/api/v1/users",
    kind: "api",
    fields: ["organisationId", "firstName", "lastName", "email", "phone"],
  },
  { method: "GET", path: "/api/v1/rdvs", kind: "api", fields: ["from", "to", "organisationId", "agentId", "status"] },
  {
    method: "POST",
    path: "/api/v1/rdvs",
    kind: "api",
    fields: ["organisationId", "motifId", "lieuId", "startsAt", "durationInMin", "agentIds", "userIds", "notes"],
    base: () => ({
      organisationId: ids.org?.[0],
      motifId: ids.motif?.[0],
      lieuId: ids.lieu?.[0],
      startsAt: "2027-04-05T10:00:00+02:00",
      agentIds: [ids.agent?.[0]],
      userIds: [ids.user?.[0]],
    }),
  },
  { method: "GET", path: "/api/v1/rdvs/:rdv", kind: "api" },
  {
    method: "PATCH",
    path: "/api/v1/rdvs/:rdv",
    kind: "api",
    fields: ["motifId", "lieuId", "startsAt", "durationInMin", "agentIds", "userIds", "notes"],
  },
  { method: "POST", path: "/api/v1/rdvs/:rdv/status", kind: "api", fields: ["status"] },
  { method: "DELETE", path: "/api/v1/rdvs/:rdv", kind: "api" },
  { method: "GET", path: "/api/v1/plages_ouverture", kind: "api", fields: ["from", "to", "organisationId", "agentId"] },
  {
    method: "POST",
    path: "/api/v1/plages_ouverture",
    kind: "api",
    fields: [
      "organisationId",
      "lieuId",
      "motifIds",
      "title",
      "firstDay",
      "startTime",
      "endTime",
      "recurrence",
      "agentId",
    ],
    base: () => ({
      organisationId: ids.org?.[0],
      lieuId: ids.lieu?.[0],
      motifIds: [ids.motif?.[0]],
      title: "Permanence",
      firstDay: "2027-05-04",
      startTime: "14:00",
      endTime: "15:00",
    }),
  },
  { method: "GET", path: "/api/v1/plages_ouverture/:plage", kind: "api" },
  {
    method: "PATCH",
    path: "/api/v1/plages_ouverture/:plage",
    kind: "api",
    fields: ["lieuId", "motifIds", "title", "firstDay", "startTime", "endTime", "recurrence"],
  },
  { method: "DELETE", path: "/api/v1/plages_ouverture/:plage", kind: "api" },
  { method: "GET", path: "/api/v1/absences", kind: "api", fields: ["from", "to", "organisationId", "agentId"] },
  {
    method: "POST",
    path: "/api/v1/absences",
    kind: "api",
    fields: ["organisationId", "title", "firstDay", "startTime", "endDay", "endTime", "recurrence", "agentId"],
    base: () => ({
      organisationId: ids.org?.[0],
      title: "Congés",
      firstDay: "2027-06-01",
      startTime: "08:00",
      endDay: "2027-06-01",
      endTime: "18:00",
    }),
  },
  { method: "GET", path: "/api/v1/absences/:absence", kind: "api" },
  {
    method: "PATCH",
    path: "/api/v1/absences/:absence",
    kind: "api",
    fields: ["title", "firstDay", "startTime", "endDay", "endTime", "recurrence"],
  },
  { method: "DELETE", path: "/api/v1/absences/:absence", kind: "api" },
  { method: "POST", path: "/api/v1/tokens", kind: "api", fields: ["email", "password"] },
];

const PUBLIC_FIELDS = ["organisationId", "motifId", "lieuId", "startsAt", "from", "to", "usager", "email", "firstName"];
const PUBLIC_ENDPOINTS: Endpoint[] = [
  { method: "GET", path: "/api/public/v1/organisations/:org/motifs", kind: "public" },
  { method: "GET", path: "/api/public/v1/creneaux", kind: "public", fields: PUBLIC_FIELDS },
  {
    method: "POST",
    path: "/api/public/v1/reservations",
    kind: "public",
    fields: [...PUBLIC_FIELDS, "lastName", "phone"],
    base: () => ({
      organisationId: ids.org?.[0],
      motifId: ids.motif?.[0],
      lieuId: ids.lieu?.[0],
      startsAt: "2027-05-03T09:00:00+02:00",
      usager: { firstName: "Léa", lastName: "Martin", email: "lea@example.org" },
    }),
  },
  { method: "GET", path: "/api/public/v1/reservations/:token", kind: "public" },
  { method: "PATCH", path: "/api/public/v1/reservations/:token", kind: "public", fields: PUBLIC_FIELDS },
  { method: "POST", path: "/api/public/v1/reservations/:token/annulation", kind: "public" },
  { method: "GET", path: "/prendre-rdv", kind: "form" },
  { method: "GET", path: "/prendre-rdv/:org", kind: "form", fields: ["motifId", "lieuId", "startsAt", "from"] },
  {
    method: "POST",
    path: "/prendre-rdv/:org",
    kind: "form",
    fields: ["motifId", "lieuId", "startsAt", "firstName", "lastName", "email", "phone"],
  },
  { method: "GET", path: "/mon-rdv/:token", kind: "form" },
  { method: "POST", path: "/mon-rdv/:token/annulation", kind: "form" },
  { method: "GET", path: "/mon-rdv/:token/deplacer", kind: "form", fields: ["startsAt", "from"] },
  { method: "POST", path: "/mon-rdv/:token/deplacer", kind: "form", fields: ["startsAt"] },
  { method: "GET", path: "/creneaux", kind: "form", fields: ["motifId", "lieuId", "agentId", "from"] },
];

const RECURRENCE_FIELDS = ["recurrenceEvery", "recurrenceInterval", "recurrenceWeekdays", "recurrenceUntil"];
const FORM_ENDPOINTS: Endpoint[] = [
  { method: "GET", path: "/agenda", kind: "form", fields: ["date", "vue", "agentId"] },
  { method: "GET", path: "/agenda/evenements", kind: "form", fields: ["start", "end", "agentId", "date"] },
  { method: "GET", path: "/agenda/impression", kind: "form", fields: ["date", "agentId"] },
  { method: "GET", path: "/rdvs", kind: "form", fields: ["du", "par", "q", "status", "agentId", "motifId", "lieuId"] },
  { method: "GET", path: "/rdvs/nouveau", kind: "form", fields: ["date", "time", "agentId", "motifId", "lieuId"] },
  { method: "GET", path: "/rdvs/:rdv", kind: "form" },
  { method: "GET", path: "/rdvs/:rdv/modifier", kind: "form" },
  { method: "GET", path: "/plages", kind: "form", fields: ["agentId", "from"] },
  { method: "GET", path: "/plages/nouvelle", kind: "form", fields: ["agentId"] },
  { method: "GET", path: "/plages/:plage/modifier", kind: "form" },
  { method: "GET", path: "/absences", kind: "form", fields: ["agentId", "from"] },
  { method: "GET", path: "/absences/:absence/modifier", kind: "form" },
  { method: "GET", path: "/admin/usagers", kind: "form", fields: ["q", "page"] },
  { method: "GET", path: "/admin/usagers/:user", kind: "form" },
  { method: "GET", path: "/usagers/:user", kind: "form" },
  { method: "GET", path: "/plages/:plage", kind: "form" },
  { method: "GET", path: "/absences/:absence", kind: "form" },
  { method: "GET", path: "/accessibilite", kind: "form" },
  { method: "POST", path: "/invitations/:token/rejoindre", kind: "form" },
  {
    method: "GET",
    path: "/api/v1/organisations/:org/creneaux",
    kind: "api",
    fields: ["motifId", "lieuId", "agentId", "from", "to"],
  },
  { method: "GET", path: "/admin/agents/:agent/retrait", kind: "form" },
  { method: "GET", path: "/admin/lieux/:lieu/supprimer", kind: "form" },
  { method: "GET", path: "/invitations/:token", kind: "form" },
  { method: "GET", path: "/mot-de-passe/nouveau/:token", kind: "form" },
  { method: "GET", path: "/connexion", kind: "form", fields: ["retour"] },
  { method: "POST", path: "/connexion", kind: "form", fields: ["email", "password", "retour"] },
  { method: "POST", path: "/organisation-courante", kind: "form", fields: ["organisationId"] },
  { method: "POST", path: "/mot-de-passe/oublie", kind: "form", fields: ["email"] },
  { method: "POST", path: "/mot-de-passe/nouveau/:token", kind: "form", fields: ["password", "passwordConfirmation"] },
  { method: "POST", path: "/invitations/:token", kind: "form", fields: ["password", "passwordConfirmation"] },
  {
    method: "POST",
    path: "/mon-compte/mot-de-passe",
    kind: "form",
    fields: ["currentPassword", "password", "passwordConfirmation"],
  },
  {
    method: "POST",
    path: "/mon-compte/preferences",
    kind: "form",
    fields: ["rdvNotificationsLevel", "plageOuvertureNotificationLevel", "absenceNotificationLevel"],
  },
  { method: "POST", path: "/mon-compte/jetons", kind: "form", fields: ["name"] },
  { method: "POST", path: "/mon-compte/jetons/:id/revoquer", kind: "form" },
  {
    method: "POST",
    path: "/rdvs/nouveau",
    kind: "form",
    fields: [
      "motifId",
      "lieuId",
      "date",
      "time",
      "durationInMin",
      "agentIds",
      "userIds",
      "notes",
      "newUserFirstName",
      "newUserLastName",
      "newUserEmail",
      "newUserPhone",
      "intent",
    ],
    base: () => ({
      motifId: ids.motif?.[0],
      lieuId: ids.lieu?.[0],
      date: "2027-04-06",
      time: "10:00",
      durationInMin: "30",
      agentIds: ids.agent?.[0],
      userIds: ids.user?.[0],
    }),
  },
  {
    method: "POST",
    path: "/rdvs/:rdv/modifier",
    kind: "form",
    fields: ["motifId", "lieuId", "date", "time", "durationInMin", "agentIds", "userIds", "notes", "intent"],
  },
  { method: "POST", path: "/rdvs/:rdv/statut", kind: "form", fields: ["status"] },
  { method: "POST", path: "/rdvs/:rdv/supprimer", kind: "form" },
  {
    method: "POST",
    path: "/plages",
    kind: "form",
    fields: ["title", "lieuId", "motifIds", "firstDay", "startTime", "endTime", "agentId", ...RECURRENCE_FIELDS],
    base: () => ({
      title: "Permanence",
      lieuId: ids.lieu?.[0],
      motifIds: ids.motif?.[0],
      firstDay: "2027-05-11",
      startTime: "14:00",
      endTime: "15:00",
    }),
  },
  {
    method: "POST",
    path: "/plages/:plage",
    kind: "form",
    fields: ["title", "lieuId", "motifIds", "firstDay", "startTime", "endTime", ...RECURRENCE_FIELDS],
  },
  { method: "POST", path: "/plages/:plage/supprimer", kind: "form" },
  {
    method: "POST",
    path: "/absences",
    kind: "form",
    fields: ["title", "firstDay", "startTime", "endDay", "endTime", "agentId", ...RECURRENCE_FIELDS],
    base: () => ({
      title: "Congés",
      firstDay: "2027-07-01",
      startTime: "08:00",
      endDay: "2027-07-01",
      endTime: "18:00",
    }),
  },
  {
    method: "POST",
    path: "/absences/:absence",
    kind: "form",
    fields: ["title", "firstDay", "startTime", "endDay", "endTime", ...RECURRENCE_FIELDS],
  },
  { method: "POST", path: "/absences/:absence/supprimer", kind: "form" },
  { method: "POST", path: "/admin/usagers", kind: "form", fields: ["firstName", "lastName", "email", "phone"] },
  { method: "POST", path: "/admin/usagers/:user", kind: "form", fields: ["firstName", "lastName", "email", "phone"] },
  {
    method: "POST",
    path: "/admin/motifs",
    kind: "form",
    fields: ["name", "defaultDurationInMin", "locationType", "color", "bookableOnline"],
  },
  {
    method: "POST",
    path: "/admin/motifs/:motif",
    kind: "form",
    fields: ["name", "defaultDurationInMin", "locationType", "color", "bookableOnline"],
  },
  { method: "POST", path: "/admin/motifs/:motif/desactiver", kind: "form" },
  { method: "POST", path: "/admin/motifs/:motif/reactiver", kind: "form" },
  { method: "POST", path: "/admin/lieux", kind: "form", fields: ["name", "address"] },
  { method: "POST", path: "/admin/lieux/:lieu", kind: "form", fields: ["name", "address"] },
  { method: "POST", path: "/admin/lieux/:lieu/desactiver", kind: "form" },
  { method: "POST", path: "/admin/lieux/:lieu/reactiver", kind: "form" },
  { method: "POST", path: "/admin/lieux/:lieu/supprimer", kind: "form" },
  {
    method: "POST",
    path: "/admin/organisation",
    kind: "form",
    fields: ["name", "timezone", "bookingMinDelayHours", "bookingMaxDelayDays", "emailSenderName"],
  },
  {
    method: "POST",
    path: "/admin/agents/invitation",
    kind: "form",
    fields: ["email", "firstName", "lastName", "role"],
  },
  { method: "POST", path: "/admin/agents/:agent/role", kind: "form", fields: ["role"] },
  { method: "POST", path: "/admin/agents/:agent/retrait", kind: "form", fields: ["rdvs"] },
  { method: "POST", path: "/admin/emails-en-echec/:id/renvoyer", kind: "form" },
];

const ENDPOINTS = [...API_ENDPOINTS, ...PUBLIC_ENDPOINTS, ...FORM_ENDPOINTS];

// Values an attacker (or a broken client) sends.
const SPECIAL_STRINGS = [
  "",
  " ",
  "a\u0000b",
  "\u0000",
  "\ud800",
  "x\udfffy",
  "Mairie\r\nBcc: victime@example.org",
  "\t\n\r\u000b\u000c\u0085\u2028",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  '\'; DROP TABLE "Agent"; --',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as plain text on purpose.
  "${7*7}",
  "<%= 7*7 %>",
  "../../etc/passwd",
  "%00",
  "%ff",
  "%",
  "2027-02-30",
  "2027-13-01",
  "0000-00-00",
  "9999-12-31",
  "275760-09-13",
  "25:99",
  "24:00",
  "-1",
  "0",
  "1e309",
  "-1e309",
  "NaN",
  "Infinity",
  "9".repeat(40),
  "x".repeat(5_000),
  "é".repeat(300),
  "\u202egnp.exe",
  "🙂👍🏽",
  "null",
  "true",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "admin",
  "week",
  "mo",
  "public_office",
  "Europe/Paris",
  "Mars/Olympus",
  "a@b",
  "agent@test.rdv-agents.fr",
];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
);

/** A path segment as a client would encode it; a lone surrogate (not encodable) as the bytes a broken one sends. */
function encodePathSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return "%ED%A0%80";
  }
}

const idArbitrary = (placeholder: string) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...(ids[placeholder] ?? ["x"])) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: hostileString.map(encodePathSegment) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("%ff", "%00", "%c0%ae%c0%ae", "..%2f..%2f", "%2e%2e", "%E2%80%AE", "%", "a%zz", "-1"),
    },
  );

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 0.5, -0, Number.MIN_VALUE),
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
  // Built when drawn: the ids exist only once beforeAll has run.
  { weight: 2, arbitrary: fc.constant(0).chain(() => fc.constantFrom(...Object.values(ids).flat())) },
);

/** Raw bodies that no parser should get through: wrong encodings, false compression, broken syntax. */
type RawBody = { contentType: string; encoding?: string; bytes: Buffer };
const rawBody: fc.Arbitrary<RawBody> = fc.oneof(
  fc.constantFrom<RawBody>(
    { contentType: "application/json", encoding: "gzip", bytes: Buffer.from('{"name":"x"}') },
    { contentType: "application/json", encoding: "deflate", bytes: Buffer.from("{}") },
    { contentType: "application/json", encoding: "br", bytes: Buffer.from("{}") },
    { contentType: "application/json", encoding: "gzip", bytes: gzipSync('{"name":"a\\u0000b"}') },
    { contentType: "application/x-www-form-urlencoded", encoding: "gzip", bytes: Buffer.from("name=x") },
    { contentType: "application/x-www-form-urlencoded", encoding: "compress", bytes: Buffer.from("name=x") },
    {
      contentType: "application/json",
      bytes: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    },
    { contentType: "application/json", bytes: Buffer.from('{"name": "x", ') },
    { contentType: "application/json", bytes: Buffer.from('{"durationInMin": 1e400, "interval": -1e400}') },
    { contentType: "application/json", bytes: Buffer.from(`${"[".repeat(5_000)}${"]".repeat(5_000)}`) },
    { contentType: "application/json", bytes: Buffer.from('{"__proto__": {"admin": true}, "constructor": {"x": 1}}') },
    { contentType: "application/json; charset=iso-8859-1", bytes: Buffer.from('{"name":"\xe9"}', "latin1") },
    { contentType: "application/json; charset=utf-16le", bytes: Buffer.from('{"name":"x"}', "utf16le") },
    { contentType: "application/x-www-form-urlencoded", bytes: Buffer.from("name=%ff%fe&address=%00") },
    { contentType: "application/x-www-form-urlencoded", bytes: Buffer.from("name=%e9t%e9") },
    {
      contentType: "application/x-www-form-urlencoded",
      bytes: Buffer.from("a[b][c][d][e][f][g][h]=1&a[__proto__][x]=1"),
    },
    { contentType: "application/x-www-form-urlencoded; charset=koi8-r", bytes: Buffer.from("name=x") },
    { contentType: "application/x-www-form-urlencoded", bytes: Buffer.from(`${"x=1&".repeat(1_000)}`) },
    {
      contentType: "multipart/form-data; boundary=x",
      bytes: Buffer.from("--x\r\nContent-Disposition: form-data\r\n\r\n"),
    },
    { contentType: "text/plain", bytes: Buffer.from("name=x") },
  ),
  fc
    .uint8Array({ maxLength: 64 })
    .chain((bytes) =>
      fc
        .constantFrom("application/json", "application/x-www-form-urlencoded")
        .map((contentType) => ({ contentType, bytes: Buffer.from(bytes) })),
    ),
);

type Shaped = {
  entries: Array<[string, unknown]>;
  raw?: RawBody;
  query: Array<[string, string]>;
  csrf: "ok" | "bad" | "none";
};

function requestArbitrary(endpoint: Endpoint): fc.Arbitrary<Shaped> {
  const fields = endpoint.fields ?? [];
  const keys = fc.oneof(
    { weight: 4, arbitrary: fields.length > 0 ? fc.constantFrom(...fields) : hostileString },
    { weight: 1, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "_csrf", "organisationId", "id", "rdvs[x]") },
  );
  const spoiled = endpoint.base
    ? fc
        .array(fc.tuple(keys, hostileValue), { minLength: 1, maxLength: 2 })
        .map(
          (changes): Array<[string, unknown]> =>
            Object.entries({ ...endpoint.base?.(), ...Object.fromEntries(changes) }),
        )
    : fc.array(fc.tuple(keys, hostileValue), { maxLength: 6 });
  const random = fc.array(fc.tuple(keys, hostileValue), { maxLength: 8 });
  return fc.record({
    entries: fc.oneof(spoiled, random),
    raw: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: rawBody }),
    query: fc.array(fc.tuple(keys, hostileString), { maxLength: endpoint.method === "GET" ? 4 : 1 }),
    csrf: fc.constantFrom<Shaped["csrf"]>("ok", "ok", "ok", "ok", "ok", "ok", "bad", "none"),
  });
}

/** Form values are text: arrays repeat the key, objects become `key[sub]`, the rest is written as text. */
function formBody(entries: Array<[string, unknown]>, token: string | undefined): URLSearchParams {
  const body = new URLSearchParams();
  if (token !== undefined) body.append("_csrf", token);
  for (const [key, value] of entries) {
    if (Array.isArray(value)) for (const item of value) body.append(key, String(item));
    else if (typeof value === "object" && value !== null) {
      for (const [sub, item] of Object.entries(value)) body.append(`${key}[${sub}]`, String(item));
    } else body.append(key, String(value));
  }
  return body;
}

function fillPath(path: string, picks: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => picks[name] ?? "x");
}

const PLACEHOLDERS = ["org", "agent", "lieu", "motif", "user", "rdv", "plage", "absence", "token", "id"];

describe("fuzz of every endpoint and form, signed in", () => {
  it(`never answers 5xx and writes nothing when it refuses (${REQUESTS} requests)`, async () => {
    const sent = { total: 0, byClass: new Map<string, number>() };
    const failures: string[] = [];
    let writes = await writeCounts();
    const countsBefore = await rowCounts();
    let refusedWrites = 0;
    const timeByEndpoint = new Map<string, number>();

    const arbitrary = fc.constantFrom(...ENDPOINTS).chain((endpoint) =>
      fc.record({
        endpoint: fc.constant(endpoint),
        picks: fc.record(Object.fromEntries(PLACEHOLDERS.map((name) => [name, idArbitrary(name)]))),
        shaped: requestArbitrary(endpoint),
      }),
    );

    await fc
      .assert(
        fc.asyncProperty(arbitrary, async ({ endpoint, picks, shaped }) => {
          const query = new URLSearchParams(shaped.query).toString();
          const path = `${fillPath(endpoint.path, picks)}${query ? `?${query}` : ""}`;
          const headers: Record<string, string> = {};
          let body: Uint8Array<ArrayBuffer> | string | URLSearchParams | undefined;
          if (endpoint.kind === "api") headers.authorization = bearer;
          if (endpoint.kind === "form") headers.cookie = cookie;
          if (endpoint.method !== "GET") {
            if (shaped.raw) {
              headers["content-type"] = shaped.raw.contentType;
              if (shaped.raw.encoding) headers["content-encoding"] = shaped.raw.encoding;
              body = new Uint8Array(shaped.raw.bytes);
            } else if (endpoint.kind !== "form") {
              headers["content-type"] = "application/json";
              body = JSON.stringify(Object.fromEntries(shaped.entries));
            } else {
              const token = shaped.csrf === "ok" ? csrf : shaped.csrf === "bad" ? "A".repeat(43) : undefined;
              body = formBody(shaped.entries, token);
            }
            if (endpoint.kind === "form" && shaped.raw && shaped.csrf === "ok") headers["x-csrf-token"] = csrf;
          }
          const started = performance.now();
          const response = await fetch(`${app.url}${path}`, {
            method: endpoint.method,
            headers,
            body,
            redirect: "manual",
          });
          const text = await response.text();
          const key = `${endpoint.method} ${endpoint.path}`;
          timeByEndpoint.set(key, (timeByEndpoint.get(key) ?? 0) + performance.now() - started);
          sent.total++;
          const statusClass = `${Math.floor(response.status / 100)}xx`;
          sent.byClass.set(statusClass, (sent.byClass.get(statusClass) ?? 0) + 1);
          const label = `${endpoint.method} ${endpoint.path} → ${response.status}`;
          if (response.status >= 500) {
            failures.push(`${label} (${path}): ${text.slice(0, 300)}`);
            return false;
          }
          const after = await writeCounts();
          if (response.status >= 400) {
            const pathOnly = path.split("?")[0] ?? "";
            const changed = [...after.keys()].filter(
              (table) =>
                after.get(table) !== writes.get(table) && !(isLimitCounted(pathOnly) && SIGN_IN_TABLES.has(table)),
            );
            if (changed.length > 0) {
              failures.push(`${label} (${path}) wrote in ${changed.join(", ")}`);
              return false;
            }
            refusedWrites += [...after.keys()].filter((table) => after.get(table) !== writes.get(table)).length;
          }
          writes = after;
          return true;
        }),
        // No shrinking: the first failing request is reported as it was, and the run stays bounded in time.
        { numRuns: REQUESTS, endOnFailure: true, verbose: 0, seed: SEED },
      )
      .catch((error: unknown) => {
        failures.push(error instanceof Error ? error.message.split("\n").slice(0, 6).join("\n") : String(error));
      });

    const countsAfter = await rowCounts();
    console.log(
      `[fuzz] ${sent.total} requests over ${ENDPOINTS.length} endpoints and forms: ` +
        `${JSON.stringify(Object.fromEntries(sent.byClass))}; tables written by refused sign-ins and public requests (their limits, by design): ` +
        `${refusedWrites}; rows per table before → after: ` +
        JSON.stringify(Object.fromEntries(tables.map((t) => [t, `${countsBefore[t]} → ${countsAfter[t]}`]))) +
        `; slowest endpoints (total ms): ${JSON.stringify(
          [...timeByEndpoint]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 5)
            .map(([k, ms]) => `${k} ${Math.round(ms)}`),
        )}`,
    );
    expect(failures).toEqual([]);
    expect(sent.total).toBeGreaterThanOrEqual(REQUESTS);
  }, 900_000);
});
