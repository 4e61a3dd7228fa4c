// The plage pages through HTTP: lists with the recurrence in words, forms that come back filled in with 422,
// and the pages an agent may not open.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { signedInClient } from "../../support/http.ts";
import { rowCounts, type ScheduleTeam, scheduleTeam } from "./schedule-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const signedIn = (agent: { email: string }) => signedInClient(app.url, agent.email);

/** The form of a weekly plage, as a browser posts it. */
function weeklyForm(team: ScheduleTeam, overrides: Record<string, string | string[]> = {}) {
  return {
    title: "Permanence école",
    lieuId: team.organisation.lieu.id,
    motifIds: [team.organisation.motif.id],
    firstDay: "2027-01-05",
    startTime: "09:00",
    endTime: "12:00",
    recurrenceEvery: "week",
    recurrenceInterval: "2",
    recurrenceWeekdays: ["mo", "th"],
    recurrenceUntil: "2027-06-30",
    ...overrides,
  };
}

/** The page as text for assertions: EJS escapes apostrophes in values. */
const readable = (html: string) => html.replaceAll("&#39;", "'").replaceAll("&amp;", "&").replaceAll("&quot;", '"');

const DESCRIPTION =
  "Toutes les 2 semaines, les lundis et jeudis de 09:00 à 12:00, à partir du 5 janvier 2027, jusqu'au 30 juin 2027";

describe("plage pages", () => {
  it("lets an agent create a weekly plage through the form and see it described in words in its list", async () => {
    const team = await scheduleTeam();
    const client = await signedIn(team.agent1);
    const empty = await client.get("/plages");
    expect(empty.status).toBe(200);
    expect(readable(empty.html)).toContain("Aucune plage d'ouverture.");
    const form = await client.get(`/plages/nouvelle?agentId=${team.agent1.id}`);
    expect(form.status).toBe(200);
    expect(readable(form.html)).toContain('<label class="form-label" for="champ-title">Titre');
    // One lieu in the organisation: already chosen.
    expect(readable(form.html)).toContain(`<option value="${team.organisation.lieu.id}" selected>`);

    const created = await client.post("/plages", weeklyForm(team));
    expect(created.status).toBe(302);
    expect(created.location).toBe(`/plages?agentId=${team.agent1.id}`);
    const list = await client.get(created.location ?? "");
    expect(readable(list.html)).toContain("Plage d'ouverture «\u00a0Permanence école\u00a0» créée.");
    expect(readable(list.html)).toContain(DESCRIPTION);
    expect(readable(list.html)).toContain("Premier accueil");
    const stored = await testDb().plageOuverture.findFirstOrThrow({ where: { agentId: team.agent1.id } });
    expect(stored).toMatchObject({
      recurrenceFrequency: "week",
      recurrenceInterval: 2,
      recurrenceWeekdays: ["mo", "th"],
    });
  });

  it("brings a refused form back filled in, with French errors next to the fields, HTTP 422 and nothing saved", async () => {
    const team = await scheduleTeam();
    const client = await signedIn(team.agent1);
    await client.get("/plages/nouvelle");
    const before = await rowCounts(team.organisation.id);
    const response = await client.post(
      "/plages",
      weeklyForm(team, { startTime: "14:00", endTime: "10:00", recurrenceUntil: "2027-01-01", motifIds: [] }),
    );
    expect(response.status).toBe(422);
    expect(readable(response.html)).toContain("Le formulaire contient des erreurs.");
    expect(readable(response.html)).toContain(
      `id="champ-endTime-erreur">L'heure de fin doit être après l'heure de début.`,
    );
    expect(readable(response.html)).toContain("La date de fin de récurrence doit être après le premier jour.");
    expect(readable(response.html)).toContain('id="champ-motifIds-erreur">Choisissez au moins un motif.');
    // Filled in as sent.
    expect(readable(response.html)).toContain('value="Permanence école"');
    expect(readable(response.html)).toContain('value="14:00"');
    expect(readable(response.html)).toContain('value="2027-01-01"');
    expect(readable(response.html)).toMatch(/value="mo"\s+id="champ-recurrenceWeekdays-mo" checked/);
    expect(readable(response.html)).toMatch(/value="tu"\s+id="champ-recurrenceWeekdays-tu" >/);
    expect(readable(response.html)).toContain('<option value="week" selected>');
    expect(await rowCounts(team.organisation.id)).toEqual(before);
  });

  it("explains a missing weekday and an impossible date", async () => {
    const team = await scheduleTeam();
    const client = await signedIn(team.agent1);
    await client.get("/plages/nouvelle");
    const response = await client.post(
      "/plages",
      weeklyForm(team, { firstDay: "2027-02-30", recurrenceWeekdays: [], title: "" }),
    );
    expect(response.status).toBe(422);
    expect(readable(response.html)).toContain(
      'id="champ-recurrenceWeekdays-erreur">Choisissez au moins un jour de la semaine.',
    );
    expect(readable(response.html)).toContain(
      'id="champ-firstDay-erreur">La date doit être une date valide (AAAA-MM-JJ).',
    );
    expect(readable(response.html)).toContain('id="champ-title-erreur">Saisissez un titre.');
  });

  it("asks for the first day and the times left empty, rather than for a valid format", async () => {
    const team = await scheduleTeam();
    const client = await signedIn(team.agent1);
    await client.get("/plages/nouvelle");
    const response = await client.post("/plages", weeklyForm(team, { firstDay: "", startTime: "", endTime: "" }));
    expect(response.status).toBe(422);
    const page = readable(response.html);
    expect(page).toContain('id="champ-firstDay-erreur">Indiquez le premier jour.');
    expect(page).toContain('id="champ-startTime-erreur">Indiquez l\'heure de début.');
    expect(page).toContain('id="champ-endTime-erreur">Indiquez l\'heure de fin.');
    expect(page).not.toContain("AAAA-MM-JJ");
  });

  it("refuses an overlapping plage in the form, naming the other plage and the first common date", async () => {
    const team = await scheduleTeam();
    const client = await signedIn(team.agent1);
    await client.get("/plages/nouvelle");
    expect((await client.post("/plages", weeklyForm(team))).status).toBe(302);
    await client.get("/plages/nouvelle");
    const response = await client.post(
      "/plages",
      weeklyForm(team, {
        title: "Atelier",
        firstDay: "2027-01-21",
        startTime: "11:00",
        endTime: "13:00",
        recurrenceEvery: "none",
      }),
    );
    expect(response.status).toBe(422);
    const message =
      "Cette plage chevauche la plage « Permanence école » : toutes deux sont ouvertes le jeudi 21 janvier 2027 de 11:00 à 12:00.";
    expect(readable(response.html)).toContain(`id="champ-startTime-erreur">${message}`);
    expect((await rowCounts(team.organisation.id)).plages).toBe(1);
  });

  it("ignores the weekday boxes left checked when the recurrence is monthly", async () => {
    const team = await scheduleTeam();
    const client = await signedIn(team.agent1);
    await client.get("/plages/nouvelle");
    const response = await client.post(
      "/plages",
      weeklyForm(team, {
        firstDay: "2027-01-12",
        recurrenceEvery: "month",
        recurrenceInterval: "1",
        recurrenceUntil: "",
      }),
    );
    expect(response.status).toBe(302);
    const list = await client.get(response.location ?? "");
    expect(readable(list.html)).toContain(
      "Tous les mois, le 2e mardi du mois de 09:00 à 12:00, à partir du 12 janvier 2027",
    );
  });

  it("edits a plage through a form filled with its values, then deletes it after confirmation", async () => {
    const team = await scheduleTeam();
    const client = await signedIn(team.agent1);
    await client.get("/plages/nouvelle");
    await client.post("/plages", weeklyForm(team));
    const plage = await testDb().plageOuverture.findFirstOrThrow({ where: { agentId: team.agent1.id } });

    const edit = await client.get(`/plages/${plage.id}/modifier`);
    expect(edit.status).toBe(200);
    expect(readable(edit.html)).toContain('value="Permanence école"');
    expect(readable(edit.html)).toContain('value="2027-06-30"');
    expect(readable(edit.html)).toMatch(/value="th"\s+id="champ-recurrenceWeekdays-th" checked/);
    const saved = await client.post(`/plages/${plage.id}`, weeklyForm(team, { endTime: "12:30" }));
    expect(saved.status).toBe(302);
    expect(await testDb().plageOuverture.findUniqueOrThrow({ where: { id: plage.id } })).toMatchObject({
      endTime: "12:30",
      sequence: 1,
    });
    const refused = await client.post(`/plages/${plage.id}`, weeklyForm(team, { endTime: "08:00" }));
    expect(refused.status).toBe(422);
    expect(readable(refused.html)).toContain('value="08:00"');

    const confirm = await client.get(`/plages/${plage.id}/supprimer`);
    expect(readable(confirm.html)).toContain("Supprimer la plage d'ouverture «&nbsp;Permanence école&nbsp;»&#8239;?");
    const deleted = await client.post(`/plages/${plage.id}/supprimer`, {});
    expect(deleted.status).toBe(302);
    expect(readable((await client.get(deleted.location ?? "")).html)).toContain(
      "Plage d'ouverture «\u00a0Permanence école\u00a0» supprimée.",
    );
    expect(await testDb().plageOuverture.count({ where: { id: plage.id } })).toBe(0);
  });

  it("lets an admin pick an agent, filter by lieu and create a plage for a colleague", async () => {
    const team = await scheduleTeam();
    const annexe = await testDb().lieu.create({
      data: { organisationId: team.organisation.id, name: "Annexe", address: "3 rue Basse" },
    });
    const client = await signedIn(team.admin);
    const list = await client.get("/plages");
    expect(readable(list.html)).toContain(`<option value="${team.agent2.id}"`);
    const form = await client.get(`/plages/nouvelle?agentId=${team.agent2.id}`);
    expect(readable(form.html)).toMatch(new RegExp(`<option value="${team.agent2.id}" selected>`));
    expect(
      (await client.post("/plages", weeklyForm(team, { agentId: team.agent2.id, title: "Au centre" }))).status,
    ).toBe(302);
    expect(
      (
        await client.post(
          "/plages",
          weeklyForm(team, {
            agentId: team.agent2.id,
            title: "À l'annexe",
            lieuId: annexe.id,
            startTime: "14:00",
            endTime: "16:00",
          }),
        )
      ).status,
    ).toBe(302);
    const all = await client.get(`/plages?agentId=${team.agent2.id}`);
    expect(readable(all.html)).toContain("Au centre");
    expect(readable(all.html)).toContain("À l'annexe");
    expect(readable(all.html)).toContain("Plages de Chloé");
    const filtered = await client.get(`/plages?agentId=${team.agent2.id}&lieuId=${annexe.id}`);
    expect(readable(filtered.html)).not.toContain("Au centre");
    expect(readable(filtered.html)).toContain("À l'annexe");
    const stored = await testDb().plageOuverture.findMany({ where: { agentId: team.agent2.id } });
    expect(stored).toHaveLength(2);
  });

  it("shows a secretary a colleague's plages without edit links, and refuses its edits (403)", async () => {
    const team = await scheduleTeam();
    const admin = await signedIn(team.admin);
    await admin.get("/plages/nouvelle");
    await admin.post("/plages", weeklyForm(team, { agentId: team.agent1.id }));
    const plage = await testDb().plageOuverture.findFirstOrThrow({ where: { agentId: team.agent1.id } });

    const secretary = await signedIn(team.secretary);
    const list = await secretary.get(`/plages?agentId=${team.agent1.id}`);
    expect(list.status).toBe(200);
    expect(readable(list.html)).toContain("Permanence école");
    expect(readable(list.html)).not.toContain(`/plages/${plage.id}/modifier`);
    expect(readable(list.html)).not.toContain("Nouvelle plage d'ouverture");
    expect((await secretary.get(`/plages/${plage.id}/modifier`)).status).toBe(403);
    expect((await secretary.get(`/plages/nouvelle?agentId=${team.agent1.id}`)).status).toBe(403);
    expect((await secretary.post(`/plages/${plage.id}`, weeklyForm(team, { title: "Changée" }))).status).toBe(403);
    expect((await secretary.post(`/plages/${plage.id}/supprimer`, {})).status).toBe(403);
    expect(await testDb().plageOuverture.findUniqueOrThrow({ where: { id: plage.id } })).toMatchObject({
      title: "Permanence école",
    });
  });

  it("refuses an agent a colleague's plages (403) and another organisation's (404)", async () => {
    const team = await scheduleTeam();
    const otherTeam = await scheduleTeam();
    const colleague = await signedIn(team.agent2);
    await colleague.get("/plages/nouvelle");
    await colleague.post("/plages", weeklyForm(team));
    const plage = await testDb().plageOuverture.findFirstOrThrow({ where: { agentId: team.agent2.id } });

    const client = await signedIn(team.agent1);
    const page = await client.get(`/plages/${plage.id}/modifier`);
    expect(page.status).toBe(403);
    expect(readable(page.html)).toContain("Vous ne pouvez modifier que vos propres plages d'ouverture.");
    expect((await client.get(`/plages?agentId=${team.agent2.id}`)).status).toBe(403);
    expect((await client.get(`/plages?agentId=${otherTeam.agent1.id}`)).status).toBe(404);

    const foreignClient = await signedIn(otherTeam.agent1);
    expect((await foreignClient.get(`/plages/${plage.id}/modifier`)).status).toBe(404);
    await foreignClient.get("/plages");
    expect((await foreignClient.post(`/plages/${plage.id}/supprimer`, {})).status).toBe(404);
    const admin = await signedIn(otherTeam.admin);
    expect((await admin.get(`/plages?agentId=${team.agent2.id}`)).status).toBe(404);
    expect(await testDb().plageOuverture.count({ where: { id: plage.id } })).toBe(1);
  });
});
