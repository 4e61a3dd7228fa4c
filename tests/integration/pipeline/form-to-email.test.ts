// From a form posted over HTTP to the email the agent receives, through every real part: the app, its domain action,
// the outbox, the email worker running in the app as `npm start` runs it, and SMTP to a test server. Only what the
// recipient receives is checked (subject, calendar file), not how it is built on the way.

import ICAL from "ical.js";
import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "../../../src/db/migrate.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { calendarIn } from "../../support/calendar.ts";
import { createTeam, createUser } from "../../support/factories.ts";
import { type FreshDatabase, freshDatabase } from "../../support/fresh-database.ts";
import { signedInClient } from "../../support/http.ts";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.ts";

const ZONE = "Europe/Paris";

// The worker sends every due row of its database: it gets a database of its own, so that it never sends (nor marks
// sent) the rows other test files are waiting for on the shared test database.
let database: FreshDatabase;
let sink: SmtpSink;
let app: TestApp;
beforeAll(async () => {
  [database, sink] = await Promise.all([freshDatabase(), startSmtpSink()]);
  await runMigrations(database.url);
  app = await startTestApp({ SMTP_URL: sink.url }, { databaseUrl: database.url, worker: true });
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
  await sink?.close();
});
afterEach(() => ICAL.TimezoneService.reset());

/** A day `days` from today in the organisation's zone, as the date fields of the forms take it (YYYY-MM-DD). */
function dayFromToday(days: number): string {
  return DateTime.now().setZone(ZONE).plus({ days }).toISODate() ?? "";
}

/** The instant of a wall-clock time in the organisation's zone. */
function instant(day: string, time: string): Date {
  return DateTime.fromISO(`${day}T${time}`, { zone: ZONE }).toJSDate();
}

describe("from a form to the agent's mailbox", () => {
  it("an RDV moved by a secretary through its edit form reaches the agent at level all as « modifié » with a REQUEST at the new time", async () => {
    const team = await createTeam(app.db);
    await app.db.agent.update({ where: { id: team.agent1.id }, data: { rdvNotificationsLevel: "all" } });
    const usager = await createUser(app.db, team.organisation.id);
    const secretary = await signedInClient(app.url, team.secretary.email);
    const rdvForm = (day: string, time: string) => ({
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      date: day,
      time,
      durationInMin: "",
      agentIds: [team.agent1.id],
      userIds: [usager.id],
      notes: "",
      q: "",
      newUserFirstName: "",
      newUserLastName: "",
      newUserEmail: "",
      newUserPhone: "",
      intent: "save",
    });

    await secretary.get("/rdvs/nouveau");
    const booked = await secretary.post("/rdvs/nouveau", rdvForm(dayFromToday(20), "09:00"));
    expect(booked.status).toBe(302);
    const rdvPath = booked.location ?? "";
    expect(rdvPath).toMatch(/^\/rdvs\/[\w-]+$/);
    const created = await sink.waitForMessageTo(team.agent1.email, (email) => calendarIn(email).method === "REQUEST");

    const newDay = dayFromToday(21);
    expect((await secretary.get(`${rdvPath}/modifier`)).status).toBe(200);
    const moved = await secretary.post(`${rdvPath}/modifier`, rdvForm(newDay, "14:30"));
    expect(moved.status).toBe(302);
    expect(moved.location).toBe(rdvPath);

    // The change is the next REQUEST of the same event (a creation has SEQUENCE 0 and only one is sent).
    const first = calendarIn(created);
    const modified = await sink.waitForMessageTo(
      team.agent1.email,
      (email) => calendarIn(email).sequence > first.sequence,
    );
    // « RDV du … modifié », or for a move « RDV déplacé au … »: either way the subject says the RDV changed.
    expect(modified.parsed.subject).toMatch(/modifié|déplacé/);
    const calendar = calendarIn(modified);
    expect(calendar.method).toBe("REQUEST");
    expect(calendar.uid).toBe(first.uid);
    expect(calendar.start.toISOString()).toBe(instant(newDay, "14:30").toISOString());
    // Told of the booking and once of the move; the secretary, at the default level, is told nothing.
    expect(sink.messagesTo(team.agent1.email)).toHaveLength(2);
    expect(sink.messagesTo(team.secretary.email)).toEqual([]);
  });

  it("a plage d'ouverture deleted through its page reaches its owner as a CANCEL of the event it had received", async () => {
    const team = await createTeam(app.db);
    const owner = await signedInClient(app.url, team.agent1.email);
    const firstDay = dayFromToday(15);
    await owner.get("/plages/nouvelle");
    const saved = await owner.post("/plages", {
      agentId: team.agent1.id,
      title: "Permanence mairie annexe",
      lieuId: team.organisation.lieu.id,
      motifIds: [team.organisation.motif.id],
      firstDay,
      startTime: "09:00",
      endTime: "12:00",
      recurrenceEvery: "none",
      recurrenceInterval: "1",
      recurrenceUntil: "",
    });
    expect(saved.status).toBe(302);
    const created = await sink.waitForMessageTo(team.agent1.email, (email) => calendarIn(email).method === "REQUEST");

    // An admin deletes it from the owner's list, through the confirmation page.
    const admin = await signedInClient(app.url, team.admin.email);
    const list = await admin.get(`/plages?agentId=${team.agent1.id}`);
    const deletePath = /href="(\/plages\/[\w-]+\/supprimer)"/.exec(list.html)?.[1];
    if (!deletePath) throw new Error("no « Supprimer » link on the owner's list");
    const confirmation = await admin.get(deletePath);
    expect(confirmation.status).toBe(200);
    expect(confirmation.html).toContain("Permanence mairie annexe");
    const deleted = await admin.post(deletePath, {});
    expect(deleted.status).toBe(302);

    const cancel = await sink.waitForMessageTo(team.agent1.email, (email) => calendarIn(email).method === "CANCEL");
    expect(cancel.parsed.subject).toContain("Permanence mairie annexe");
    const calendar = calendarIn(cancel);
    expect(calendar.uid).toBe(calendarIn(created).uid);
    expect(calendar.sequence).toBeGreaterThan(calendarIn(created).sequence);
    expect(calendar.event.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(calendar.start.toISOString()).toBe(instant(firstDay, "09:00").toISOString());
  });
});
