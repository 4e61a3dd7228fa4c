import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "../../src/db/seed.ts";
import { appInBrowser, browserAvailable, screenshot, signInWithBrowser } from "../support/browser.ts";
import { testDb } from "../support/db.ts";
import { createTeam, createUser, TEST_PASSWORD } from "../support/factories.ts";

describe.runIf(browserAvailable)("booking an RDV in a real browser", () => {
  const journey = appInBrowser();

  it("the secretary books an RDV for agent1 with an existing usager and lands on its page", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const usager = await createUser(db, team.organisation.id, { firstName: "Jeanne", lastName: "Lefèvre" });
    const context = await journey.browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on("pageerror", (error) => scriptErrors.push(error.message));
    page.on("response", (response) => {
      if (response.status() >= 400) scriptErrors.push(`${response.status()} ${response.url()}`);
    });

    await signInWithBrowser(page, journey.app.url, team.secretary.email, TEST_PASSWORD);
    await page.waitForURL(`${journey.app.url}/agenda`);
    await page.getByRole("link", { name: "Rendez-vous" }).click();
    await page.waitForURL(`${journey.app.url}/rdvs`);
    await page.getByRole("link", { name: "Nouveau RDV" }).click();
    await page.waitForURL(`${journey.app.url}/rdvs/nouveau`);

    await page.getByLabel("Motif").selectOption({ label: "Premier accueil (30 min)" });
    expect(await page.getByLabel("Durée (minutes)").getAttribute("placeholder")).toBe("30 (durée du motif)");
    await page.getByLabel("Lieu", { exact: true }).selectOption({ index: 1 });
    await page.getByLabel("Date").fill("2027-03-29");
    await page.getByLabel("Heure").fill("09:00");
    await page.getByLabel(`Bruno ${team.agent1.lastName}`).check();
    await page.getByLabel("Rechercher un usager").fill("lefèvre");
    await page.getByLabel("Rechercher un usager").press("Enter");
    const found = page.getByLabel(/Jeanne Lefèvre/);
    await found.waitFor();
    // The search came back with what was typed before it.
    expect(await page.getByLabel("Heure").inputValue()).toBe("09:00");
    expect(await page.getByLabel(`Bruno ${team.agent1.lastName}`).isChecked()).toBe(true);
    await found.check();
    await page.getByLabel("Notes").fill("Premier rendez-vous : apporter l'avis d'imposition.");
    await page.getByRole("button", { name: "Créer le RDV" }).click();

    await page.waitForURL(/\/rdvs\/[0-9a-f-]{36}$/);
    const heading = await page.getByRole("heading", { level: 1 }).textContent();
    expect(heading).toContain("RDV du lundi 29 mars 2027 à 09:00");
    expect(await page.getByRole("status").first().textContent()).toContain("RDV créé.");
    const details = await page.locator(".rdv-details").textContent();
    expect(details).toContain("Premier accueil");
    expect(details).toContain("Lieu principal");
    expect(details).toContain(`Bruno ${team.agent1.lastName}`);
    expect(details).toContain("Jeanne Lefèvre");
    const history = await page.locator(".rdv-history").textContent();
    expect(history).toContain(`Sophie ${team.secretary.lastName}`);
    expect(history).toContain("RDV créé pour le lundi 29 mars 2027 à 09:00");
    expect(await page.getByRole("link", { name: "Voir dans l'agenda" }).getAttribute("href")).toBe(
      `/agenda?agentId=${team.agent1.id}&date=2027-03-29`,
    );
    await screenshot(page, "rdv-booked-by-secretary");

    const stored = await db.rdv.findFirstOrThrow({
      where: { organisationId: team.organisation.id },
      include: { agents: true, users: true },
    });
    expect(stored.startsAt.toISOString()).toBe("2027-03-29T07:00:00.000Z");
    expect(stored.agents.map((a) => a.agentId)).toEqual([team.agent1.id]);
    expect(stored.users.map((u) => u.userId)).toEqual([usager.id]);
    expect(scriptErrors).toEqual([]);
    await context.close();
  });

  it("works on the demo data: Sophie (secretariat) books for Bruno Martin with Jeanne Lefèvre", async () => {
    // Another test file may be seeding the demo at the same moment: the loser of that race finds it loaded.
    await seedDemo(testDb()).catch(() => seedDemo(testDb()));
    const [, secretary] = DEMO_ACCOUNTS;
    const context = await journey.browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await signInWithBrowser(page, journey.app.url, secretary.email, DEMO_PASSWORD);
    await page.waitForURL(`${journey.app.url}/agenda`);
    await page.goto(`${journey.app.url}/rdvs/nouveau`);
    await page.getByLabel("Motif").selectOption({ label: "Accompagnement social (45 min)" });
    await page
      .getByLabel("Lieu", { exact: true })
      .selectOption({ label: "MDS Centre – 12 rue de la République, 69001 Lyon" });
    await page.getByLabel("Date").fill("2027-06-14");
    await page.getByLabel("Heure").fill("10:00");
    await page.getByLabel("Bruno Martin").check();
    await page.getByLabel("Rechercher un usager").fill("0612345678");
    await page.getByRole("button", { name: "Rechercher" }).click();
    await page.getByLabel(/Jeanne Lefèvre/).check();
    await page.getByRole("button", { name: "Créer le RDV" }).click();
    await page.waitForURL(/\/rdvs\/[0-9a-f-]{36}$/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("RDV du lundi 14 juin 2027 à 10:00");
    const details = await page.locator(".rdv-details").textContent();
    expect(details).toContain("10:00 – 10:45 (45 min)");
    expect(details).toContain("Bruno Martin");
    expect(details).toContain("Jeanne Lefèvre");
    await screenshot(page, "rdv-booked-on-demo-data");
    await context.close();
  });

  it("shows every error next to its field at once and keeps what was typed", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const context = await journey.browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await signInWithBrowser(page, journey.app.url, team.secretary.email, TEST_PASSWORD);
    await page.waitForURL(`${journey.app.url}/agenda`);
    await page.goto(`${journey.app.url}/rdvs/nouveau`);
    await page.getByLabel("Date").fill("2027-03-28");
    await page.getByLabel("Heure").fill("02:30");
    await page.getByLabel("Notes").fill("À garder");
    await page.getByRole("button", { name: "Créer le RDV" }).click();
    await page.getByText("Choisissez un motif.").waitFor();
    expect(await page.getByLabel("Motif").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByText("Choisissez au moins un agent.").isVisible()).toBe(true);
    expect(await page.getByText("Choisissez au moins un usager, ou créez-en un.").isVisible()).toBe(true);
    expect(await page.getByText("02:30 n'existe pas ce jour-là").isVisible()).toBe(true);
    expect(await page.getByLabel("Notes").inputValue()).toBe("À garder");
    expect(await page.getByLabel("Date").inputValue()).toBe("2027-03-28");
    await screenshot(page, "rdv-form-errors");
    expect(await db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(0);
    await context.close();
  });
});
