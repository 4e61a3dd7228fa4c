// Issue 11 in a real browser, on a desktop and a 390 px phone, with axe-core on every state: the usager's record
// reached from an RDV (then « Nouveau RDV » for that usager), and the error summary focused after a failed submit.
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible } from "../support/axe.ts";
import { appInBrowser, browserAvailable, screenshot, signInWithBrowser } from "../support/browser.ts";
import { testDb } from "../support/db.ts";
import { createTeam, TEST_PASSWORD, unique } from "../support/factories.ts";

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

/** Script errors and failed requests of a page, except the statuses a test expects. */
function watchErrors(page: Page, expected: number[] = []): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("response", (response) => {
    if (response.status() >= 400 && !expected.includes(response.status())) {
      errors.push(`${response.status()} ${response.url()}`);
    }
  });
  return errors;
}

/** What has the focus: its id, or its data attributes when it has none. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return "";
    if (element.id) return `#${element.id}`;
    return Array.from(element.attributes, (attribute) => attribute.name).join(" ");
  });
}

describe.runIf(browserAvailable)("usager records and form errors in a real browser", { timeout: 180_000 }, () => {
  const journey = appInBrowser();

  for (const viewport of VIEWPORTS) {
    it(`an agent opens the usager from an RDV, calls them, and books them again (${viewport.name})`, async () => {
      const db = testDb();
      const team = await createTeam(db);
      const lastName = `Lefèvre${unique()}`;
      const user = await db.user.create({
        data: {
          organisationId: team.organisation.id,
          firstName: "Jeanne",
          lastName,
          phone: "0612345678",
          birthDate: new Date("1984-03-21T00:00:00Z"),
        },
      });
      const rdv = await db.rdv.create({
        data: {
          organisationId: team.organisation.id,
          motifId: team.organisation.motif.id,
          lieuId: team.organisation.lieu.id,
          startsAt: new Date("2030-03-12T09:00:00Z"),
          durationInMin: 30,
          uid: `rdv-${randomUUID()}@test`,
          agents: { create: [{ agentId: team.agent1.id }] },
          users: { create: [{ userId: user.id }] },
        },
      });
      const context = await journey.browser.newContext({ locale: "fr-FR", viewport });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await signInWithBrowser(page, journey.app.url, team.agent1.email, TEST_PASSWORD);
      await page.waitForURL(`${journey.app.url}/agenda`);
      await page.goto(`${journey.app.url}/rdvs/${rdv.id}`);
      await page.getByRole("link", { name: `Jeanne ${lastName}` }).click();
      await page.waitForURL(`${journey.app.url}/usagers/${user.id}`);
      await page.getByRole("heading", { level: 1, name: `Jeanne ${lastName}` }).waitFor();
      expect(await page.getByRole("link", { name: "0612345678" }).getAttribute("href")).toBe("tel:0612345678");
      const upcoming = page.getByRole("region", { name: /RDV à venir/ });
      expect(await upcoming.getByRole("link").count()).toBe(1);
      expect(await upcoming.textContent()).toContain("À venir");
      await expectAccessible(page, `usager page at ${viewport.width} px`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(page, `usager-record-${viewport.name}`);

      await page.getByRole("link", { name: "Nouveau RDV" }).click();
      await page.waitForURL(/\/rdvs\/nouveau\?userId=/);
      expect(await page.getByLabel(`Jeanne ${lastName}`).isChecked()).toBe(true);
      await expectAccessible(page, `RDV form for the usager at ${viewport.width} px`);
      // After a usager search (a round trip), the focus is on the results, not at the top of the page.
      await page.getByLabel("Rechercher un usager").fill(lastName.slice(0, 7));
      await page.getByRole("button", { name: "Rechercher" }).click();
      await page.waitForURL(`${journey.app.url}/rdvs/nouveau`);
      await expect.poll(() => focused(page)).toContain("data-autofocus");
      expect(await page.getByLabel(`Jeanne ${lastName}`).isChecked()).toBe(true);
      await expectAccessible(page, `RDV form after a usager search at ${viewport.width} px`);
      expect(errors).toEqual([]);
      await context.close();
    });

    it(`focuses the error summary after a failed submit, and its links focus the fields (${viewport.name})`, async () => {
      const team = await createTeam(testDb());
      const context = await journey.browser.newContext({ locale: "fr-FR", viewport });
      const page = await context.newPage();
      const errors = watchErrors(page, [422]);
      await signInWithBrowser(page, journey.app.url, team.admin.email, TEST_PASSWORD);
      await page.waitForURL(`${journey.app.url}/agenda`);
      await page.goto(`${journey.app.url}/admin/usagers/nouveau`);
      await page.getByLabel("Adresse email").fill("pas-une-adresse");
      await page.getByLabel("Date de naissance").fill("2999-01-01");
      await page.getByRole("button", { name: "Enregistrer" }).click();
      const summary = page.locator("[data-error-summary]");
      await summary.waitFor();
      await expect.poll(() => focused(page)).toContain("data-error-summary");
      expect(await summary.getByRole("link").allTextContents()).toEqual([
        "Prénom",
        "Nom",
        "Adresse email",
        "Date de naissance",
      ]);
      await expectAccessible(page, `usager form with errors at ${viewport.width} px`);
      await screenshot(page, `error-summary-${viewport.name}`);
      await summary.getByRole("link", { name: "Adresse email" }).click();
      expect(await focused(page)).toBe("#champ-email");
      expect(await page.getByLabel("Adresse email").inputValue()).toBe("pas-une-adresse");

      // A failed sign-in: the message once, the summary focused.
      const anonymous = await journey.browser.newContext({ locale: "fr-FR", viewport });
      const signIn = await anonymous.newPage();
      await signInWithBrowser(signIn, journey.app.url, team.agent1.email, "mauvais-mot-de-passe");
      await signIn.locator("[data-error-summary]").waitFor();
      await expect.poll(() => focused(signIn)).toContain("data-error-summary");
      expect(await signIn.getByText("Email ou mot de passe incorrect").count()).toBe(1);
      await expectAccessible(signIn, `failed sign-in at ${viewport.width} px`);
      expect(errors).toEqual([]);
      await anonymous.close();
      await context.close();
    });
  }
});
