// Issue 11 in a real browser, on a desktop and a 390 px phone, with axe-core on every state: the team's day where a
// secretary lands (a free half hour opens the pre-filled RDV form), and a click on an empty time of the day grid.
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible } from "../support/axe.ts";
import { appInBrowser, browserAvailable, screenshot, signInWithBrowser } from "../support/browser.ts";
import { testDb } from "../support/db.ts";
import { createTeam, createUser, TEST_PASSWORD } from "../support/factories.ts";

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

/** Script errors and failed requests of a page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  return errors;
}

/** A team (Europe/Paris) with an RDV of agent1 on 2030-03-12 at 10:00. */
async function teamWithRdv() {
  const db = testDb();
  const team = await createTeam(db, { timezone: "Europe/Paris" });
  const user = await createUser(db, team.organisation.id, { firstName: "Ada", lastName: "Lovelace" });
  await db.rdv.create({
    data: {
      organisationId: team.organisation.id,
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      startsAt: new Date("2030-03-12T09:00:00Z"),
      durationInMin: 60,
      uid: `rdv-${randomUUID()}@test`,
      agents: { create: [{ agentId: team.agent1.id }] },
      users: { create: [{ userId: user.id }] },
    },
  });
  return team;
}

describe.runIf(browserAvailable)("the team's day and booking from the agenda", { timeout: 180_000 }, () => {
  const journey = appInBrowser();

  for (const viewport of VIEWPORTS) {
    it(`a secretary lands on the team's day and books a free half hour of agent2 (${viewport.name})`, async () => {
      const team = await teamWithRdv();
      const context = await journey.browser.newContext({ locale: "fr-FR", viewport });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await signInWithBrowser(page, journey.app.url, team.secretary.email, TEST_PASSWORD);
      await page.waitForURL(`${journey.app.url}/agenda`);
      await page.getByRole("heading", { level: 1, name: "Agenda de l'équipe" }).waitFor();
      await page.goto(`${journey.app.url}/agenda?date=2030-03-12&vue=equipe`);
      const table = page.getByRole("table");
      for (const agent of [team.agent1, team.agent2]) {
        await table.getByRole("columnheader", { name: `${agent.firstName} ${agent.lastName}` }).waitFor();
      }
      expect(await table.getByRole("link", { name: /Ada Lovelace/ }).count()).toBe(1);
      await expectAccessible(page, `team's day at ${viewport.width} px`);
      // The table scrolls inside its own region on a phone, never the page.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(page, `agenda-team-${viewport.name}`);

      const agent2 = `${team.agent2.firstName} ${team.agent2.lastName}`;
      await table.getByRole("link", { name: `Nouveau RDV à 10:00 avec ${agent2}` }).click();
      await page.waitForURL(/\/rdvs\/nouveau\?/);
      expect(await page.locator("#champ-date").inputValue()).toBe("2030-03-12");
      expect(await page.getByLabel("Heure").inputValue()).toBe("10:00");
      expect(await page.getByLabel(agent2).isChecked()).toBe(true);
      await expectAccessible(page, `RDV form from the team's day at ${viewport.width} px`);
      expect(errors).toEqual([]);
      await context.close();
    });

    it(`a click on an empty time of the day grid opens the form at that time (${viewport.name})`, async () => {
      const team = await teamWithRdv();
      const context = await journey.browser.newContext({ locale: "fr-FR", viewport });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await signInWithBrowser(page, journey.app.url, team.agent1.email, TEST_PASSWORD);
      await page.waitForURL(`${journey.app.url}/agenda`);
      await page.goto(`${journey.app.url}/agenda?date=2030-03-12&vue=jour`);
      const lane = page.locator('td.fc-timegrid-slot-lane[data-time="15:00:00"]');
      await lane.waitFor();
      await expectAccessible(page, `agent's day at ${viewport.width} px`);
      const box = await lane.boundingBox();
      if (!box) throw new Error("the 15:00 slot is not on screen");
      await lane.scrollIntoViewIfNeeded();
      await lane.click({ position: { x: box.width / 2, y: 2 } });
      await page.waitForURL(/\/rdvs\/nouveau\?/);
      const url = new URL(page.url());
      expect(url.searchParams.get("agentId")).toBe(team.agent1.id);
      expect(url.searchParams.get("date")).toBe("2030-03-12");
      expect(url.searchParams.get("time")).toBe("15:00");
      expect(await page.getByLabel("Heure").inputValue()).toBe("15:00");
      expect(await page.locator(`#agent-${team.agent1.id}`).isChecked()).toBe(true);
      await expectAccessible(page, `RDV form from a click in the agenda at ${viewport.width} px`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
