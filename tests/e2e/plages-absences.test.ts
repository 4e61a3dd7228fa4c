// Journeys in a real browser: an agent creates a weekly plage and reads it in words in its list; an admin edits a
// colleague's absence; an agent cannot open a colleague's plage.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createAbsence } from "../../src/domain/absences/create-absence.ts";
import { agentAuthor } from "../../src/domain/author.ts";
import { createPlage } from "../../src/domain/plages/create-plage.ts";
import { domainContext, newAbsence, newPlage, scheduleTeam } from "../integration/plages/schedule-fixtures.ts";
import { appInBrowser, browserAvailable, screenshot, signInWithBrowser } from "../support/browser.ts";
import { TEST_PASSWORD } from "../support/factories.ts";

describe.runIf(browserAvailable)("plages and absences in a real browser", () => {
  const journey = appInBrowser();

  async function signedInPage(email: string): Promise<Page> {
    const page = await (await journey.browser.newContext({ locale: "fr-FR" })).newPage();
    page.setDefaultTimeout(10_000);
    await signInWithBrowser(page, journey.app.url, email, TEST_PASSWORD);
    await page.waitForURL(`${journey.app.url}/agenda`);
    return page;
  }

  it("agent1 creates a weekly plage through the form and sees it in its list with the recurrence in words", async () => {
    const team = await scheduleTeam();
    const page = await signedInPage(team.agent1.email);
    await page.getByRole("link", { name: "Plages d'ouverture" }).click();
    await page.waitForURL(`${journey.app.url}/plages`);
    expect(await page.getByTestId("plages-vide").textContent()).toContain("Aucune plage d'ouverture.");
    await page.getByRole("link", { name: "Nouvelle plage d'ouverture" }).click();
    await page.getByRole("heading", { name: "Nouvelle plage d'ouverture" }).waitFor();

    // Only the fields of the chosen frequency are shown.
    expect(await page.getByLabel("lundi", { exact: true }).isVisible()).toBe(false);
    await page.getByLabel("Répétition").selectOption("week");
    expect(await page.getByLabel("lundi", { exact: true }).isVisible()).toBe(true);

    await page.getByLabel("Titre").fill("Permanence école");
    await page.getByLabel("Premier accueil").check();
    await page.getByLabel("Premier jour").fill("2027-01-05");
    await page.getByLabel("Heure de début").fill("09:00");
    await page.getByLabel("Heure de fin").fill("12:00");
    await page.getByLabel("Intervalle").fill("2");
    await page.getByLabel("lundi", { exact: true }).check();
    await page.getByLabel("jeudi", { exact: true }).check();
    await page.getByLabel("Jusqu'au (facultatif)").fill("2027-06-30");
    await screenshot(page, "plage-form-filled");
    await page.getByRole("button", { name: "Créer la plage" }).click();

    await page.waitForURL(`${journey.app.url}/plages?agentId=${team.agent1.id}`);
    expect(await page.getByRole("status").textContent()).toContain(
      "Plage d'ouverture «\u00a0Permanence école\u00a0» créée.",
    );
    expect(await page.getByTestId("plage-recurrence").textContent()).toBe(
      "Toutes les 2 semaines, les lundis et jeudis de 09:00 à 12:00, à partir du 5 janvier 2027, jusqu'au 30 juin 2027",
    );
    await screenshot(page, "plage-list-after-create");
    await page.context().close();
  });

  it("shows the errors of a refused plage next to its fields, with the form filled in", async () => {
    const team = await scheduleTeam();
    const page = await signedInPage(team.agent1.email);
    await page.goto(`${journey.app.url}/plages/nouvelle`);
    await page.getByLabel("Titre").fill("Horaires inversés");
    await page.getByLabel("Premier accueil").check();
    await page.getByLabel("Premier jour").fill("2027-01-05");
    await page.getByLabel("Heure de début").fill("14:00");
    await page.getByLabel("Heure de fin").fill("10:00");
    await page.getByRole("button", { name: "Créer la plage" }).click();
    const error = page.locator("#champ-endTime-erreur");
    await error.waitFor();
    expect(await error.textContent()).toBe("L'heure de fin doit être après l'heure de début.");
    expect(await page.getByLabel("Titre").inputValue()).toBe("Horaires inversés");
    expect(await page.getByLabel("Heure de fin").getAttribute("aria-describedby")).toBe("champ-endTime-erreur");
    await screenshot(page, "plage-form-errors");
    await page.context().close();
  });

  it("admin edits agent2's absence", async () => {
    const team = await scheduleTeam();
    await createAbsence(domainContext(), {
      actor: team.actors.agent2,
      author: agentAuthor(team.agent2.id),
      absence: newAbsence(team),
    });
    const page = await signedInPage(team.admin.email);
    await page.getByRole("link", { name: "Absences" }).click();
    await page.getByLabel("Agent", { exact: true }).selectOption(team.agent2.id);
    await page.getByRole("button", { name: "Afficher" }).click();
    await page.waitForURL(`${journey.app.url}/absences?agentId=${team.agent2.id}`);
    expect(await page.getByTestId("absence-recurrence").textContent()).toBe(
      "Du 8 février 2027 à 08:00 au 12 février 2027 à 18:00",
    );
    await page.getByRole("link", { name: "Modifier l'absence « Congés »" }).click();
    await page.getByRole("heading", { name: "Modifier l'absence « Congés »" }).waitFor();
    await page.getByLabel("Titre").fill("Congés d'hiver");
    await page.getByLabel("Dernier jour").fill("2027-02-19");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.waitForURL(`${journey.app.url}/absences?agentId=${team.agent2.id}`);
    expect(await page.getByRole("status").textContent()).toContain("Absence «\u00a0Congés d'hiver\u00a0» modifiée.");
    expect(await page.getByTestId("absence-recurrence").textContent()).toBe(
      "Du 8 février 2027 à 08:00 au 19 février 2027 à 18:00",
    );
    await screenshot(page, "absence-edited-by-admin");
    await page.context().close();
  });

  it("agent1 cannot open agent2's plage edit page", async () => {
    const team = await scheduleTeam();
    const { record: plage } = await createPlage(domainContext(), {
      actor: team.actors.agent2,
      author: agentAuthor(team.agent2.id),
      plage: newPlage(team),
    });
    const page = await signedInPage(team.agent1.email);
    const response = await page.goto(`${journey.app.url}/plages/${plage.id}/modifier`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Accès refusé");
    expect(await page.getByText("Vous ne pouvez modifier que vos propres plages d'ouverture.").isVisible()).toBe(true);
    expect(await page.getByLabel("Titre").count()).toBe(0);
    await screenshot(page, "plage-edit-forbidden");
    await page.context().close();
  });
});
