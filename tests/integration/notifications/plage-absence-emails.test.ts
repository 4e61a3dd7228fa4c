// Plage d'ouverture and absence emails to their owner: created, updated, deleted, at level all and none, with ICS
// files that calendars follow (TZID + VTIMEZONE + RRULE, occurrences at the same wall-clock time across DST).
import { randomUUID } from "node:crypto";
import ICAL from "ical.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Author } from "../../../src/domain/author.ts";
import type { AbsenceChange, AbsenceSnapshot, PlageChange, PlageSnapshot } from "../../../src/domain/changes.ts";
import type { RecurrenceColumns } from "../../../src/domain/recurrence/recurrence-columns.ts";
import type { EmailTransport } from "../../../src/notifications/transport.ts";
import { testDb } from "../../support/db.ts";
import { createTeam } from "../../support/factories.ts";
import { type ReceivedEmail, type SmtpSink, startSmtpSink } from "../../support/smtp-sink.ts";
import { APP_URL, agent, calendarOf, deliverAll, plan, prop, sinkTransport } from "./support.ts";

const db = testDb();
let sink: SmtpSink;
let transport: EmailTransport;
const NOW = new Date("2026-12-15T09:00:00Z");

beforeAll(async () => {
  sink = await startSmtpSink();
  transport = sinkTransport(sink.url);
});
afterAll(async () => {
  transport.close();
  await sink.close();
});
afterEach(() => ICAL.TimezoneService.reset());

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const noRecurrence: RecurrenceColumns = {
  recurrenceFrequency: null,
  recurrenceInterval: null,
  recurrenceWeekdays: [],
  recurrenceUntil: null,
};

type Team = Awaited<ReturnType<typeof createTeam>>;

function plageSnapshot(team: Team, fields: Partial<PlageSnapshot> = {}): PlageSnapshot {
  const id = randomUUID();
  return {
    id,
    organisationId: team.organisation.id,
    agentId: team.agent1.id,
    uid: `plage-${id}@rdv-agents.fr`,
    sequence: 0,
    title: "Permanence école",
    lieuId: team.organisation.lieu.id,
    motifIds: team.organisation.motifs.map((m) => m.id),
    firstDay: day("2027-01-04"),
    startTime: "09:00",
    endTime: "12:00",
    recurrenceFrequency: "week",
    recurrenceInterval: 1,
    recurrenceWeekdays: ["mo"],
    recurrenceUntil: null,
    ...fields,
  };
}

function absenceSnapshot(team: Team, fields: Partial<AbsenceSnapshot> = {}): AbsenceSnapshot {
  const id = randomUUID();
  return {
    id,
    organisationId: team.organisation.id,
    agentId: team.agent1.id,
    uid: `absence-${id}@rdv-agents.fr`,
    sequence: 0,
    title: "Congés",
    firstDay: day("2027-02-15"),
    startTime: "08:00",
    endDay: day("2027-02-19"),
    endTime: "18:00",
    ...noRecurrence,
    ...fields,
  };
}

/** Created, updated, deleted: the three changes of a plage's life. */
function plageLife(created: PlageSnapshot, updated: PlageSnapshot, author: Author): PlageChange[] {
  const kind = "plage_ouverture";
  return [
    { kind, action: "created", author, at: NOW, before: null, after: created },
    { kind, action: "updated", author, at: NOW, before: created, after: updated },
    { kind, action: "deleted", author, at: NOW, before: updated, after: null },
  ];
}

/** Created, updated, deleted: the three changes of an absence's life. */
function absenceLife(created: AbsenceSnapshot, updated: AbsenceSnapshot, author: Author): AbsenceChange[] {
  const kind = "absence";
  return [
    { kind, action: "created", author, at: NOW, before: null, after: created },
    { kind, action: "updated", author, at: NOW, before: created, after: updated },
    { kind, action: "deleted", author, at: NOW, before: updated, after: null },
  ];
}

async function deliver(team: Team): Promise<ReceivedEmail[]> {
  const before = sink.messages.length;
  await deliverAll(db, transport, team.organisation.id, NOW);
  return sink.messages.slice(before);
}

describe("plage d'ouverture emails", () => {
  it("tell the owner of every creation, change and deletion, made by a colleague, with one calendar event", async () => {
    const team = await createTeam(db);
    const created = plageSnapshot(team);
    const updated = { ...created, title: "Permanence école ; salle 2", startTime: "09:30", sequence: 1 };
    for (const change of plageLife(created, updated, agent(team.admin.id))) {
      await plan(db, change);
    }
    const emails = await deliver(team);

    expect(emails.map((e) => e.to)).toEqual([[team.agent1.email], [team.agent1.email], [team.agent1.email]]);
    expect(emails.map((e) => e.parsed.subject)).toEqual([
      "Plage d'ouverture créée\u00a0: Permanence école, à partir du lundi 4 janvier 2027",
      "Plage d'ouverture modifiée\u00a0: Permanence école\u202f; salle 2, à partir du lundi 4 janvier 2027",
      "Plage d'ouverture supprimée\u00a0: Permanence école\u202f; salle 2, à partir du lundi 4 janvier 2027",
    ]);
    const calendars = emails.map(calendarOf);
    expect(calendars.map(({ calendar }) => prop(calendar, "method"))).toEqual(["REQUEST", "REQUEST", "CANCEL"]);
    expect(calendars.map(({ event }) => prop(event, "status"))).toEqual(["CONFIRMED", "CONFIRMED", "CANCELLED"]);
    expect(calendars.map(({ event }) => prop(event, "uid"))).toEqual([created.uid, created.uid, created.uid]);
    expect(calendars.map(({ event }) => prop(event, "sequence"))).toEqual(["0", "1", "2"]);
    expect(calendars.map(({ event }) => prop(event, "transp"))).toEqual(["TRANSPARENT", "TRANSPARENT", "TRANSPARENT"]);
    expect(prop(calendars[1]!.event, "summary")).toBe("Plage d'ouverture\u00a0: Permanence école\u202f; salle 2");

    const [first, second, third] = emails.map((e) => e.parsed.text ?? "");
    expect(first).toContain(`${APP_URL}/plages/${created.id}`);
    expect(first).toContain(
      "Horaires\u00a0: Toutes les semaines, le lundi de 09:00 à 12:00, à partir du 4 janvier 2027",
    );
    expect(first).toContain("Lieu\u00a0: Lieu principal, 1 place de la Mairie, 75001 Paris");
    expect(first).toContain("Motifs\u00a0: Premier accueil, Suivi téléphonique");
    expect(first).toMatch(/Créée par\u00a0: Alice /);
    expect(second).toContain("Horaires\u00a0: Toutes les semaines, le lundi de 09:30 à 12:00");
    expect(second).toContain("Auparavant\u00a0: Toutes les semaines, le lundi de 09:00 à 12:00");
    expect(third).toMatch(/Supprimée par\u00a0: Alice /);
  });

  it("tell the owner of its own changes too", async () => {
    const team = await createTeam(db);
    await plan(db, {
      kind: "plage_ouverture",
      action: "created",
      author: agent(team.agent1.id),
      at: NOW,
      before: null,
      after: plageSnapshot(team),
    });
    const [email] = await deliver(team);
    expect(email?.to).toEqual([team.agent1.email]);
    expect(email?.parsed.text).toContain("Créée par\u00a0: vous-même");
  });

  it("send nothing to an owner at level none", async () => {
    const team = await createTeam(db);
    await db.agent.update({ where: { id: team.agent1.id }, data: { plageOuvertureNotificationLevel: "none" } });
    const created = plageSnapshot(team);
    for (const change of plageLife(created, { ...created, endTime: "13:00", sequence: 1 }, agent(team.admin.id))) {
      await plan(db, change);
    }
    expect(await deliver(team)).toEqual([]);
    expect(await db.outboxMessage.count({ where: { organisationId: team.organisation.id } })).toBe(0);
  });

  it("move the event from one agent's calendar to the other's when the plage changes hands", async () => {
    const team = await createTeam(db);
    const before = plageSnapshot(team);
    await plan(db, {
      kind: "plage_ouverture",
      action: "updated",
      author: agent(team.admin.id),
      at: NOW,
      before,
      after: { ...before, agentId: team.agent2.id, sequence: 1 },
    });
    const emails = await deliver(team);
    const to = (email: string) => emails.find((e) => e.to.includes(email));
    expect(to(team.agent1.email)?.parsed.subject).toBe(
      "Plage d'ouverture supprimée\u00a0: Permanence école, à partir du lundi 4 janvier 2027",
    );
    expect(prop(calendarOf(to(team.agent1.email)!).calendar, "method")).toBe("CANCEL");
    expect(to(team.agent2.email)?.parsed.subject).toBe(
      "Plage d'ouverture créée\u00a0: Permanence école, à partir du lundi 4 janvier 2027",
    );
    expect(prop(calendarOf(to(team.agent2.email)!).calendar, "method")).toBe("REQUEST");
    expect(emails).toHaveLength(2);
  });

  it("keep a weekly 09:00 plage at 09:00 in January and in July (TZID, VTIMEZONE, RRULE)", async () => {
    const team = await createTeam(db);
    await plan(db, {
      kind: "plage_ouverture",
      action: "created",
      author: agent(team.agent1.id),
      at: NOW,
      before: null,
      after: plageSnapshot(team, { recurrenceUntil: day("2027-12-31") }),
    });
    const [email] = await deliver(team);
    const { raw, event } = calendarOf(email!);
    const lines = raw.replaceAll("\r\n ", "").split("\r\n");
    expect(lines).toContain("DTSTART;TZID=Europe/Paris:20270104T090000");
    expect(lines).toContain("DTEND;TZID=Europe/Paris:20270104T120000");
    expect(lines).toContain("RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;UNTIL=20271231T225959Z");
    expect(lines).toContain("BEGIN:VTIMEZONE");

    const occurrences = expand(event);
    expect(occurrences.get("2027-01-11")).toEqual({ local: "09:00", utc: "2027-01-11T08:00:00.000Z" });
    expect(occurrences.get("2027-07-12")).toEqual({ local: "09:00", utc: "2027-07-12T07:00:00.000Z" });
    expect(occurrences.get("2027-12-27")).toEqual({ local: "09:00", utc: "2027-12-27T08:00:00.000Z" });
    expect(occurrences.size).toBe(52);
  });

  it("start the calendar series on the first real occurrence", async () => {
    const team = await createTeam(db, { timezone: "America/Miquelon" });
    await plan(db, {
      kind: "plage_ouverture",
      action: "created",
      author: agent(team.agent1.id),
      at: NOW,
      before: null,
      // Monday 4 January, for Tuesdays and Thursdays: the first occurrence is Tuesday 5 January.
      after: plageSnapshot(team, { recurrenceWeekdays: ["tu", "th"], recurrenceUntil: day("2027-08-31") }),
    });
    const [email] = await deliver(team);
    const { raw, event } = calendarOf(email!);
    expect(raw).toContain("DTSTART;TZID=America/Miquelon:20270105T090000");
    const occurrences = expand(event);
    expect([...occurrences.keys()][0]).toBe("2027-01-05");
    // Miquelon has daylight saving (UTC-3 in winter, UTC-2 in summer).
    expect(occurrences.get("2027-01-07")).toEqual({ local: "09:00", utc: "2027-01-07T12:00:00.000Z" });
    expect(occurrences.get("2027-07-06")).toEqual({ local: "09:00", utc: "2027-07-06T11:00:00.000Z" });
  });
});

describe("absence emails", () => {
  it("tell the owner of every creation, change and deletion, as busy time", async () => {
    const team = await createTeam(db);
    const created = absenceSnapshot(team);
    const updated = { ...created, endDay: day("2027-02-22"), sequence: 1 };
    for (const change of absenceLife(created, updated, agent(team.secretary.id))) {
      await plan(db, change);
    }
    const emails = await deliver(team);

    expect(emails.map((e) => e.parsed.subject)).toEqual([
      "Absence créée\u00a0: Congés, du lundi 15 février 2027 au vendredi 19 février 2027",
      "Absence modifiée\u00a0: Congés, du lundi 15 février 2027 au lundi 22 février 2027",
      "Absence supprimée\u00a0: Congés, du lundi 15 février 2027 au lundi 22 février 2027",
    ]);
    expect(emails.every((e) => e.to[0] === team.agent1.email)).toBe(true);
    const calendars = emails.map(calendarOf);
    expect(calendars.map(({ calendar }) => prop(calendar, "method"))).toEqual(["REQUEST", "REQUEST", "CANCEL"]);
    expect(calendars.map(({ event }) => prop(event, "sequence"))).toEqual(["0", "1", "2"]);
    expect(calendars.map(({ event }) => prop(event, "transp"))).toEqual(["OPAQUE", "OPAQUE", "OPAQUE"]);
    const [first, second] = calendars.map(({ event }) => expand(event));
    expect([...(first?.entries() ?? [])]).toEqual([
      ["2027-02-15", { local: "08:00", utc: "2027-02-15T07:00:00.000Z" }],
    ]);
    const end = calendars[1]?.event.getFirstPropertyValue("dtend");
    expect(end instanceof ICAL.Time && end.toJSDate().toISOString()).toBe("2027-02-22T17:00:00.000Z");
    expect(second?.size).toBe(1);

    const text = emails[0]?.parsed.text ?? "";
    expect(text).toContain(`${APP_URL}/absences/${created.id}`);
    expect(text).toContain("Horaires\u00a0: Du 15 février 2027 à 08:00 au 19 février 2027 à 18:00");
    expect(emails[1]?.parsed.text).toContain("Auparavant\u00a0: Du 15 février 2027 à 08:00 au 19 février 2027 à 18:00");
  });

  it("repeat a weekly absence with its rule, at the same local time across DST", async () => {
    const team = await createTeam(db);
    await plan(db, {
      kind: "absence",
      action: "created",
      author: agent(team.agent1.id),
      at: NOW,
      before: null,
      after: absenceSnapshot(team, {
        title: "Temps partiel",
        firstDay: day("2027-03-24"),
        endDay: day("2027-03-24"),
        startTime: "14:00",
        endTime: "18:00",
        recurrenceFrequency: "week",
        recurrenceInterval: 1,
        recurrenceWeekdays: ["we"],
        recurrenceUntil: day("2027-04-30"),
      }),
    });
    const [email] = await deliver(team);
    const occurrences = expand(calendarOf(email!).event);
    expect(occurrences.get("2027-03-24")).toEqual({ local: "14:00", utc: "2027-03-24T13:00:00.000Z" });
    expect(occurrences.get("2027-03-31")).toEqual({ local: "14:00", utc: "2027-03-31T12:00:00.000Z" });
    expect(occurrences.size).toBe(6);
  });

  it("send nothing to an owner at level none", async () => {
    const team = await createTeam(db);
    await db.agent.update({ where: { id: team.agent1.id }, data: { absenceNotificationLevel: "none" } });
    const created = absenceSnapshot(team);
    for (const change of absenceLife(created, { ...created, title: "Formation", sequence: 1 }, agent(team.agent1.id))) {
      await plan(db, change);
    }
    expect(await deliver(team)).toEqual([]);
  });

  it("still tell an owner at level none for absences about its plages, and the other way round", async () => {
    const team = await createTeam(db);
    await db.agent.update({ where: { id: team.agent1.id }, data: { absenceNotificationLevel: "none" } });
    await db.agent.update({ where: { id: team.agent2.id }, data: { plageOuvertureNotificationLevel: "none" } });
    const author = agent(team.admin.id);
    await plan(db, {
      kind: "plage_ouverture",
      action: "created",
      author,
      at: NOW,
      before: null,
      after: plageSnapshot(team),
    });
    await plan(db, {
      kind: "absence",
      action: "created",
      author,
      at: NOW,
      before: null,
      after: absenceSnapshot(team, { agentId: team.agent2.id }),
    });
    const emails = await deliver(team);
    expect(emails.map((e) => [e.to[0], e.parsed.subject]).sort()).toEqual(
      [
        [team.agent1.email, "Plage d'ouverture créée\u00a0: Permanence école, à partir du lundi 4 janvier 2027"],
        [team.agent2.email, "Absence créée\u00a0: Congés, du lundi 15 février 2027 au vendredi 19 février 2027"],
      ].sort(),
    );
  });
});

/** The occurrences of an event by local day: local start time and UTC instant. */
function expand(event: ICAL.Component): Map<string, { local: string; utc: string }> {
  const iterator = new ICAL.Event(event).iterator();
  const found = new Map<string, { local: string; utc: string }>();
  const pad = (n: number) => String(n).padStart(2, "0");
  for (let next = iterator.next(); next && found.size < 500; next = iterator.next()) {
    found.set(`${next.year}-${pad(next.month)}-${pad(next.day)}`, {
      local: `${pad(next.hour)}:${pad(next.minute)}`,
      utc: next.toJSDate().toISOString(),
    });
  }
  return found;
}
