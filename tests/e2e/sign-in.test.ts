import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "../../src/db/seed.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { browserAvailable, launchBrowser, screenshot, signInWithBrowser } from "../support/browser.ts";
import { testDb } from "../support/db.ts";

describe.runIf(browserAvailable)("sign-in in a real browser", () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    await seedDemo(testDb());
    app = await startTestApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const account of DEMO_ACCOUNTS) {
    it(`lets the demo ${account.level} ${account.email} reach the agenda`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInWithBrowser(page, app.url, account.email, DEMO_PASSWORD);
      await page.waitForURL(`${app.url}/agenda`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Agenda");
      expect(await page.getByTestId("current-agent").textContent()).toContain(account.firstName);
      await screenshot(page, `sign-in-${account.level}`);
      await page.getByRole("button", { name: "Se déconnecter" }).click();
      await page.waitForURL(`${app.url}/connexion`);
      await context.close();
    });
  }

  it("shows a French error next to the password and opens no session on a wrong password", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithBrowser(page, app.url, DEMO_ACCOUNTS[2].email, "mauvais-mot-de-passe");
    await expect
      .poll(() => page.locator(".invalid-feedback").first().textContent())
      .toContain("Email ou mot de passe incorrect.");
    expect(page.url()).toBe(`${app.url}/connexion`);
    const cookies = await context.cookies();
    expect(cookies.some((c) => c.name === "rdv_session")).toBe(false);
    await screenshot(page, "sign-in-wrong-password");
    await context.close();
  });

  it("has a skip link to the content as the first focusable element", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/connexion`);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Aller au contenu");
    await page.close();
  });
});
