import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "../../src/db/seed.ts";
import { appInBrowser, browserAvailable, screenshot, signInWithBrowser } from "../support/browser.ts";
import { testDb } from "../support/db.ts";

describe.runIf(browserAvailable)("sign-in in a real browser", () => {
  beforeAll(async () => {
    await seedDemo(testDb());
  });
  const journey = appInBrowser();

  for (const account of DEMO_ACCOUNTS) {
    it(`lets the demo ${account.level} ${account.email} reach the agenda`, async () => {
      const context = await journey.browser.newContext();
      const page = await context.newPage();
      await signInWithBrowser(page, journey.app.url, account.email, DEMO_PASSWORD);
      await page.waitForURL(`${journey.app.url}/agenda`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Agenda");
      expect(await page.getByTestId("current-agent").textContent()).toContain(account.firstName);
      await screenshot(page, `sign-in-${account.level}`);
      await page.getByRole("button", { name: "Se déconnecter" }).click();
      await page.waitForURL(`${journey.app.url}/connexion`);
      await context.close();
    });
  }

  it("shows a French error next to the password and opens no session on a wrong password", async () => {
    const context = await journey.browser.newContext();
    const page = await context.newPage();
    await signInWithBrowser(page, journey.app.url, DEMO_ACCOUNTS[2].email, "mauvais-mot-de-passe");
    await expect
      .poll(() => page.locator(".invalid-feedback").first().textContent())
      .toContain("Email ou mot de passe incorrect.");
    expect(page.url()).toBe(`${journey.app.url}/connexion`);
    const cookies = await context.cookies();
    expect(cookies.some((c) => c.name === "rdv_session")).toBe(false);
    await screenshot(page, "sign-in-wrong-password");
    await context.close();
  });

  it("has a skip link to the content as the first focusable element", async () => {
    const page = await journey.browser.newPage();
    await page.goto(`${journey.app.url}/connexion`);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Aller au contenu");
    await page.close();
  });
});
