// The RDV list (issue 11, issue 9): pages of 50 reached by keyset cursors on (startsAt, id), filters by agent,
// status, lieu, motif, usager, period and « à renseigner », one count on the same filters; on 1,000 RDVs inserted in
// bulk, four of them at each instant so that the order between equal starts is exercised on every page boundary.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RdvStatus } from "../../../src/generated/prisma/enums.ts";
import { apiClient, apiError, field } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createUser } from "../../support/factories.ts";
import { signedInClient } from "../../support/http.ts";
import { createRdvTeam, type Team } from "./rdv-fixtures.ts";

let app: TestApp;
let team: Team;
let lieu2Id: string;
let motif2Id: string;
let now: Date;

type Row = {
  id: string;
  startsAt: Date;
  status: RdvStatus;
  agentId: string;
  lieuId: string;
  motifId: string;
  userLastName: string;
};
let rows: Row[] = [];

const USAGERS = [
  { firstName: "Jeanne", lastName: "Lefèvre" },
  { firstName: "Marc", lastName: "Dubois" },
  { firstName: "Amina", lastName: "Diallo" },
];

beforeAll(async () => {
  app = await startTestApp();
  const db = testDb();
  team = await createRdvTeam(db);
  const organisationId = team.organisation.id;
  const lieu2 = await db.lieu.create({ data: { organisationId, name: "Antenne Nord", address: "2 rue du Nord" } });
  lieu2Id = lieu2.id;
  const motif2 = await db.motif.findFirstOrThrow({
    where: { organisationId, NOT: { id: team.organisation.motif.id } },
  });
  motif2Id = motif2.id;
  const users = await Promise.all(USAGERS.map((names) => createUser(db, organisationId, names)));
  now = new Date();
  // 250 instants 6 hours apart, from 50 days ago on, at whole hours; four RDVs at each.
  const base = Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 50 * 86_400_000;
  rows = Array.from({ length: 1000 }, (_, i) => ({
    id: randomUUID(),
    startsAt: new Date(base + Math.floor(i / 4) * 6 * 3_600_000),
    status: i % 5 === 0 ? "seen" : i % 7 === 0 ? "revoked" : "unknown",
    agentId: i % 2 === 0 ? team.agent1.id : team.agent2.id,
    lieuId: i % 3 === 0 ? lieu2.id : team.organisation.lieu.id,
    motifId: i % 4 === 0 ? motif2.id : team.organisation.motif.id,
    userLastName: USAGERS[i % 3]?.lastName ?? "",
  }));
  await db.rdv.createMany({
    data: rows.map((row) => ({
      id: row.id,
      organisationId,
      motifId: row.motifId,
      lieuId: row.lieuId,
      startsAt: row.startsAt,
      durationInMin: 30,
      status: row.status,
      uid: `rdv-${row.id}@rdv-agents.fr`,
    })),
  });
  await db.rdvAgent.createMany({ data: rows.map((row) => ({ rdvId: row.id, agentId: row.agentId })) });
  await db.rdvUser.createMany({
    data: rows.map((row, i) => ({ rdvId: row.id, userId: users[i % 3]?.id ?? "" })),
  });
}, 120_000);
afterAll(() => app.close());

/** The list order: start, then id (as PostgreSQL compares these ASCII ids). */
const inListOrder = (list: Row[]) =>
  [...list].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const idsOf = (body: unknown): string[] => {
  const rdvs = field(body, "rdvs");
  return Array.isArray(rdvs) ? rdvs.map((rdv) => String(field(rdv, "id"))) : [];
};

/** Every page of an API query, following `next`; checks that none holds more than 50. */
async function walk(query: string) {
  const api = await apiClient(app.url, team.secretary.email);
  const pages: string[][] = [];
  let cursor: string | null = null;
  let count: unknown;
  do {
    const path: string = `/rdvs?organisationId=${team.organisation.id}${query}${cursor ? `&after=${encodeURIComponent(cursor)}` : ""}`;
    const answer = await api.get(path);
    expect(answer.status).toBe(200);
    const page = idsOf(answer.body);
    expect(page.length).toBeLessThanOrEqual(50);
    pages.push(page);
    count = field(answer.body, "count");
    const next = field(answer.body, "next");
    cursor = typeof next === "string" ? next : null;
  } while (cursor && pages.length < 40);
  return { pages, count, api };
}

describe("GET /api/v1/rdvs, on 1,000 RDVs", () => {
  it("walks every RDV once, in order, 50 a page, with no gap at equal start times, and back again", async () => {
    const { pages, count, api } = await walk("");
    expect(count).toBe(1000);
    expect(pages).toHaveLength(20);
    expect(pages.every((page) => page.length === 50)).toBe(true);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(1000);
    expect(seen).toEqual(inListOrder(rows).map((row) => row.id));

    // Back from the last page with `previous`: the same pages, in reverse.
    const last = await api.get(
      `/rdvs?organisationId=${team.organisation.id}&after=${encodeURIComponent(
        `${rows.find((r) => r.id === pages[18]?.[49])?.startsAt.toISOString()}~${pages[18]?.[49]}`,
      )}`,
    );
    expect(idsOf(last.body)).toEqual(pages[19]);
    expect(field(last.body, "next")).toBeNull();
    let previous = field(last.body, "previous");
    for (let index = 18; index >= 0; index--) {
      const answer = await api.get(
        `/rdvs?organisationId=${team.organisation.id}&before=${encodeURIComponent(String(previous))}`,
      );
      expect(idsOf(answer.body)).toEqual(pages[index]);
      previous = field(answer.body, "previous");
    }
    expect(previous).toBeNull();
  });

  it("filters by agent, status, lieu, motif, usager, period and « à renseigner », counting on the same filters", async () => {
    const from = rows[400]?.startsAt ?? now;
    const to = rows[800]?.startsAt ?? now;
    const cases: [string, (row: Row) => boolean][] = [
      [`&agentId=${team.agent2.id}`, (row) => row.agentId === team.agent2.id],
      ["&status=seen", (row) => row.status === "seen"],
      [`&lieuId=${lieu2Id}`, (row) => row.lieuId === lieu2Id],
      [
        `&motifId=${motif2Id}&agentId=${team.agent1.id}`,
        (row) => row.motifId === motif2Id && row.agentId === team.agent1.id,
      ],
      ["&user=LEFÈVRE%20jeanne", (row) => row.userLastName === "Lefèvre"],
      ["&user=dia", (row) => row.userLastName === "Diallo"],
      [`&from=${from.toISOString()}&to=${to.toISOString()}`, (row) => row.startsAt >= from && row.startsAt < to],
      ["&toFill=true", (row) => row.status === "unknown" && row.startsAt <= now],
      [
        `&toFill=true&lieuId=${lieu2Id}`,
        (row) => row.status === "unknown" && row.startsAt <= now && row.lieuId === lieu2Id,
      ],
    ];
    for (const [query, wanted] of cases) {
      const expected = inListOrder(rows.filter(wanted)).map((row) => row.id);
      const { pages, count } = await walk(query);
      expect({ query, count }).toEqual({ query, count: expected.length });
      expect({ query, ids: pages.flat() }).toEqual({ query, ids: expected });
    }
  });

  it("refuses a forged cursor, both directions at once, and unknown statuses with French messages", async () => {
    const api = await apiClient(app.url, team.secretary.email);
    const forged = await api.get("/rdvs?after=2027-01-01~x");
    expect(forged.status).toBe(422);
    expect(apiError(forged.body).fields).toEqual({ after: "Ce curseur de pagination est invalide." });
    const cursor = `${new Date().toISOString()}~${randomUUID()}`;
    const both = await api.get(`/rdvs?after=${cursor}&before=${cursor}`);
    expect(both.status).toBe(422);
    const status = await api.get("/rdvs?status=cancelled");
    expect(status.status).toBe(422);
    expect(apiError(status.body).fields?.status).toContain("Choisissez un statut");
  });
});

describe("the /rdvs page, on 1,000 RDVs", () => {
  const links = (html: string) => html.match(/href="\/rdvs\/[0-9a-f-]{36}"/g)?.map((l) => l.slice(12, -1)) ?? [];
  const decode = (url: string) => url.replace(/&amp;/g, "&");

  it("shows the count and one page of 50, and « Suivants » / « Précédents » carry the filters and the cursor", async () => {
    const client = await signedInClient(app.url, team.secretary.email);
    const first = await client.get("/rdvs?agentId=&du=");
    expect(first.status).toBe(200);
    expect(first.html).toContain("1\u202f000 rendez-vous");
    const ordered = inListOrder(rows).map((row) => row.id);
    expect(links(first.html)).toEqual(ordered.slice(0, 50));
    expect(first.html).toContain('class="table table-hover align-middle table-stack"');
    expect(first.html).toContain('data-label="Statut"');
    expect(first.html).not.toContain('rel="prev"');
    const next = /href="([^"]+)" rel="next">Suivants/.exec(first.html)?.[1] ?? "";
    expect(next).toContain("apres=");
    const second = await client.get(decode(next));
    expect(links(second.html)).toEqual(ordered.slice(50, 100));
    const previous = /href="([^"]+)" rel="prev">Précédents/.exec(second.html)?.[1] ?? "";
    expect(links((await client.get(decode(previous))).html)).toEqual(ordered.slice(0, 50));
  });

  it("filters « à renseigner » for one agent and a usager, keeping the filters in the form and the links", async () => {
    const client = await signedInClient(app.url, team.secretary.email);
    const page = await client.get(`/rdvs?agentId=${team.agent1.id}&a_renseigner=on&usager=Dubois`);
    const expected = inListOrder(
      rows.filter(
        (row) =>
          row.agentId === team.agent1.id &&
          row.status === "unknown" &&
          row.startsAt <= now &&
          row.userLastName === "Dubois",
      ),
    ).map((row) => row.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(page.html).toContain(`${expected.length} rendez-vous`);
    expect(links(page.html)).toEqual(expected.slice(0, 50));
    expect(page.html).toContain('name="a_renseigner" value="on" checked');
    expect(page.html).toContain('value="Dubois"');
    expect(page.html).toContain("À renseigner");
    expect(page.html).not.toContain(">À venir<");
  });
});
