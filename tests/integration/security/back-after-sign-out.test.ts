// Class 8 of the hostile-input review, in a real browser: after « Se déconnecter », the Back button must not show the
// usager's contact details and RDVs again from the browser's cache (pages are no-store; sign-out clears the cache).
import { describe, expect, it } from "vitest";
import { appInBrowser, browserAvailable, signInWithBrowser } from "../../support/browser.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser, TEST_PASSWORD } from "../../support/factories.ts";

describe.runIf(browserAvailable)("the Back button after sign-out", () => {
  const journey = appInBrowser();

  it("shows the sign-in page, not the usager's page the agent had open", async () => {
    const db = testDb();
    const { admin, organisation } = await createTeam(db);
    const usager = await createUser(db, organisation.id);
    const context = await journey.browser.newContext();
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, journey.app.url, admin.email, TEST_PASSWORD);
      await page.waitForURL(`${journey.app.url}/agenda`);
      await page.goto(`${journey.app.url}/admin/usagers/${usager.id}`);
      expect(await page.content()).toContain(usager.email ?? "");

      await page.getByRole("button", { name: "Se déconnecter" }).click();
      await page.waitForURL(`${journey.app.url}/connexion`);
      await page.goBack();
      await page.waitForLoadState("load");

      expect(await page.content()).not.toContain(usager.email ?? "");
      expect(page.url()).toContain("/connexion");
    } finally {
      await context.close();
    }
  });
});
