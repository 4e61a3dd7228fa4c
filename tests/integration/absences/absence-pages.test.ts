// The absence pages through HTTP: list in words, forms back filled in with 422, admin edits, refusals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { signedInClient } from "../../support/http.ts";
import { rowCounts, scheduleTeam } from "../plages/schedule-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const signedIn = (agent: { email: string }) => signedInClient(app.url, agent.email);

/** The page as text for assertions: EJS escapes apostrophes in values. */
const readable = (html: string) => html.replaceAll("&#39;", "'").replaceAll("&amp;", "&").replaceAll("&quot;", '"');

function absenceForm(overrides: Record<string, string | string[]> = {}) {
  return {
    title: "Congés",
    firstDay: "2027-02-08",
    startTime: "08:00",
    endDay: "2027-02-12",
    endTime: "18:00",
    recurrenceEvery: "none",
    recurrenceInterval: "1",
    recurrenceUntil: "",
    ...overrides,
  };
}

describe("absence pages", () => {
  it("lets an agent create an absence and see it described in its list", async () => {
    const team = await scheduleTeam();
    const client = await signedIn(team.agent1);
    expect(readable((await client.get("/absences")).html)).toContain("Aucune absence.");
    expect((await client.get("/absences/nouvelle")).status).toBe(200);
    const created = await client.post("/absences", absenceForm());
    expect(created.status).toBe(302);
    const list = readable((await client.get(created.location ?? "")).html);
    expect(list).toContain("Absence «\u00a0Congés\u00a0» créée.");
    expect(list).toContain("Du 8 février 2027 à 08:00 au 12 février 2027 à 18:00");
    const weekly = await client.post(
      "/absences",
      absenceForm({
        title: "Formation",
        firstDay: "2027-03-03",
        endDay: "2027-03-03",
        startTime: "14:00",
        endTime: "17:00",
        recurrenceEvery: "week",
        recurrenceWeekdays: "we",
        recurrenceUntil: "2027-06-30",
      }),
    );
    expect(weekly.status).toBe(302);
    expect(readable((await client.get("/absences")).html)).toContain(
      "Toutes les semaines, le mercredi de 14:00 à 17:00, à partir du 3 mars 2027, jusqu'au 30 juin 2027",
    );
  });

  it("says in the form that a multi-day absence cannot recur, filled in, with 422 and nothing saved", async () => {
    const team = await scheduleTeam();
    const client = await signedIn(team.agent1);
    await client.get("/absences/nouvelle");
    const before = await rowCounts(team.organisation.id);
    const response = await client.post(
      "/absences",
      absenceForm({ recurrenceEvery: "week", recurrenceWeekdays: ["mo", "tu"], title: "Séminaire" }),
    );
    expect(response.status).toBe(422);
    const html = readable(response.html);
    expect(html).toContain(
      'id="champ-recurrenceEvery-erreur">Une absence sur plusieurs jours ne peut pas se répéter : choisissez « Aucune » ou une absence sur un seul jour.',
    );
    expect(html).toContain('value="Séminaire"');
    expect(html).toContain('value="2027-02-12"');
    expect(html).toMatch(/value="tu"\s+id="champ-recurrenceWeekdays-tu" checked/);
    expect(await rowCounts(team.organisation.id)).toEqual(before);
  });

  it("asks for the days and times left empty, rather than for a valid format", async () => {
    const team = await scheduleTeam();
    const client = await signedIn(team.agent1);
    await client.get("/absences/nouvelle");
    const response = await client.post(
      "/absences",
      absenceForm({ firstDay: "", startTime: "", endDay: "", endTime: "" }),
    );
    expect(response.status).toBe(422);
    const page = readable(response.html);
    expect(page).toContain('id="champ-firstDay-erreur">Indiquez le premier jour.');
    expect(page).toContain('id="champ-startTime-erreur">Indiquez l\'heure de début.');
    expect(page).toContain('id="champ-endDay-erreur">Indiquez le dernier jour.');
    expect(page).toContain('id="champ-endTime-erreur">Indiquez l\'heure de fin.');
    expect(page).not.toContain("AAAA-MM-JJ");
  });

  it("refuses an end before the start next to the end fields", async () => {
    const team = await scheduleTeam();
    const client = await signedIn(team.agent1);
    await client.get("/absences/nouvelle");
    const sameDay = await client.post("/absences", absenceForm({ endDay: "2027-02-08", endTime: "07:00" }));
    expect(sameDay.status).toBe(422);
    expect(readable(sameDay.html)).toContain('id="champ-endTime-erreur">La fin doit être après le début.');
    const dayBefore = await client.post("/absences", absenceForm({ endDay: "2027-02-01" }));
    expect(readable(dayBefore.html)).toContain(
      'id="champ-endDay-erreur">Le dernier jour doit être le premier jour ou après.',
    );
  });

  it("lets an admin edit a colleague's absence through the form, which bumps its sequence", async () => {
    const team = await scheduleTeam();
    const agent2 = await signedIn(team.agent2);
    await agent2.get("/absences/nouvelle");
    await agent2.post("/absences", absenceForm());
    const absence = await testDb().absence.findFirstOrThrow({ where: { agentId: team.agent2.id } });

    const admin = await signedIn(team.admin);
    const list = readable((await admin.get(`/absences?agentId=${team.agent2.id}`)).html);
    expect(list).toContain("Absences de Chloé");
    expect(list).toContain(`/absences/${absence.id}/modifier`);
    const edit = readable((await admin.get(`/absences/${absence.id}/modifier`)).html);
    expect(edit).toContain('value="Congés"');
    expect(edit).toContain("Agent&nbsp;: <strong>Chloé");
    const saved = await admin.post(`/absences/${absence.id}`, absenceForm({ endDay: "2027-02-19" }));
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/absences?agentId=${team.agent2.id}`);
    expect(await testDb().absence.findUniqueOrThrow({ where: { id: absence.id } })).toMatchObject({
      endDay: new Date("2027-02-19T00:00:00Z"),
      sequence: 1,
    });
    const history = await testDb().historyEntry.findFirstOrThrow({
      where: { recordId: absence.id, action: "updated" },
    });
    expect(history.authorAgentId).toBe(team.admin.id);
  });

  it("refuses an agent a colleague's absence (403) and another organisation's (404)", async () => {
    const team = await scheduleTeam();
    const otherTeam = await scheduleTeam();
    const agent2 = await signedIn(team.agent2);
    await agent2.get("/absences/nouvelle");
    await agent2.post("/absences", absenceForm());
    const absence = await testDb().absence.findFirstOrThrow({ where: { agentId: team.agent2.id } });

    const agent1 = await signedIn(team.agent1);
    expect((await agent1.get(`/absences/${absence.id}/modifier`)).status).toBe(403);
    expect((await agent1.get(`/absences?agentId=${team.agent2.id}`)).status).toBe(403);
    await agent1.get("/absences");
    expect((await agent1.post(`/absences/${absence.id}/supprimer`, {})).status).toBe(403);
    const stranger = await signedIn(otherTeam.admin);
    expect((await stranger.get(`/absences/${absence.id}/modifier`)).status).toBe(404);
    expect(await testDb().absence.count({ where: { id: absence.id } })).toBe(1);
  });

  it("deletes an absence after confirmation", async () => {
    const team = await scheduleTeam();
    const client = await signedIn(team.agent1);
    await client.get("/absences/nouvelle");
    await client.post("/absences", absenceForm());
    const absence = await testDb().absence.findFirstOrThrow({ where: { agentId: team.agent1.id } });
    const confirm = readable((await client.get(`/absences/${absence.id}/supprimer`)).html);
    expect(confirm).toContain("Supprimer l'absence «&nbsp;Congés&nbsp;»&#8239;?");
    const deleted = await client.post(`/absences/${absence.id}/supprimer`, {});
    expect(deleted.status).toBe(302);
    expect(await testDb().absence.count({ where: { id: absence.id } })).toBe(0);
  });
});
