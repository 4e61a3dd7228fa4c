import { describe, expect, it } from "vitest";
import { insertRdv } from "../integration/agenda/agenda-fixtures.ts";
import { appInBrowser, browserAvailable, screenshot, signInWithBrowser } from "../support/browser.ts";
import { testDb } from "../support/db.ts";
import { createTeam, createUser, TEST_PASSWORD } from "../support/factories.ts";

describe.runIf(browserAvailable)("the printable day list in a real browser", () => {
  const journey = appInBrowser();

  it("a secretary opens it from the agenda and prints one A4 page per agent, without the site's chrome", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const { organisation } = team;
    const usager = await createUser(db, organisation.id, { firstName: "Jeanne", lastName: "Martin" });
    await db.user.update({ where: { id: usager.id }, data: { phone: "06 12 34 56 78" } });
    const base = { organisationId: organisation.id, motifId: organisation.motif.id, userIds: [usager.id] };
    const lieuId = organisation.lieu.id;
    await insertRdv(db, {
      ...base,
      lieuId,
      startsAt: "2027-03-29T07:00:00Z",
      durationInMin: 30,
      agentIds: [team.agent1.id],
    });
    await insertRdv(db, {
      ...base,
      lieuId,
      startsAt: "2027-03-29T08:00:00Z",
      durationInMin: 30,
      agentIds: [team.agent2.id],
    });

    const context = await journey.browser.newContext({ locale: "fr-FR", viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    await signInWithBrowser(page, journey.app.url, team.secretary.email, TEST_PASSWORD);
    await page.waitForURL(`${journey.app.url}/agenda`);
    await page.goto(`${journey.app.url}/agenda?date=2027-03-29&vue=jour`);
    await page.getByRole("link", { name: "Imprimer la journée" }).click();
    await page.waitForURL(/\/agenda\/impression/);
    // From the agenda of agent1 (the secretary's own agenda has none): choose every agent.
    await page.getByLabel("Agent").selectOption("");
    await page.getByRole("button", { name: "Afficher" }).click();
    await expect.poll(() => page.locator("section.day-sheet").count()).toBe(2);
    expect(await page.getByRole("button", { name: "Imprimer" }).isVisible()).toBe(true);

    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".app-header").isHidden()).toBe(true);
    expect(await page.locator(".day-sheet-controls").isHidden()).toBe(true);
    const breaks = await page
      .locator("section.day-sheet")
      .evaluateAll((sections) => sections.map((section) => getComputedStyle(section).breakAfter));
    expect(breaks).toEqual(["page", "auto"]);
    await screenshot(page, "day-sheet-print");
    const pdf = await page.pdf({ format: "A4" });
    // Two agents, two pages: the PDF counts its /Type /Page objects.
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length).toBe(2);
    await context.close();
  });
});
