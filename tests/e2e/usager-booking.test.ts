// The whole usager journey on a phone-sized window (390 px), through every real part: the public pages in Chromium,
// the booking transaction, the outbox worker running in the app, SMTP to the test server, and back to the app by the
// link of the confirmation email to move, then cancel. No account, no cookie but the CSRF one.
import { DateTime } from "luxon";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "../../src/db/migrate.ts";
import { bookingTeam, ZONE } from "../integration/reservations/reservation-fixtures.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { expectAccessible } from "../support/axe.ts";
import { browserAvailable, launchBrowser, screenshot } from "../support/browser.ts";
import { calendarIn } from "../support/calendar.ts";
import { type FreshDatabase, freshDatabase } from "../support/fresh-database.ts";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.ts";

describe.runIf(browserAvailable)("a usager books, moves and cancels from a phone", () => {
  // The worker sends every due row of its database: it gets a database of its own.
  let database: FreshDatabase;
  let sink: SmtpSink;
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [database, sink, browser] = await Promise.all([freshDatabase(), startSmtpSink(), launchBrowser()]);
    await runMigrations(database.url);
    app = await startTestApp({ SMTP_URL: sink.url }, { databaseUrl: database.url, worker: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
    await sink?.close();
  });

  it("books a créneau, gets the email with its calendar and link, moves the RDV, then cancels it", {
    timeout: 120_000,
  }, async () => {
    const team = await bookingTeam(app.db, { agents: ["agent1", "agent2"] });
    await app.db.agent.updateMany({
      where: { id: { in: [team.agent1.id, team.agent2.id] } },
      data: { rdvNotificationsLevel: "all" },
    });
    const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });

    // From the app's front door (the sign-in page), the entry page lists the organisation; then motif, lieu, créneau.
    await page.goto(`${app.url}/connexion`);
    await page.getByRole("link", { name: "Prendre rendez-vous en ligne" }).click();
    await page.waitForURL(`${app.url}/prendre-rdv`);
    await page.getByRole("link", { name: team.organisation.name }).click();
    await page.getByRole("link", { name: /Premier accueil/ }).click();
    await expectAccessible(page, "usager: choose a lieu at 390 px");
    await page.getByRole("link", { name: /Lieu principal/ }).click();
    await page.getByRole("heading", { name: "Choisissez un créneau" }).waitFor();
    await expectAccessible(page, "usager: choose a créneau at 390 px");
    await screenshot(page, "usager-booking-creneaux-390");
    // No horizontal scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const firstDay = await page.getByTestId("creneaux-jour").first().textContent();
    expect(firstDay).toMatch(/\d{4}$/);
    // Tomorrow at 10:00 in the organisation's zone (always inside the window: at least 10 hours ahead).
    const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 }).setLocale("fr");
    const booked = tomorrow.set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    await page.getByRole("link", { name: booked.toFormat("cccc d LLLL yyyy 'à' HH:mm") }).click();

    // The form: errors come back in French with what was typed.
    await page.getByLabel("Prénom").fill("Jeanne");
    await page.getByRole("textbox", { name: "Nom", exact: true }).fill("Martin");
    await page.getByLabel("Adresse email").fill("jeanne.martin@example");
    await page.getByLabel("Téléphone").fill("06 12");
    await page.getByRole("button", { name: "Confirmer le rendez-vous" }).click();
    await page.locator("#champ-email-erreur").getByText("Saisissez une adresse email valide").waitFor();
    await page.locator("#champ-phone-erreur").getByText("Saisissez un numéro de téléphone valide").waitFor();
    expect(await page.getByLabel("Prénom").inputValue()).toBe("Jeanne");
    await expectAccessible(page, "usager: booking form with errors at 390 px");
    problems.splice(0); // the 422 above was expected
    await page.getByLabel("Adresse email").fill("jeanne.martin@example.org");
    await page.getByLabel("Téléphone").fill("06 12 34 56 78");
    await page.getByRole("button", { name: "Confirmer le rendez-vous" }).click();
    await page.getByText("Votre rendez-vous est confirmé").waitFor();
    expect(await page.getByTestId("rdv-date").textContent()).toBe(booked.toFormat("cccc d LLLL yyyy 'à' HH:mm"));
    await screenshot(page, "usager-booking-confirmed-390");

    // The confirmation email: the RDV, an invitation for the calendar, and the link.
    const confirmation = await sink.waitForMessageTo("jeanne.martin@example.org", () => true);
    expect(confirmation.parsed.subject).toContain(booked.toFormat("d LLLL yyyy 'à' HH:mm"));
    const invitation = calendarIn(confirmation);
    expect(invitation.method).toBe("REQUEST");
    expect(invitation.start.getTime()).toBe(booked.toMillis());
    const link = /http:\/\/127\.0\.0\.1\/mon-rdv\/[A-Za-z0-9_-]{43}/.exec(confirmation.parsed.text ?? "")?.[0];
    if (!link) throw new Error("no link in the confirmation");
    // The agent who got it, at level all, is emailed as well; the usager is named.
    const rdvAgent = await app.db.rdvAgent.findFirstOrThrow({
      where: { rdv: { organisationId: team.organisation.id } },
      select: { agent: { select: { email: true } } },
    });
    const agentEmail = await sink.waitForMessageTo(rdvAgent.agent.email, () => true);
    expect(agentEmail.parsed.text).toContain("Jeanne Martin");

    // Following the link (the app's APP_URL of the tests has no port: the path is taken onto the test server).
    const manage = `${app.url}${new URL(link).pathname}`;
    await page.goto(manage);
    await page.getByRole("link", { name: "Déplacer ce rendez-vous" }).click();
    await expectAccessible(page, "usager: move at 390 px");
    const moved = tomorrow.set({ hour: 11, minute: 30, second: 0, millisecond: 0 });
    await page.getByLabel(moved.toFormat("cccc d LLLL yyyy 'à' HH:mm")).check();
    await page.getByRole("button", { name: "Déplacer à ce créneau" }).click();
    await page.getByText("Votre rendez-vous a été déplacé").waitFor();
    expect(await page.getByTestId("rdv-date").textContent()).toBe(moved.toFormat("cccc d LLLL yyyy 'à' HH:mm"));
    const moveEmail = await sink.waitForMessageTo(
      "jeanne.martin@example.org",
      (email) => calendarIn(email).sequence === 1,
    );
    expect(calendarIn(moveEmail)).toMatchObject({ method: "REQUEST", uid: invitation.uid });
    expect(calendarIn(moveEmail).start.getTime()).toBe(moved.toMillis());

    await page.getByRole("button", { name: "Annuler ce rendez-vous" }).click();
    await page.getByText("Votre rendez-vous est annulé").waitFor();
    expect(await page.getByTestId("rdv-statut").textContent()).toBe("Annulé");
    expect(await page.getByRole("button", { name: "Annuler ce rendez-vous" }).count()).toBe(0);
    const cancelEmail = await sink.waitForMessageTo(
      "jeanne.martin@example.org",
      (email) => calendarIn(email).method === "CANCEL",
    );
    expect(calendarIn(cancelEmail)).toMatchObject({ uid: invitation.uid, sequence: 2 });
    await expectAccessible(page, "usager: cancelled RDV at 390 px");

    const rdvs = await app.db.rdv.findMany({ where: { organisationId: team.organisation.id } });
    expect(rdvs.map((rdv) => [rdv.status, rdv.startsAt.getTime()])).toEqual([["excused", moved.toMillis()]]);
    // A wrong link is a plain 404 page.
    const wrong = await page.goto(`${manage.slice(0, -4)}AAAA`);
    expect(wrong?.status()).toBe(404);
    problems.splice(problems.indexOf(`404 ${manage.slice(0, -4)}AAAA`), 1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows « Ce créneau vient d'être pris » and the list again when another usager was faster", async () => {
    const team = await bookingTeam(app.db);
    const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${app.url}/prendre-rdv/${team.organisation.id}`);
    await page.getByRole("link", { name: /Premier accueil/ }).click();
    await page.getByRole("link", { name: /Lieu principal/ }).click();
    const slot = DateTime.now()
      .setZone(ZONE)
      .plus({ days: 2 })
      .set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
      .setLocale("fr");
    const label = slot.toFormat("cccc d LLLL yyyy 'à' HH:mm");
    await page.getByRole("link", { name: label }).click();
    await page.getByLabel("Prénom").fill("Paul");
    await page.getByRole("textbox", { name: "Nom", exact: true }).fill("Durand");
    await page.getByLabel("Adresse email").fill("paul.durand@example.org");
    await page.getByLabel("Téléphone").fill("0700000000");
    // Meanwhile, someone else books the same créneau through the API.
    const other = await fetch(`${app.url}/api/public/v1/reservations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        organisationId: team.organisation.id,
        motifId: team.organisation.motif.id,
        lieuId: team.organisation.lieu.id,
        startsAt: slot.toISO({ suppressMilliseconds: true }),
        usager: { firstName: "Rapide", lastName: "Usager", email: "rapide@example.org", phone: "0600000000" },
      }),
    });
    expect(other.status).toBe(201);
    await page.getByRole("button", { name: "Confirmer le rendez-vous" }).click();
    await page.getByText("Ce créneau vient d'être pris, choisissez-en un autre").waitFor();
    await page.getByRole("heading", { name: "Choisissez un créneau" }).waitFor();
    expect(await page.getByRole("link", { name: label }).count()).toBe(0);
    expect(await app.db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(1);
    await context.close();
  });
});
