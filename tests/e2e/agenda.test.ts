import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { agentAuthor } from "../../src/domain/author.ts";
import { createPlage } from "../../src/domain/plages/create-plage.ts";
import { insertAbsence, insertRdv } from "../integration/agenda/agenda-fixtures.ts";
import { appInBrowser, browserAvailable, screenshot, signInWithBrowser } from "../support/browser.ts";
import { testDb } from "../support/db.ts";
import { createTeam, createUser, TEST_PASSWORD } from "../support/factories.ts";

type Box = { top: number; bottom: number };

describe.runIf(browserAvailable)("the agenda in a real browser", () => {
  const journey = appInBrowser();

  /** Vertical extent of the elements matching `selector`, in page pixels, with the day column each sits in. */
  async function boxes(page: Page, selector: string): Promise<(Box & { date: string | null })[]> {
    return page.locator(selector).evaluateAll((elements) =>
      elements.map((element) => {
        const rect = element.getBoundingClientRect();
        const column = element.closest("[data-date]");
        return { top: rect.top, bottom: rect.bottom, date: column?.getAttribute("data-date") ?? null };
      }),
    );
  }

  async function slotTop(page: Page, time: string): Promise<number> {
    const [slot] = await boxes(page, `td.fc-timegrid-slot-lane[data-time="${time}"]`);
    if (!slot) throw new Error(`no slot at ${time}`);
    return slot.top;
  }

  it("agent1 creates a weekly plage and sees it in its week view, at 09:00 on both sides of the DST change", async () => {
    const db = testDb();
    const { organisation, agent1 } = await createTeam(db);
    // Through the domain action the plage form calls, as agent1.
    await createPlage(
      { db, config: journey.app.config },
      {
        actor: { agentId: agent1.id, memberships: [{ organisationId: organisation.id, level: "agent" }] },
        author: agentAuthor(agent1.id),
        plage: {
          organisationId: organisation.id,
          title: "Permanence du matin",
          lieuId: organisation.lieu.id,
          motifIds: [organisation.motif.id],
          firstDay: "2027-03-22",
          startTime: "09:00",
          endTime: "12:00",
          recurrence: { every: "week", interval: 1, weekdays: ["mo", "th"] },
        },
      },
    );

    // A browser far from the organisation: the calendar must still show Paris time.
    const context = await journey.browser.newContext({
      timezoneId: "Asia/Tokyo",
      locale: "fr-FR",
      viewport: { width: 1280, height: 1000 },
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      // Chromium asks for /favicon.ico on its own; there is none.
      if (message.location().url.endsWith("/favicon.ico")) return;
      if (message.type() === "error" || /Content Security Policy/.test(message.text())) problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await signInWithBrowser(page, journey.app.url, agent1.email, TEST_PASSWORD);
    await page.waitForURL(`${journey.app.url}/agenda`);

    await page.goto(`${journey.app.url}/agenda?date=2027-03-24`);
    const plages = page.locator(".fc-timegrid .fc-bg-event.agenda-plage");
    await expect.poll(() => plages.count()).toBe(2);
    // The server-rendered list gives way to the calendar.
    expect(await page.locator("[data-agenda-list]").isHidden()).toBe(true);
    expect(await page.locator(".fc-toolbar-title").textContent()).toContain("mars 2027");
    expect(await plages.first().textContent()).toContain("Permanence du matin");

    const checkWeek = async (expectedDays: string[]) => {
      const found = await boxes(page, ".fc-timegrid .fc-bg-event.agenda-plage");
      expect(found.map((box) => box.date)).toEqual(expectedDays);
      const nine = await slotTop(page, "09:00:00");
      const noon = await slotTop(page, "12:00:00");
      for (const box of found) {
        expect(Math.abs(box.top - nine)).toBeLessThanOrEqual(2);
        expect(Math.abs(box.bottom - noon)).toBeLessThanOrEqual(2);
      }
    };
    await checkWeek(["2027-03-22", "2027-03-25"]);
    await screenshot(page, "agenda-week-before-dst");

    // Next week, after the change to summer time on Sunday 28 March: still 09:00–12:00.
    await page.getByRole("button", { name: "Semaine suivante" }).click();
    await expect
      .poll(async () => (await boxes(page, ".fc-bg-event.agenda-plage")).map((box) => box.date))
      .toEqual(["2027-03-29", "2027-04-01"]);
    await checkWeek(["2027-03-29", "2027-04-01"]);
    // The address follows, so that a reload or a change of agent stays on this week.
    expect(new URL(page.url()).searchParams.get("date")).toBe("2027-03-29");
    expect(await page.locator("[data-agenda-new-rdv]").getAttribute("href")).toContain("date=2027-03-29");
    await screenshot(page, "agenda-week-after-dst");

    // The day view shows the same plage.
    await page.getByRole("button", { name: "Jour", exact: true }).click();
    await expect.poll(() => page.locator(".fc-bg-event.agenda-plage").count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("vue")).toBe("jour");

    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows a colleague's agenda from the picker, and the list without JavaScript", async () => {
    const db = testDb();
    const { organisation, agent1, agent2 } = await createTeam(db);
    await createPlage(
      { db, config: journey.app.config },
      {
        actor: { agentId: agent2.id, memberships: [{ organisationId: organisation.id, level: "agent" }] },
        author: agentAuthor(agent2.id),
        plage: {
          organisationId: organisation.id,
          title: "Permanence de Chloé",
          lieuId: organisation.lieu.id,
          motifIds: [organisation.motif.id],
          firstDay: "2027-03-23",
          startTime: "14:00",
          endTime: "16:00",
          recurrence: null,
        },
      },
    );
    const usager = await createUser(db, organisation.id, { firstName: "Marie", lastName: "Curie" });
    const rdv = await insertRdv(db, {
      organisationId: organisation.id,
      motifId: organisation.motif.id,
      lieuId: organisation.lieu.id,
      startsAt: "2027-03-23T13:30:00Z",
      durationInMin: 30,
      agentIds: [agent2.id],
      userIds: [usager.id],
    });
    await insertAbsence(db, {
      organisationId: organisation.id,
      agentId: agent2.id,
      title: "Formation",
      firstDay: "2027-03-25",
      startTime: "10:00",
      endDay: "2027-03-25",
      endTime: "12:00",
      recurrence: null,
    });
    const context = await journey.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await signInWithBrowser(page, journey.app.url, agent1.email, TEST_PASSWORD);
    await page.waitForURL(`${journey.app.url}/agenda`);
    await page.goto(`${journey.app.url}/agenda?date=2027-03-24`);
    await page.getByLabel("Voir l'agenda de").selectOption(agent2.id);
    await page.waitForURL((url) => url.searchParams.get("agentId") === agent2.id);
    expect(new URL(page.url()).searchParams.get("date")).toBe("2027-03-24");
    await expect.poll(() => page.locator(".fc-bg-event.agenda-plage").count()).toBe(1);
    expect(await page.getByTestId("agenda-agent").textContent()).toContain("Chloé");
    const rdvLink = page.getByRole("link", { name: /Premier accueil — Marie Curie/ });
    expect(await rdvLink.getAttribute("href")).toBe(`/rdvs/${rdv.id}`);
    expect(await rdvLink.textContent()).toContain("14:30");
    const absence = page.locator(".fc-event.agenda-absence");
    expect(await absence.textContent()).toContain("Formation");
    expect(await absence.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe("rgb(106, 106, 106)");
    await screenshot(page, "agenda-colleague-week");
    await context.close();

    const noScript = await journey.browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await signInWithBrowser(plain, journey.app.url, agent1.email, TEST_PASSWORD);
    await plain.waitForURL(`${journey.app.url}/agenda`);
    await plain.goto(`${journey.app.url}/agenda?agentId=${agent2.id}&date=2027-03-24`);
    expect(await plain.locator("[data-agenda-list]").isVisible()).toBe(true);
    expect(await plain.locator("#agenda-calendrier").isHidden()).toBe(true);
    expect(await plain.locator("[data-agenda-list]").textContent()).toContain("Permanence de Chloé");
    await screenshot(plain, "agenda-without-javascript");
    await noScript.close();
  });
});
