// The RDV list (issue 11, issue 9): pages of 50 reached by keyset cursors on (startsAt, id), filters by agent,
// status, lieu, motif, usager, period and « à renseigner », one count on the same filters (exact for the API, up to
// 500 for the page: « Plus de 500 rendez-vous »); on 1,000 RDVs inserted in bulk, four of them at each instant so that
// the order between equal starts is exercised on every page boundary.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRdvs } from "../../../src/domain/rdvs/list-rdvs.ts";
import type { RdvStatus } from "../../../src/generated/prisma/enums.ts";
import { apiClient, apiError, field } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createUser } from "../../support/factories.ts";
import { signedInClient } from "../../support/http.ts";
import { actorOf, createRdvTeam, type Team } from "./rdv-fixtures.ts";

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

  it("walks one agent's RDVs of a period (read in its links' order) forward and back, pages of 50", async () => {
    const ordered = inListOrder(rows);
    const from = ordered[100]?.startsAt ?? now;
    const to = ordered[900]?.startsAt ?? now;
    const period = `&from=${from.toISOString()}&to=${to.toISOString()}`;
    const expected = ordered
      .filter((row) => row.agentId === team.agent1.id && row.startsAt >= from && row.startsAt < to)
      .map((row) => row.id);
    expect(expected).toHaveLength(400);
    const { pages, count, api } = await walk(`&agentId=${team.agent1.id}${period}`);
    expect(count).toBe(400);
    expect(pages.map((page) => page.length)).toEqual(Array(8).fill(50));
    expect(pages.flat()).toEqual(expected);
    // Back from the last page, following `previous`.
    const lastPage = await api.get(
      `/rdvs?organisationId=${team.organisation.id}&agentId=${team.agent1.id}${period}&after=${encodeURIComponent(
        `${rows.find((r) => r.id === pages[6]?.[49])?.startsAt.toISOString()}~${pages[6]?.[49]}`,
      )}`,
    );
    expect(idsOf(lastPage.body)).toEqual(pages[7]);
    expect(field(lastPage.body, "next")).toBeNull();
    let previous = field(lastPage.body, "previous");
    for (let index = 6; index >= 0; index--) {
      const answer = await api.get(
        `/rdvs?organisationId=${team.organisation.id}&agentId=${team.agent1.id}${period}&before=${encodeURIComponent(String(previous))}`,
      );
      expect(idsOf(answer.body)).toEqual(pages[index]);
      expect(field(answer.body, "count")).toBe(400);
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
      // LIKE's wildcards are letters like any other in a name searched: no name holds them.
      ["&user=_", () => false],
      ["&user=%25", () => false],
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

  it("counts up to countUpTo when asked: exact at 500, capped past it, on every page and past the last one", async () => {
    const db = testDb();
    const actor = await actorOf(db, team.secretary.id);
    const ordered = inListOrder(rows);
    const organisationId = team.organisation.id;
    const between = (first: number, end: number) => ({
      organisationId,
      from: ordered[first]?.startsAt ?? now,
      to: ordered[end]?.startsAt ?? now,
    });
    // Four RDVs at each instant: [0, 500) holds exactly 500, [0, 504) 504.
    const exactly500 = await listRdvs(db, actor, between(0, 500), {}, { countUpTo: 500 });
    expect({ count: exactly500.count, capped: exactly500.countCapped }).toEqual({ count: 500, capped: false });
    const past500 = await listRdvs(db, actor, between(0, 504), {}, { countUpTo: 500 });
    expect({ count: past500.count, capped: past500.countCapped }).toEqual({ count: 500, capped: true });
    const exact = await listRdvs(db, actor, between(0, 504));
    expect({ count: exact.count, capped: exact.countCapped }).toEqual({ count: 504, capped: false });
    // A later page counts the same, and so does a page past the end (a cursor from a list that changed since).
    const later = await listRdvs(
      db,
      actor,
      { organisationId },
      { after: exactly500.next ?? undefined },
      { countUpTo: 500 },
    );
    expect(later.rdvs.map((rdv) => rdv.id)).toEqual(ordered.slice(50, 100).map((row) => row.id));
    expect({ count: later.count, capped: later.countCapped }).toEqual({ count: 500, capped: true });
    const last = ordered.at(-1);
    const beyondLast = await listRdvs(
      db,
      actor,
      { organisationId },
      { after: last ? { startsAt: last.startsAt, id: last.id } : undefined },
      { countUpTo: 500 },
    );
    expect(beyondLast.rdvs).toEqual([]);
    expect({ count: beyondLast.count, capped: beyondLast.countCapped, next: beyondLast.next }).toEqual({
      count: 500,
      capped: true,
      next: null,
    });
    const nothing = await listRdvs(db, actor, { organisationId, status: "noshow" }, {}, { countUpTo: 500 });
    expect({ rdvs: nothing.rdvs, count: nothing.count, capped: nothing.countCapped }).toEqual({
      rdvs: [],
      count: 0,
      capped: false,
    });
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
    // 1,000 RDVs: the page counts up to 500, on the page and in the table's caption.
    expect(first.html).toContain('<p class="fw-semibold" role="status" data-rdv-count>Plus de 500 rendez-vous</p>');
    expect(first.html).toContain('<caption class="visually-hidden">Plus de 500 rendez-vous, heures de');
    expect(first.html).not.toContain("1\u202f000");
    const ordered = inListOrder(rows).map((row) => row.id);
    expect(links(first.html)).toEqual(ordered.slice(0, 50));
    expect(first.html).toContain('class="table table-hover align-middle table-stack"');
    expect(first.html).toContain('data-label="Statut"');
    expect(first.html).not.toContain('rel="prev"');
    const next = /href="([^"]+)" rel="next">Suivants/.exec(first.html)?.[1] ?? "";
    expect(next).toContain("apres=");
    const second = await client.get(decode(next));
    expect(links(second.html)).toEqual(ordered.slice(50, 100));
    expect(second.html).toContain("Plus de 500 rendez-vous");
    const previous = /href="([^"]+)" rel="prev">Précédents/.exec(second.html)?.[1] ?? "";
    expect(links((await client.get(decode(previous))).html)).toEqual(ordered.slice(0, 50));
    // Under 500, the exact count: the 200 honoured RDVs.
    const seen = await client.get("/rdvs?agentId=&du=&statut=seen");
    expect(seen.html).toContain("data-rdv-count>200 rendez-vous</p>");
    expect(links(seen.html)).toEqual(
      inListOrder(rows.filter((row) => row.status === "seen"))
        .slice(0, 50)
        .map((row) => row.id),
    );
    const none = await client.get(`/rdvs?agentId=&du=&statut=noshow`);
    expect(none.html).toContain("data-rdv-count>Aucun rendez-vous</p>");
    expect(none.html).toContain("Aucun rendez-vous pour ces critères.");
    // The filters' choices come with the rows, and without any: every agent, lieu and motif of the organisation.
    for (const html of [first.html, none.html]) {
      for (const id of [team.agent1.id, team.agent2.id, team.secretary.id, lieu2Id, motif2Id]) {
        expect(html).toContain(`<option value="${id}"`);
      }
    }
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
    // The agent filter keeps its agent selected, and marks the signed-in secretary « (moi) ».
    expect(page.html).toContain(`<option value="${team.agent1.id}" selected>Bruno ${team.agent1.lastName}</option>`);
    expect(page.html).toContain(`<option value="${team.agent2.id}" >Chloé ${team.agent2.lastName}</option>`);
    expect(page.html).toContain(
      `<option value="${team.secretary.id}" >Sophie ${team.secretary.lastName} (moi)</option>`,
    );
    expect(page.html).toContain('value="Dubois"');
    expect(page.html).toContain("À renseigner");
    expect(page.html).not.toContain(">À venir<");
  });

  it("names each agent and usager of an RDV once, by last then first name, on the page and in the API", async () => {
    const db = testDb();
    const group = await createRdvTeam(db);
    const organisationId = group.organisation.id;
    await db.agent.update({ where: { id: group.agent1.id }, data: { lastName: "Zeller" } });
    await db.agent.update({ where: { id: group.agent2.id }, data: { lastName: "Arnaud" } });
    const [paul, anne, zoe] = await Promise.all(
      [
        { firstName: "Paul", lastName: "Martin" },
        { firstName: "Anne", lastName: "Martin" },
        { firstName: "Zoé", lastName: "Bernard" },
      ].map((names) => createUser(db, organisationId, names)),
    );
    const [collective, alone] = [randomUUID(), randomUUID()];
    await db.rdv.createMany({
      data: [collective, alone].map((id, index) => ({
        id,
        organisationId,
        motifId: group.organisation.motif.id,
        lieuId: group.organisation.lieu.id,
        startsAt: new Date(Date.UTC(2027, 4, 3, 8 + index)),
        durationInMin: 60,
        uid: `rdv-${id}@rdv-agents.fr`,
      })),
    });
    await db.rdvAgent.createMany({
      data: [
        { rdvId: collective, agentId: group.agent1.id },
        { rdvId: collective, agentId: group.agent2.id },
        { rdvId: alone, agentId: group.agent1.id },
      ],
    });
    await db.rdvUser.createMany({
      data: [paul, anne, zoe].map((user) => ({ rdvId: collective, userId: user?.id ?? "" })),
    });
    const client = await signedInClient(app.url, group.secretary.email);
    const page = await client.get("/rdvs?agentId=&du=2027-05-03&au=2027-05-03");
    expect(links(page.html)).toEqual([collective, alone]);
    const cells = (label: string) =>
      [...page.html.matchAll(new RegExp(`<td data-label="${label}">([^<]*)</td>`, "g"))].map((match) => match[1]);
    expect(cells("Agents")).toEqual(["Chloé Arnaud, Bruno Zeller", "Bruno Zeller"]);
    expect(cells("Usagers")).toEqual(["Zoé Bernard, Anne Martin, Paul Martin", ""]);
    const api = await apiClient(app.url, group.secretary.email);
    const answer = await api.get(`/rdvs?organisationId=${organisationId}&from=2027-05-03T00:00:00Z`);
    const rdvs = field(answer.body, "rdvs");
    expect(Array.isArray(rdvs) && rdvs.map((rdv) => [field(rdv, "agentIds"), field(rdv, "userIds")])).toEqual([
      [
        [group.agent2.id, group.agent1.id],
        [zoe?.id, anne?.id, paul?.id],
      ],
      [[group.agent1.id], []],
    ]);
    expect(field(answer.body, "count")).toBe(2);
  });

  it("« Du » and « Au (inclus) » are whole local days of the organisation, its midnights and not UTC's", async () => {
    const db = testDb();
    const other = await createRdvTeam(db);
    const organisationId = other.organisation.id;
    // Europe/Paris: 10–11 January 2027 run from 2027-01-09T23:00Z to 2027-01-11T23:00Z (UTC+1); 28 March 2027, the
    // day clocks go forward, from 2027-03-27T23:00Z to 2027-03-28T22:00Z.
    const starts = [
      "2027-01-09T22:59:00Z",
      "2027-01-09T23:00:00Z",
      "2027-01-11T22:59:00Z",
      "2027-01-11T23:00:00Z",
      "2027-03-27T22:59:00Z",
      "2027-03-27T23:00:00Z",
      "2027-03-28T21:59:00Z",
      "2027-03-28T22:00:00Z",
    ].map((instant) => ({ id: randomUUID(), startsAt: new Date(instant) }));
    await db.rdv.createMany({
      data: starts.map(({ id, startsAt }) => ({
        id,
        organisationId,
        motifId: other.organisation.motif.id,
        lieuId: other.organisation.lieu.id,
        startsAt,
        durationInMin: 30,
        uid: `rdv-${id}@rdv-agents.fr`,
      })),
    });
    await db.rdvAgent.createMany({ data: starts.map(({ id }) => ({ rdvId: id, agentId: other.agent1.id })) });
    const client = await signedInClient(app.url, other.secretary.email);
    const ids = (...indexes: number[]) => indexes.map((index) => starts[index]?.id);
    for (const agentId of ["", other.agent1.id]) {
      const winter = await client.get(`/rdvs?agentId=${agentId}&du=2027-01-10&au=2027-01-11`);
      expect({ agentId, links: links(winter.html) }).toEqual({ agentId, links: ids(1, 2) });
      expect(winter.html).toContain("data-rdv-count>2 rendez-vous</p>");
      const dstDay = await client.get(`/rdvs?agentId=${agentId}&du=2027-03-28&au=2027-03-28`);
      expect({ agentId, links: links(dstDay.html) }).toEqual({ agentId, links: ids(5, 6) });
    }
  });
});
