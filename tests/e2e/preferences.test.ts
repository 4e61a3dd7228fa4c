// « Mon compte › Préférences de notifications » in a real browser: choose « Jamais », save, read the confirmation,
// and no RDV email is queued for that agent afterwards.
import { describe, expect, it } from "vitest";
import { recordChanges } from "../../src/domain/record-change.ts";
import { agent, domainContext, rdvSnapshot } from "../integration/notifications/support.ts";
import { appInBrowser, browserAvailable, screenshot, signInWithBrowser } from "../support/browser.ts";
import { testDb } from "../support/db.ts";
import { createTeam, TEST_PASSWORD } from "../support/factories.ts";

describe.runIf(browserAvailable)("notification preferences in a real browser", () => {
  const db = testDb();
  const journey = appInBrowser();

  it("lets an agent choose « Jamais » for its RDVs, save, and see « Préférences de notifications mises à jour. »", async () => {
    const team = await createTeam(db);
    const context = await journey.browser.newContext();
    const page = await context.newPage();
    await signInWithBrowser(page, journey.app.url, team.agent1.email, TEST_PASSWORD);
    await page.waitForURL(`${journey.app.url}/agenda`);
    await page.goto(`${journey.app.url}/mon-compte`);
    await page.getByRole("link", { name: "Préférences de notifications" }).click();
    await page.waitForURL(`${journey.app.url}/mon-compte/preferences`);

    const rdvs = page.getByRole("group", { name: "Rendez-vous" });
    expect(
      await rdvs
        .getByLabel(
          "Uniquement les modifications (faites par un usager ou un autre agent) moins de 24 heures à l'avance",
        )
        .isChecked(),
    ).toBe(true);
    await rdvs.getByLabel("Jamais").check();
    await page.getByRole("button", { name: "Enregistrer" }).click();

    await expect
      .poll(() => page.getByRole("status").textContent())
      .toContain("Préférences de notifications mises à jour.");
    expect(await page.getByRole("group", { name: "Rendez-vous" }).getByLabel("Jamais").isChecked()).toBe(true);
    expect(
      await page.getByRole("group", { name: "Plages d'ouverture" }).getByLabel("À chaque modification").isChecked(),
    ).toBe(true);
    await screenshot(page, "preferences-saved");
    await context.close();

    const stored = await db.agent.findUniqueOrThrow({ where: { id: team.agent1.id } });
    expect(stored.rdvNotificationsLevel).toBe("none");

    // A secretary's last-minute booking no longer emails this agent; it still emails a colleague at the default.
    await db.$transaction((tx) =>
      recordChanges(tx, domainContext(db), [
        {
          kind: "rdv",
          action: "created",
          author: agent(team.secretary.id),
          at: new Date(),
          before: null,
          after: rdvSnapshot({
            organisationId: team.organisation.id,
            motifId: team.organisation.motif.id,
            lieuId: team.organisation.lieu.id,
            startsAt: new Date(Date.now() + 60 * 60_000),
            durationInMin: 30,
            agentIds: [team.agent1.id, team.agent2.id],
            userIds: [],
          }),
        },
      ]),
    );
    const queued = await db.outboxMessage.findMany({ where: { organisationId: team.organisation.id } });
    expect(queued.map((row) => row.toEmail)).toEqual([team.agent2.email]);
  });
});
