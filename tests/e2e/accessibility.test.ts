import { DateTime } from "luxon";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { insertAbsence, insertPlage, insertRdv } from "../integration/agenda/agenda-fixtures.ts";
import { expectAccessible } from "../support/axe.ts";
import { appInBrowser, browserAvailable, signInWithBrowser } from "../support/browser.ts";
import { testDb } from "../support/db.ts";
import { createTeam, createUser, TEST_PASSWORD } from "../support/factories.ts";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** A team with this week's RDV (one cancelled), a weekly plage and an absence for agent1. */
async function busyTeam() {
  const db = testDb();
  const team = await createTeam(db);
  const { organisation } = team;
  const usager = await createUser(db, organisation.id, { firstName: "Jeanne", lastName: "Martin" });
  const monday = DateTime.now().setZone("Europe/Paris").startOf("week");
  const at = (days: number, hour: number) => monday.plus({ days }).set({ hour }).toUTC().toISO() ?? "";
  const base = { organisationId: organisation.id, motifId: organisation.motif.id, userIds: [usager.id] };
  const rdv = await insertRdv(db, {
    ...base,
    lieuId: organisation.lieu.id,
    startsAt: at(1, 10),
    durationInMin: 20,
    agentIds: [team.agent1.id],
  });
  await insertRdv(db, {
    ...base,
    lieuId: organisation.lieu.id,
    startsAt: at(2, 11),
    durationInMin: 30,
    agentIds: [team.agent1.id],
    status: "revoked",
  });
  const owner = { organisationId: organisation.id, agentId: team.agent1.id };
  const firstDay = monday.toISODate() ?? "";
  await insertPlage(db, {
    ...owner,
    lieuId: organisation.lieu.id,
    title: "Permanence",
    firstDay,
    startTime: "09:00",
    endTime: "12:00",
    recurrence: { every: "week", interval: 1, weekdays: ["mo", "tu", "we", "th", "fr"] },
  });
  await insertAbsence(db, {
    ...owner,
    title: "Formation",
    firstDay: monday.plus({ days: 3 }).toISODate() ?? "",
    startTime: "14:00",
    endDay: monday.plus({ days: 4 }).toISODate() ?? "",
    endTime: "12:00",
    recurrence: null,
  });
  return { team, rdv, usager };
}

async function audit(browser: Browser, baseUrl: string, email: string | null, paths: string[]) {
  for (const viewport of [DESKTOP, PHONE]) {
    const context = await browser.newContext({ locale: "fr-FR", viewport });
    const page = await context.newPage();
    if (email) {
      await signInWithBrowser(page, baseUrl, email, TEST_PASSWORD);
      await page.waitForURL(/\/agenda/);
    }
    for (const path of paths) {
      const response = await page.goto(`${baseUrl}${path}`);
      expect(response?.status(), path).toBeLessThan(400);
      // The agenda draws itself after load: audit the calendar, not the list it replaces.
      if (path.startsWith("/agenda?") || path === "/agenda") await page.locator(".fc-view-harness").waitFor();
      await expectAccessible(page, `${path} at ${viewport.width} px`);
    }
    await context.close();
  }
}

describe.runIf(browserAvailable)("axe-core finds no serious or critical violation", () => {
  const journey = appInBrowser();

  it("on the public pages", async () => {
    await audit(journey.browser, journey.app.url, null, [
      "/connexion",
      "/mot-de-passe/oublie",
      "/accessibilite",
      "/mentions-legales",
      "/donnees-personnelles",
    ]);
  }, 120_000);

  it("on an agent's pages, agenda views included", async () => {
    const { team, rdv } = await busyTeam();
    await audit(journey.browser, journey.app.url, team.agent1.email, [
      "/agenda?vue=semaine",
      "/agenda?vue=jour",
      "/agenda?vue=liste",
      "/rdvs",
      `/rdvs/${rdv.id}`,
      `/rdvs/${rdv.id}/modifier`,
      "/rdvs/nouveau",
      "/plages",
      "/plages/nouvelle",
      "/absences",
      "/absences/nouvelle",
      "/agenda/impression",
      "/mon-compte",
      "/mon-compte/preferences",
      "/mon-compte/mot-de-passe",
      "/mon-compte/jetons",
    ]);
  }, 240_000);

  it("on an admin's pages", async () => {
    const { team, usager } = await busyTeam();
    await audit(journey.browser, journey.app.url, team.admin.email, [
      "/admin",
      "/admin/agents",
      "/admin/agents/invitation",
      `/admin/agents/${team.agent2.id}/retrait`,
      "/admin/lieux",
      "/admin/lieux/nouveau",
      "/admin/motifs",
      "/admin/usagers",
      `/admin/usagers/${usager.id}`,
      "/admin/organisation",
      "/admin/emails-en-echec",
    ]);
  }, 240_000);
});
