// « Trouver un créneau » in a real Chromium on a 390 px wide phone: the secretary finds a créneau from the navigation,
// « Réserver » opens the RDV form pre-filled, the RDV is created, and the créneau is gone from the next search.
import { describe, expect, it } from "vitest";
import { appInBrowser, browserAvailable, screenshot, signInWithBrowser } from "../../support/browser.ts";
import { TEST_PASSWORD } from "../../support/factories.ts";
import { creneauxTeam } from "./creneaux-fixtures.ts";

describe.runIf(browserAvailable)("« Trouver un créneau » on a phone", () => {
  const journey = appInBrowser();

  it("finds, books and then no longer offers a créneau, without horizontal scrolling", async () => {
    const team = await creneauxTeam(journey.app.url);
    const context = await journey.browser.newContext({ locale: "fr-FR", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));

    await signInWithBrowser(page, journey.app.url, team.secretary.email, TEST_PASSWORD);
    await page.waitForURL(`${journey.app.url}/agenda`);
    // On a phone the navigation folds behind « Menu ».
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("link", { name: "Trouver un créneau" }).click();
    await page.waitForURL(`${journey.app.url}/creneaux`);
    await page.getByLabel("Motif").selectOption({ label: "Premier accueil (30 min)" });
    await page.getByLabel("Agent").selectOption({ label: `Bruno ${team.agent1.lastName}` });
    await page.getByLabel("À partir du").fill(team.monday);
    await page.getByRole("button", { name: "Chercher" }).click();
    await page.waitForURL(/\/creneaux\?/);
    const searchUrl = page.url();

    const firstDay = page.getByTestId("creneaux").first();
    expect(await firstDay.getByRole("listitem").count()).toBe(4);
    const noHorizontalScroll = await page.evaluate(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    );
    expect(noHorizontalScroll).toBe(true);
    await screenshot(page, "creneaux-phone");

    await firstDay.getByRole("link", { name: /Réserver le .* à 09:30 avec Bruno/ }).click();
    await page.waitForURL(/\/rdvs\/nouveau\?/);
    expect(await page.locator('input[name="date"]').inputValue()).toBe(team.monday);
    expect(await page.locator('input[name="time"]').inputValue()).toBe("09:30");
    expect(await page.getByLabel(`Bruno ${team.agent1.lastName}`).isChecked()).toBe(true);
    expect(await page.getByLabel("Motif").inputValue()).toBe(team.organisation.motif.id);
    expect(await page.getByLabel("Lieu", { exact: true }).inputValue()).toBe(team.organisation.lieu.id);
    await page.getByLabel("Rechercher un usager").fill(team.usager.lastName);
    await page.getByLabel("Rechercher un usager").press("Enter");
    const usager = page.getByLabel(new RegExp(team.usager.lastName));
    await usager.waitFor();
    await usager.check();
    await page.getByRole("button", { name: "Créer le RDV" }).click();
    await page.waitForURL(/\/rdvs\/[0-9a-f-]{36}$/);

    await page.goto(searchUrl);
    const times = await page.getByTestId("creneaux").first().getByRole("listitem").allTextContents();
    expect(times.map((text) => text.trim().slice(0, 5))).toEqual(["09:00", "10:00", "10:30"]);
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
