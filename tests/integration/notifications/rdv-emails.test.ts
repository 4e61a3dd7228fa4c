// Every RDV rule × level × author × date, end to end: changes as domain actions describe them, planned in a
// transaction, delivered by the worker to a real SMTP server, read back with mailparser and ical.js.
import ICAL from "ical.js";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Author } from "../../../src/domain/author.ts";
import type { RdvChange, RdvSnapshot } from "../../../src/domain/changes.ts";
import type { RdvNotificationsLevel } from "../../../src/generated/prisma/enums.ts";
import type { EmailTransport } from "../../../src/notifications/transport.ts";
import { testDb } from "../../support/db.ts";
import { createAgent, createOrganisation, createUser } from "../../support/factories.ts";
import { type ReceivedEmail, type SmtpSink, startSmtpSink } from "../../support/smtp-sink.ts";
import { APP_URL, agent, calendarOf, deliverAll, plan, prop, rdvSnapshot, sinkTransport } from "./support.ts";

const ZONE = "Europe/Paris";
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();

/** The moment of every change: Wednesday 10 March 2027, 10:00 in Paris. */
const NOW = at("2027-03-10T10:00");

type DateCase = "past" | "today" | "tomorrow" | "in 3 days" | "moved from tomorrow to next month";
type EventCase = "created" | "updated" | "cancelled";
type AuthorCase = `participant at level ${RdvNotificationsLevel}` | "another agent" | "a secretary" | "a usager";

const START: Record<Exclude<DateCase, "moved from tomorrow to next month">, Date> = {
  past: at("2027-03-10T08:00"),
  today: at("2027-03-10T16:00"),
  tomorrow: at("2027-03-11T09:00"),
  "in 3 days": at("2027-03-13T09:00"),
};
const NEXT_MONTH = at("2027-04-14T09:00");

const LEVELS: RdvNotificationsLevel[] = ["all", "others", "soon", "none"];

/**
 * Who is emailed, written out by hand from the documentation: [when the agent made the change itself, when someone
 * else (another agent, a secretary, a usager) did]. The same for creations, changes and cancellations.
 */
const EXPECTED: Record<RdvNotificationsLevel, Record<DateCase, [self: boolean, other: boolean]>> = {
  all: {
    past: [false, false],
    today: [true, true],
    tomorrow: [true, true],
    "in 3 days": [true, true],
    "moved from tomorrow to next month": [true, true],
  },
  others: {
    past: [false, false],
    today: [false, true],
    tomorrow: [false, true],
    "in 3 days": [false, true],
    "moved from tomorrow to next month": [false, true],
  },
  soon: {
    past: [false, false],
    today: [false, true],
    tomorrow: [false, true],
    "in 3 days": [false, false],
    "moved from tomorrow to next month": [false, true],
  },
  none: {
    past: [false, false],
    today: [false, false],
    tomorrow: [false, false],
    "in 3 days": [false, false],
    "moved from tomorrow to next month": [false, false],
  },
};

const SUBJECTS: Record<EventCase, Partial<Record<DateCase, string>>> = {
  created: {
    today: "Nouveau RDV le mercredi 10 mars à 16:00 (aujourd'hui)",
    tomorrow: "Nouveau RDV le jeudi 11 mars à 09:00 (demain)",
    "in 3 days": "Nouveau RDV le samedi 13 mars à 09:00",
  },
  updated: {
    today: "RDV du mercredi 10 mars à 16:00 (aujourd'hui) modifié",
    tomorrow: "RDV du jeudi 11 mars à 09:00 (demain) modifié",
    "in 3 days": "RDV du samedi 13 mars à 09:00 modifié",
    "moved from tomorrow to next month": "RDV déplacé au mercredi 14 avril à 09:00",
  },
  cancelled: {
    today: "RDV du mercredi 10 mars à 16:00 (aujourd'hui) annulé",
    tomorrow: "RDV du jeudi 11 mars à 09:00 (demain) annulé",
    "in 3 days": "RDV du samedi 13 mars à 09:00 annulé",
  },
};

const AUTHORS: AuthorCase[] = [
  ...LEVELS.map((level): AuthorCase => `participant at level ${level}`),
  "another agent",
  "a secretary",
  "a usager",
];

type Case = { event: EventCase; date: DateCase; author: AuthorCase };
const CASES: Case[] = (["created", "updated", "cancelled"] as const).flatMap((event) =>
  (Object.keys(EXPECTED.all) as DateCase[])
    .filter((date) => event === "updated" || date !== "moved from tomorrow to next month")
    .flatMap((date) => AUTHORS.map((author) => ({ event, date, author }))),
);

describe("RDV emails for every level, author and date", () => {
  const db = testDb();
  let sink: SmtpSink;
  let transport: EmailTransport;
  let participants: Record<RdvNotificationsLevel, { id: string; email: string }>;
  const changes = new Map<Case, RdvChange>();

  beforeAll(async () => {
    sink = await startSmtpSink();
    transport = sinkTransport(sink.url);
    const organisation = await createOrganisation(db, { timezone: ZONE });
    const create = (level: RdvNotificationsLevel) =>
      createAgent(db, { organisationId: organisation.id, firstName: `Niveau-${level}` }).then((a) =>
        db.agent.update({ where: { id: a.id }, data: { rdvNotificationsLevel: level } }),
      );
    const [all, others, soon, none, colleague, secretary, usager] = await Promise.all([
      create("all"),
      create("others"),
      create("soon"),
      create("none"),
      createAgent(db, { organisationId: organisation.id, firstName: "Collègue" }),
      createAgent(db, { organisationId: organisation.id, level: "secretary", firstName: "Secrétaire" }),
      createUser(db, organisation.id, { firstName: "Jeanne", lastName: "Usagère" }),
    ]);
    participants = { all, others, soon, none };
    const authorOf: Record<AuthorCase, Author> = {
      "participant at level all": agent(all.id),
      "participant at level others": agent(others.id),
      "participant at level soon": agent(soon.id),
      "participant at level none": agent(none.id),
      "another agent": agent(colleague.id),
      "a secretary": agent(secretary.id),
      "a usager": { kind: "user", userId: usager.id },
    };
    const rdv = (startsAt: Date) =>
      rdvSnapshot({
        organisationId: organisation.id,
        motifId: organisation.motif.id,
        lieuId: organisation.lieu.id,
        startsAt,
        durationInMin: 30,
        agentIds: [all.id, others.id, soon.id, none.id],
        userIds: [usager.id],
      });
    for (const c of CASES) {
      const author = authorOf[c.author];
      const before = rdv(c.date === "moved from tomorrow to next month" ? START.tomorrow : START[c.date]);
      const change: RdvChange =
        c.event === "created"
          ? { kind: "rdv", action: "created", author, at: NOW, before: null, after: before }
          : c.event === "updated"
            ? {
                kind: "rdv",
                action: "updated",
                author,
                at: NOW,
                before,
                after:
                  c.date === "moved from tomorrow to next month"
                    ? { ...before, startsAt: NEXT_MONTH, sequence: 1 }
                    : { ...before, durationInMin: 45, sequence: 1 },
              }
            : {
                kind: "rdv",
                action: "updated",
                author,
                at: NOW,
                before,
                after: { ...before, status: "revoked", sequence: 1 },
              };
      changes.set(c, change);
      await plan(db, change);
    }
    await deliverAll(db, transport, organisation.id, NOW);
  });

  afterAll(async () => {
    transport.close();
    await sink.close();
  });

  function emailsOf(rdv: RdvSnapshot): ReceivedEmail[] {
    return sink.messages.filter((email) => prop(calendarOf(email).event, "uid") === rdv.uid);
  }

  it.each(CASES)("$event $date by $author", (c) => {
    const change = changes.get(c);
    const rdv = change?.before ?? change?.after;
    if (!change || !rdv) throw new Error("case not planned");
    const expected = LEVELS.filter((level) => {
      const [self, other] = EXPECTED[level][c.date];
      return c.author === `participant at level ${level}` ? self : other;
    }).map((level) => participants[level].email);

    const emails = emailsOf(rdv);
    expect(emails.flatMap((email) => email.to).sort()).toEqual(expected.sort());

    for (const email of emails) {
      expect(email.parsed.subject).toBe(SUBJECTS[c.event][c.date]);
      const { calendar, event } = calendarOf(email);
      const cancel = c.event === "cancelled";
      expect(prop(calendar, "method")).toBe(cancel ? "CANCEL" : "REQUEST");
      expect(prop(event, "status")).toBe(cancel ? "CANCELLED" : "CONFIRMED");
      expect(prop(event, "sequence")).toBe(c.event === "created" ? "0" : "1");
      expect(prop(event, "attendee")).toBe(`mailto:${email.to[0]}`);
      const shown = cancel ? change.before : change.after;
      const dtstart = event.getFirstPropertyValue("dtstart");
      expect(dtstart instanceof ICAL.Time && dtstart.toJSDate().toISOString()).toBe(shown?.startsAt.toISOString());
      expect(email.parsed.text).toContain(`${APP_URL}/rdvs/${rdv.id}`);
    }
  });

  it("sends exactly the emails of the table, no more", () => {
    const expectedCount = CASES.reduce(
      (sum, c) =>
        sum +
        LEVELS.filter((level) => EXPECTED[level][c.date][c.author === `participant at level ${level}` ? 0 : 1]).length,
      0,
    );
    expect(sink.messages).toHaveLength(expectedCount);
  });

  it("shows the old and the new time of a moved RDV, and who moved it", () => {
    const moved = CASES.find((c) => c.date === "moved from tomorrow to next month" && c.author === "a secretary");
    const change = moved && changes.get(moved);
    const [email] = change?.after ? emailsOf(change.after) : [];
    expect(email?.parsed.text).toContain("Ancien horaire\u00a0: jeudi 11 mars 2027 à 09:00");
    expect(email?.parsed.text).toContain("Nouvel horaire\u00a0: mercredi 14 avril 2027 à 09:00");
    expect(email?.parsed.text).toMatch(/Modifié par\u00a0: Secrétaire /);
    expect(email?.parsed.html).toContain("Nouvel horaire&nbsp;: <strong>mercredi 14 avril 2027 à 09:00</strong>");
  });

  it("recaps date, time, lieu, motif, usager, duration and author of a new RDV", () => {
    const created = CASES.find((c) => c.event === "created" && c.date === "tomorrow" && c.author === "a usager");
    const change = created && changes.get(created);
    const email = change?.after ? emailsOf(change.after).find((e) => e.to[0] === participants.soon.email) : undefined;
    const text = email?.parsed.text ?? "";
    for (const line of [
      "Date\u00a0: jeudi 11 mars 2027",
      "Heure\u00a0: 09:00",
      "Durée\u00a0: 30 min",
      "Lieu\u00a0: Lieu principal, 1 place de la Mairie, 75001 Paris",
      "Motif\u00a0: Premier accueil",
      "Usager\u00a0: Jeanne Usagère",
      "Ajouté par\u00a0: Jeanne Usagère (usager)",
    ]) {
      expect(text).toContain(line);
    }
  });
});
