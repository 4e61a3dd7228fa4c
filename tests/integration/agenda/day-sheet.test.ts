import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser } from "../../support/factories.ts";
import { signedInClient } from "../../support/http.ts";
import { insertRdv } from "./agenda-fixtures.ts";

// 2027-03-29 is the Monday after the change to summer time in Paris (UTC+2).
async function dayWithRdvs() {
  const db = testDb();
  const team = await createTeam(db);
  const { organisation } = team;
  const usager = await createUser(db, organisation.id, { firstName: "Jeanne", lastName: "<b>Martin</b>" });
  await db.user.update({ where: { id: usager.id }, data: { phone: "06 12 34 56 78" } });
  const base = { organisationId: organisation.id, motifId: organisation.motif.id, userIds: [usager.id] };
  await insertRdv(db, {
    ...base,
    lieuId: organisation.lieu.id,
    startsAt: "2027-03-29T07:00:00Z",
    durationInMin: 30,
    agentIds: [team.agent1.id],
  });
  await insertRdv(db, {
    ...base,
    lieuId: null,
    startsAt: "2027-03-29T12:30:00Z",
    durationInMin: 20,
    agentIds: [team.agent2.id],
  });
  // The day before and the day after, in Paris time: not on the list.
  await insertRdv(db, {
    ...base,
    lieuId: organisation.lieu.id,
    startsAt: "2027-03-28T21:30:00Z",
    durationInMin: 30,
    agentIds: [team.agent1.id],
  });
  await insertRdv(db, {
    ...base,
    lieuId: organisation.lieu.id,
    startsAt: "2027-03-29T22:00:00Z",
    durationInMin: 30,
    agentIds: [team.agent1.id],
  });
  return team;
}

const sections = (html: string) => html.split('<section class="day-sheet">').slice(1);

describe("the printable day list", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("gives a secretary one section per agent, with the day's RDVs in Paris time and the usagers' phones", async () => {
    const team = await dayWithRdvs();
    const client = await signedInClient(app.url, team.secretary.email);
    const page = await client.get("/agenda/impression?date=2027-03-29");
    expect(page.status).toBe(200);
    const found = sections(page.html);
    expect(found).toHaveLength(2);
    expect(found[0]).toContain(`${team.agent1.firstName} ${team.agent1.lastName}`);
    expect(found[0]).toContain("09:00–09:30");
    expect(found[1]).toContain("14:30–14:50");
    expect(page.html).not.toContain("23:30");
    expect(page.html).not.toContain("00:00–00:30");
    expect(page.html).toContain('<a href="tel:0612345678">06 12 34 56 78</a>');
    expect(page.html).toContain("&lt;b&gt;Martin&lt;/b&gt;");
    expect(page.html).not.toContain("<b>Martin</b>");
    expect(page.html).toContain("/assets/css/print.css");
  });

  it("groups by lieu on request, RDVs without a lieu apart", async () => {
    const team = await dayWithRdvs();
    const client = await signedInClient(app.url, team.admin.email);
    const page = await client.get("/agenda/impression?date=2027-03-29&par=lieu");
    const found = sections(page.html);
    expect(found.map((section) => (section.includes(team.organisation.lieu.name) ? "lieu" : "autre"))).toEqual([
      "lieu",
      "autre",
    ]);
    expect(page.html).toContain("Sans lieu");
  });

  it("shows an agent only its own RDVs, whatever agent it asks for", async () => {
    const team = await dayWithRdvs();
    const client = await signedInClient(app.url, team.agent1.email);
    const own = await client.get("/agenda/impression?date=2027-03-29");
    expect(sections(own.html)).toHaveLength(1);
    expect(own.html).toContain("09:00–09:30");
    const other = await client.get(`/agenda/impression?date=2027-03-29&agentId=${team.agent2.id}`);
    expect(other.html).not.toContain("14:30–14:50");
    expect(other.html).toContain("09:00–09:30");
  });

  it("finds nothing for another organisation's agent, and answers 400 to a malformed day", async () => {
    const team = await dayWithRdvs();
    const theirs = await dayWithRdvs();
    const client = await signedInClient(app.url, team.secretary.email);
    const foreign = await client.get(`/agenda/impression?date=2027-03-29&agentId=${theirs.agent1.id}`);
    expect(foreign.status).toBe(200);
    expect(sections(foreign.html)).toHaveLength(0);
    expect(foreign.html).toContain("Aucun rendez-vous");
    const bad = await client.get("/agenda/impression?date=2027-02-30");
    expect(bad.status).toBe(400);
  });
});
