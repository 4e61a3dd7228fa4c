import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser } from "../../support/factories.ts";
import { signedInClient } from "../../support/http.ts";
import { insertAbsence, insertPlage, insertRdv } from "./agenda-fixtures.ts";

/** The text of the page with tags removed and spaces collapsed, to read it as a person (or a screen reader) would. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");
}

describe("the agenda page", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const signedIn = (email: string) => signedInClient(app.url, email);

  it("lists the week's RDVs, plages and absences for browsers without JavaScript", async () => {
    const db = testDb();
    const { organisation, agent1 } = await createTeam(db);
    const usager = await createUser(db, organisation.id, { firstName: "Marie", lastName: "Curie" });
    const rdv = await insertRdv(db, {
      organisationId: organisation.id,
      motifId: organisation.motif.id,
      lieuId: organisation.lieu.id,
      startsAt: "2027-03-30T08:00:00Z",
      durationInMin: 30,
      agentIds: [agent1.id],
      userIds: [usager.id],
    });
    await insertPlage(db, {
      organisationId: organisation.id,
      agentId: agent1.id,
      lieuId: organisation.lieu.id,
      title: "Permanence",
      firstDay: "2027-03-01",
      startTime: "09:00",
      endTime: "12:00",
      recurrence: { every: "week", interval: 1, weekdays: ["mo"] },
    });
    await insertAbsence(db, {
      organisationId: organisation.id,
      agentId: agent1.id,
      title: "Formation",
      firstDay: "2027-04-01",
      startTime: "14:00",
      endDay: "2027-04-01",
      endTime: "17:00",
      recurrence: null,
    });
    const client = await signedIn(agent1.email);
    const page = await client.get("/agenda?date=2027-03-31");
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain("Votre agenda");
    expect(text).toContain("Semaine du 29 mars au 4 avril 2027");
    expect(text).toMatch(/lundi 29 mars 09:00 – 12:00 Plage d'ouverture Permanence · Lieu principal/);
    expect(text).toMatch(/mardi 30 mars 10:00 – 10:30 RDV Premier accueil — Marie Curie · À venir · Lieu principal/);
    expect(text).toMatch(/jeudi 1 avril 14:00 – 17:00 Absence Formation/);
    expect(text).toMatch(/dimanche 4 avril Aucun évènement/);
    expect(page.html).toContain(`href="/rdvs/${rdv.id}"`);
    // The calendar's container, for agenda.js, and its assets.
    expect(page.html).toContain('data-events-url="/agenda/evenements"');
    expect(page.html).toContain(`data-agent-id="${agent1.id}"`);
    expect(page.html).toContain('data-timezone="Europe/Paris"');
    expect(page.html).toContain('src="/vendor/fullcalendar/index.global.min.js"');
    expect(page.html).toContain('src="/assets/js/agenda.js"');
  });

  it("navigates by week and by day with plain links, and offers the creation buttons", async () => {
    const { agent1 } = await createTeam(testDb());
    const client = await signedIn(agent1.email);
    const week = await client.get("/agenda?date=2027-03-31&vue=semaine");
    expect(week.html).toContain('href="/agenda?date=2027-03-24&amp;vue=semaine">Semaine précédente');
    expect(week.html).toContain('href="/agenda?date=2027-04-07&amp;vue=semaine">Semaine suivante');
    expect(week.html).toContain('href="/agenda?date=2027-03-31&amp;vue=jour"');
    expect(week.html).toContain(`href="/rdvs/nouveau?agentId=${agent1.id}&amp;date=2027-03-31"`);
    expect(textOf(week.html)).toContain("Nouveau RDV");
    expect(week.html).toContain('href="/plages/nouvelle">Nouvelle plage d\'ouverture');
    expect(week.html).toContain('href="/absences/nouvelle">Nouvelle absence');
    const day = await client.get("/agenda?date=2027-03-31&vue=jour");
    expect(textOf(day.html)).toContain("mercredi 31 mars 2027");
    expect(day.html).toContain('href="/agenda?date=2027-03-30&amp;vue=jour">Jour précédent');
    expect(day.html).toContain('data-view="jour"');
  });

  it("opens this week in the organisation's zone by default", async () => {
    const { agent1 } = await createTeam(testDb());
    const client = await signedIn(agent1.email);
    const page = await client.get("/agenda");
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/data-date="\d{4}-\d{2}-\d{2}"/);
    expect(page.html).toContain('<h1 class="h2">Agenda</h1>');
  });

  it("offers the organisation's agents in the picker and shows a colleague's agenda", async () => {
    const db = testDb();
    const { organisation, admin, secretary, agent1, agent2 } = await createTeam(db);
    const stranger = await createTeam(db);
    await insertPlage(db, {
      organisationId: organisation.id,
      agentId: agent2.id,
      lieuId: organisation.lieu.id,
      title: "Permanence de Chloé",
      firstDay: "2027-03-30",
      startTime: "09:00",
      endTime: "12:00",
      recurrence: null,
    });
    const client = await signedIn(agent1.email);
    const own = await client.get("/agenda?date=2027-03-31");
    for (const colleague of [admin, secretary, agent1, agent2]) {
      expect(own.html).toContain(`<option value="${colleague.id}"`);
    }
    expect(own.html).not.toContain(stranger.agent1.id);
    expect(own.html).toMatch(new RegExp(`<option value="${agent1.id}" selected>`));
    const theirs = await client.get(`/agenda?agentId=${agent2.id}&date=2027-03-31`);
    expect(theirs.status).toBe(200);
    expect(textOf(theirs.html)).toContain(`Agenda de Chloé ${agent2.lastName}`);
    expect(textOf(theirs.html)).toContain("Permanence de Chloé");
    expect(theirs.html).toMatch(new RegExp(`<option value="${agent2.id}" selected>`));
    expect(theirs.html).toContain(`href="/agenda?agentId=${agent2.id}&amp;date=2027-04-07&amp;vue=semaine"`);
    expect(theirs.html).toContain(`href="/rdvs/nouveau?agentId=${agent2.id}&amp;date=2027-03-31"`);
  });

  it("answers 404 for the agenda of an agent of another organisation", async () => {
    const db = testDb();
    const ours = await createTeam(db);
    const theirs = await createTeam(db);
    const client = await signedIn(ours.secretary.email);
    const page = await client.get(`/agenda?agentId=${theirs.agent1.id}`);
    expect(page.status).toBe(404);
    expect(page.html).not.toContain(theirs.agent1.lastName);
  });

  it("answers 400 with a French message for a malformed date or view", async () => {
    const { agent1 } = await createTeam(testDb());
    const client = await signedIn(agent1.email);
    const badDate = await client.get("/agenda?date=2027-02-30");
    expect(badDate.status).toBe(400);
    expect(badDate.html).toContain("La date doit être une date valide");
    const badView = await client.get("/agenda?vue=mois");
    expect(badView.status).toBe(400);
    expect(textOf(badView.html)).toContain("La vue doit être « semaine », « jour », « liste » ou « equipe ».");
  });

  it("sends anonymous visitors to the sign-in page", async () => {
    const response = await fetch(`${app.url}/agenda?date=2027-03-31`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/connexion?retour=${encodeURIComponent("/agenda?date=2027-03-31")}`);
  });
});
