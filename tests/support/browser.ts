// Headless Chromium for journey tests: Debian's /usr/bin/chromium driven by playwright-core (never a downloaded
// browser). Without it the browser tests are skipped loudly, unless REQUIRE_BROWSER=1 (CI) makes that a failure.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startTestApp, type TestApp } from "./app.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const browserAvailable = existsSync(CHROMIUM_PATH);
export const ARTIFACTS_DIR = join(import.meta.dirname, "../../test-artifacts");

if (!browserAvailable) {
  if (process.env.REQUIRE_BROWSER === "1") {
    throw new Error(`REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM_PATH}: install it (apt-get install -y chromium).`);
  }
  console.warn(
    `\n!!! BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install it with 'apt-get install -y chromium'.\n`,
  );
}

/** Launch headless Chromium with the flags this machine needs (no sandbox in containers, no GPU, no network chatter). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/** The app and the browser of one file's journeys, available from its tests on. */
export type BrowserJourney = { readonly app: TestApp; readonly browser: Browser };

/**
 * Start the real app (with these configuration overrides) and Chromium before the tests of the calling file or
 * describe block, and close both after them.
 */
export function appInBrowser(env: Record<string, string> = {}): BrowserJourney {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    // Side by side; each is kept as soon as it is up, so that afterAll closes it even if the other failed.
    await Promise.all([
      startTestApp(env).then((started) => {
        app = started;
      }),
      launchBrowser().then((launched) => {
        browser = launched;
      }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  return {
    get app() {
      if (!app) throw new Error("the app starts in beforeAll: use it from a test");
      return app;
    },
    get browser() {
      if (!browser) throw new Error("the browser starts in beforeAll: use it from a test");
      return browser;
    },
  };
}

/** Keep a screenshot of the page as a test artifact (test-artifacts/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Sign in through the real form. */
export async function signInWithBrowser(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/connexion`);
  await page.getByLabel("Adresse email").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
}
