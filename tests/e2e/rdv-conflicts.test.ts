// Issue 11 in a real browser, on a desktop and a 390 px phone, with axe-core on every state: booking onto an absence
// (warning, « Confirmer quand même », booked), a double click on « Créer le RDV » (one RDV), and the RDV list paginated
// and filtered on 1,000 RDVs.
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

/** A team with a usager, and agent1 away for a training on 2027-03-29 from 14:00 to 18:00 (Paris). */
async function teamWithAbsence() {
  const db = testDb();
  const team = await createTeam(db);
  const usager = await createUser(db, team.organisation.id, { firstName: "Jeanne", lastName: "Lefèvre" });
  await db.absence.create({
    data: {
      organisationId: team.organisation.id,
      agentId: team.agent1.id,
      title: "Formation",
      firstDay: new Date("2027-03-29T00:00:00.000Z"),
      startTime: "14:00",
      endDay: new Date("2027-03-29T00:00:00.000Z"),
      endTime: "18:00",
      uid: `absence-${randomUUID()}@rdv-agents.fr`,
    },
  });
  return { team, usager };
}

/** Fill the new-RDV form for agent1 and the usager, at `time` on 2027-03-29. */
async function fillNewRdv(page: Page, agentLabel: string, time: string) {
  await page.getByLabel("Motif").selectOption({ label: "Premier accueil (30 min)" });
  await page.getByLabel("Lieu", { exact: true }).selectOption({ index: 1 });
  await page.locator("#champ-date").fill("2027-03-29");
  await page.getByLabel("Heure").fill(time);
  await page.getByLabel(agentLabel).check();
  await page.getByLabel("Rechercher un usager").fill("lefèvre");
  await page.getByLabel("Rechercher un usager").press("Enter");
  const found = page.getByLabel(/Jeanne Lefèvre/);
  await found.waitFor();
  await found.check();
}

/** Script errors and failed requests of a page, except the answers a test expects (the 409 of a conflict). */
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

// Each journey signs in and walks several pages; on a loaded 2-core machine that takes longer than the default.
describe.runIf(browserAvailable)("conflicts and one-time keys in a real browser", { timeout: 180_000 }, () => {
  const journey = appInBrowser();

  for (const viewport of VIEWPORTS) {
    it(`books onto an absence only once confirmed (${viewport.name})`, async () => {
      const { team, usager } = await teamWithAbsence();
      const context = await journey.browser.newContext({ locale: "fr-FR", viewport });
      const page = await context.newPage();
      const errors = watchErrors(page, [409]);
      await signInWithBrowser(page, journey.app.url, team.secretary.email, TEST_PASSWORD);
      await page.waitForURL(`${journey.app.url}/agenda`);
      await page.goto(`${journey.app.url}/rdvs/nouveau`);
      await fillNewRdv(page, `Bruno ${team.agent1.lastName}`, "15:00");
      await page.getByRole("button", { name: "Créer le RDV" }).click();

      const warning = page.locator("[data-conflicts]");
      await warning.waitFor();
      expect(await warning.textContent()).toContain(
        `Bruno ${team.agent1.lastName} est absent (Formation) de 14:00 à 18:00`,
      );
      // Nothing booked yet, and the form kept what was typed.
      expect(await testDb().rdv.count({ where: { organisationId: team.organisation.id } })).toBe(0);
      expect(await page.getByLabel("Heure").inputValue()).toBe("15:00");
      expect(await page.getByLabel(/Jeanne Lefèvre/).isChecked()).toBe(true);
      await expectAccessible(page, `conflict warning at ${viewport.width} px`);
      await screenshot(page, `rdv-conflict-warning-${viewport.name}`);

      await page.getByRole("button", { name: "Confirmer quand même" }).click();
      await page.waitForURL(/\/rdvs\/[0-9a-f-]{36}$/);
      expect(await page.getByRole("status").first().textContent()).toContain("RDV créé.");
      await expectAccessible(page, `RDV booked despite the conflict at ${viewport.width} px`);
      const stored = await testDb().rdv.findFirstOrThrow({
        where: { organisationId: team.organisation.id },
        include: { users: true },
      });
      expect(stored.startsAt.toISOString()).toBe("2027-03-29T13:00:00.000Z");
      expect(stored.users.map((u) => u.userId)).toEqual([usager.id]);
      expect(errors).toEqual([]);
      await context.close();
    });

    it(`creates one RDV when « Créer le RDV » is double-clicked (${viewport.name})`, async () => {
      const { team } = await teamWithAbsence();
      const context = await journey.browser.newContext({ locale: "fr-FR", viewport });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await signInWithBrowser(page, journey.app.url, team.secretary.email, TEST_PASSWORD);
      await page.waitForURL(`${journey.app.url}/agenda`);
      await page.goto(`${journey.app.url}/rdvs/nouveau`);
      await fillNewRdv(page, `Bruno ${team.agent1.lastName}`, "10:00");
      // Chromium folds two clicks that come before the first request leaves into one submission (Playwright's dblclick
      // sends one POST). A double click on a slow network sends both: the page's own form is posted twice at once,
      // with the browser's cookies and the form's key, then « Créer le RDV » is clicked for real, as after a reload.
      const statuses = await page.evaluate(async () => {
        const form = document.querySelector<HTMLFormElement>("[data-rdv-form]");
        if (!form) return [];
        const body = new URLSearchParams();
        new FormData(form).forEach((value, name) => {
          if (typeof value === "string") body.append(name, value);
        });
        body.set("intent", "save");
        const send = () => fetch(form.action, { method: "POST", body, redirect: "manual" });
        return (await Promise.all([send(), send()])).map((answer) => answer.type);
      });
      // Both answered with a redirect (to the RDV), neither with the form again nor with a conflict.
      expect(statuses).toEqual(["opaqueredirect", "opaqueredirect"]);
      await page.getByRole("button", { name: "Créer le RDV" }).click();
      await page.waitForURL(/\/rdvs\/[0-9a-f-]{36}$/);
      const rdvs = await testDb().rdv.findMany({ where: { organisationId: team.organisation.id } });
      expect(rdvs).toHaveLength(1);
      expect(page.url()).toBe(`${journey.app.url}/rdvs/${rdvs[0]?.id}`);
      await expectAccessible(page, `RDV after a double click at ${viewport.width} px`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it("pages and filters 1,000 RDVs, 50 at a time, on a desktop and a phone", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const usagers = await Promise.all([
      createUser(db, team.organisation.id, { firstName: "Jeanne", lastName: "Lefèvre" }),
      createUser(db, team.organisation.id, { firstName: "Marc", lastName: "Dubois" }),
    ]);
    const base = Date.parse("2027-01-04T08:00:00.000Z");
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      id: randomUUID(),
      startsAt: new Date(base + Math.floor(i / 2) * 3_600_000),
      agentId: i % 2 === 0 ? team.agent1.id : team.agent2.id,
      userId: usagers[i % 2 === 0 ? 0 : 1]?.id ?? "",
    }));
    await db.rdv.createMany({
      data: rows.map((row) => ({
        id: row.id,
        organisationId: team.organisation.id,
        motifId: team.organisation.motif.id,
        lieuId: team.organisation.lieu.id,
        startsAt: row.startsAt,
        durationInMin: 30,
        uid: `rdv-${row.id}@rdv-agents.fr`,
      })),
    });
    await db.rdvAgent.createMany({ data: rows.map((row) => ({ rdvId: row.id, agentId: row.agentId })) });
    await db.rdvUser.createMany({ data: rows.map((row) => ({ rdvId: row.id, userId: row.userId })) });

    for (const viewport of VIEWPORTS) {
      const context = await journey.browser.newContext({ locale: "fr-FR", viewport });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await signInWithBrowser(page, journey.app.url, team.secretary.email, TEST_PASSWORD);
      await page.waitForURL(`${journey.app.url}/agenda`);
      await page.goto(`${journey.app.url}/rdvs`);
      await page.getByLabel("Du").fill("2027-01-01");
      await page.getByRole("button", { name: "Filtrer" }).click();
      await page.waitForURL(/du=2027-01-01/);
      // The page counts up to 500: past that it says so rather than count every RDV of the organisation.
      expect(await page.locator("[data-rdv-count]").textContent()).toBe("Plus de 500 rendez-vous");
      expect(await page.locator("tbody tr").count()).toBe(50);
      await expectAccessible(page, `RDV list at ${viewport.width} px`);

      // agent1 and « Dubois » never meet: then agent1 and « Lefèvre », 500 RDVs.
      await page.getByLabel("Agent").selectOption({ label: `Bruno ${team.agent1.lastName}` });
      await page.getByLabel("Usager").fill("Dubois");
      await page.getByRole("button", { name: "Filtrer" }).click();
      await page.waitForURL(/usager=Dubois/);
      expect(await page.locator("[data-rdv-count]").textContent()).toBe("Aucun rendez-vous");
      await expectAccessible(page, `empty filtered RDV list at ${viewport.width} px`);
      await page.getByLabel("Usager").fill("lefèvre");
      await page.getByRole("button", { name: "Filtrer" }).click();
      await page.waitForURL(/usager=lef/);
      expect(await page.locator("[data-rdv-count]").textContent()).toBe("500 rendez-vous");
      const firstPage = await page.locator("tbody tr td:first-child a").allTextContents();
      expect(firstPage).toHaveLength(50);
      expect(firstPage[0]).toContain("lundi 4 janvier 2027 à 09:00");

      await page.getByRole("link", { name: "Suivants" }).click();
      await page.waitForURL(/apres=/);
      const secondPage = await page.locator("tbody tr td:first-child a").allTextContents();
      expect(secondPage).toHaveLength(50);
      expect(secondPage.filter((when) => firstPage.includes(when))).toEqual([]);
      // The filters travel with the cursor.
      expect(await page.getByLabel("Usager").inputValue()).toBe("lefèvre");
      expect(await page.locator("[data-rdv-count]").textContent()).toBe("500 rendez-vous");
      if (viewport.name === "phone") {
        // The stacked table fits the phone: no column pushed off-screen.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
      }
      await expectAccessible(page, `second page of the filtered RDV list at ${viewport.width} px`);
      await screenshot(page, `rdv-list-page-2-${viewport.name}`);
      await page.getByRole("link", { name: "Précédents" }).click();
      await page.waitForURL(/avant=/);
      expect(await page.locator("tbody tr td:first-child a").allTextContents()).toEqual(firstPage);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
