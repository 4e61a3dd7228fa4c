// « Journée de l'équipe »: every agent's day side by side for secretaries and admins, each free half hour a link to
// the RDV form for that agent at that time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser } from "../../support/factories.ts";
import { signedInClient, type WebClient } from "../../support/http.ts";
import { insertAbsence, insertRdv } from "./agenda-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

async function signedIn(email: string): Promise<WebClient> {
  const client = await signedInClient(app.url, email);
  return client;
}

/** The cell of the team table at `time` for the agent of column `column` (0 = first agent). */
function cell(html: string, time: string, column: number): string {
  const row = new RegExp(`<th scope="row" class="agenda-equipe-heure">${time}</th>([\\s\\S]*?)</tr>`).exec(html)?.[1];
  if (!row) throw new Error(`no row at ${time}`);
  const cells = row.split("<td").slice(1);
  return cells[column] ?? "";
}

describe("the team's day", () => {
  it("shows every agent in a column with their RDVs and absences; free half hours book there", async () => {
    const db = testDb();
    const team = await createTeam(db, { timezone: "Europe/Paris" });
    const user = await createUser(db, team.organisation.id, { firstName: "Ada", lastName: "Lovelace" });
    // 2030-03-12 10:00 in Paris is 09:00 UTC.
    const rdv = await insertRdv(db, {
      organisationId: team.organisation.id,
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      startsAt: "2030-03-12T09:00:00Z",
      durationInMin: 60,
      agentIds: [team.agent1.id],
      userIds: [user.id],
    });
    await insertAbsence(db, {
      organisationId: team.organisation.id,
      agentId: team.agent2.id,
      title: "Formation",
      firstDay: "2030-03-12",
      startTime: "14:00",
      endDay: "2030-03-12",
      endTime: "15:00",
      recurrence: null,
    });
    const secretary = await signedIn(team.secretary.email);
    const page = await secretary.get("/agenda?date=2030-03-12&vue=equipe");
    expect(page.status).toBe(200);
    const agents = [team.admin, team.secretary, team.agent1, team.agent2].sort((a, b) =>
      a.lastName === b.lastName ? a.firstName.localeCompare(b.firstName) : a.lastName.localeCompare(b.lastName),
    );
    const column = (agent: { id: string }) => agents.findIndex((a) => a.id === agent.id);
    for (const agent of agents) expect(page.html).toContain(`<th scope="col"><a href="/agenda?agentId=${agent.id}`);
    const rdvCell = cell(page.html, "10:00", column(team.agent1));
    expect(rdvCell).toContain(`href="/rdvs/${rdv.id}"`);
    expect(rdvCell).toContain("Ada Lovelace");
    expect(rdvCell).not.toContain("data-book-slot");
    // The second half hour of the RDV is busy, not bookable.
    expect(cell(page.html, "10:30", column(team.agent1))).not.toContain("data-book-slot");
    expect(cell(page.html, "14:00", column(team.agent2))).toContain("Formation");
    expect(cell(page.html, "14:30", column(team.agent2))).not.toContain("data-book-slot");
    const free = cell(page.html, "10:00", column(team.agent2));
    expect(free).toContain(`href="/rdvs/nouveau?agentId=${team.agent2.id}&amp;date=2030-03-12&amp;time=10%3A00"`);
    expect(free).toMatch(/Nouveau RDV à 10:00 avec/);
    // The link opens the form with the agent, the day and the time.
    const form = await secretary.get(`/rdvs/nouveau?agentId=${team.agent2.id}&date=2030-03-12&time=10%3A00`);
    expect(form.html).toMatch(/name="date"\s+type="date" value="2030-03-12"/);
    expect(form.html).toMatch(/name="time"\s+type="time" value="10:00"/);
    expect(form.html).toMatch(new RegExp(`value="${team.agent2.id}" id="agent-${team.agent2.id}" checked`));
  });

  it("is where a secretary lands; an admin reaches it from the agenda; an agent gets its own day instead", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const secretary = await signedIn(team.secretary.email);
    expect((await secretary.get("/agenda")).html).toContain('data-testid="agenda-team-day"');
    expect((await secretary.get("/agenda?vue=semaine")).html).not.toContain('data-testid="agenda-team-day"');
    const admin = await signedIn(team.admin.email);
    const adminAgenda = await admin.get("/agenda");
    expect(adminAgenda.html).not.toContain('data-testid="agenda-team-day"');
    expect(adminAgenda.html).toContain("data-agenda-team-link");
    expect((await admin.get("/agenda?vue=equipe")).html).toContain('data-testid="agenda-team-day"');
    const agent = await signedIn(team.agent1.email);
    const agentPage = await agent.get("/agenda?vue=equipe");
    expect(agentPage.status).toBe(200);
    expect(agentPage.html).not.toContain('data-testid="agenda-team-day"');
    expect(agentPage.html).not.toContain("data-agenda-team-link");
    expect(agentPage.html).toContain("Votre agenda");
  });
});
