// The rules end to end through the real domain actions (RDVs, plages, absences): each action's transaction queues
// the emails, the worker delivers them to a real SMTP server, and the ICS follows the record's UID and SEQUENCE.

import ICAL from "ical.js";
import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAbsence } from "../../../src/domain/absences/create-absence.ts";
import { deleteAbsence } from "../../../src/domain/absences/delete-absence.ts";
import { updateAbsence } from "../../../src/domain/absences/update-absence.ts";
import type { Actor } from "../../../src/domain/auth/actor.ts";
import { agentAuthor } from "../../../src/domain/author.ts";
import { createPlage } from "../../../src/domain/plages/create-plage.ts";
import { deletePlage } from "../../../src/domain/plages/delete-plage.ts";
import { updatePlage } from "../../../src/domain/plages/update-plage.ts";
import { changeRdvStatus } from "../../../src/domain/rdvs/change-rdv-status.ts";
import { createRdv } from "../../../src/domain/rdvs/create-rdv.ts";
import { deleteRdv } from "../../../src/domain/rdvs/delete-rdv.ts";
import { parseNewRdvBody, parseRdvPatchBody } from "../../../src/domain/rdvs/rdv.schemas.ts";
import { updateRdv } from "../../../src/domain/rdvs/update-rdv.ts";
import type { RoleLevel } from "../../../src/generated/prisma/enums.ts";
import type { EmailTransport } from "../../../src/notifications/transport.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser } from "../../support/factories.ts";
import { type ReceivedEmail, type SmtpSink, startSmtpSink } from "../../support/smtp-sink.ts";
import { calendarOf, deliverAll, domainContext, prop, renderedRows, sinkTransport } from "./support.ts";

const db = testDb();
const context = domainContext(db);
let sink: SmtpSink;
let transport: EmailTransport;

beforeAll(async () => {
  sink = await startSmtpSink();
  transport = sinkTransport(sink.url);
});
afterAll(async () => {
  transport.close();
  await sink.close();
});
afterEach(() => ICAL.TimezoneService.reset());

const ZONE = "Europe/Paris";
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE });
/** Monday 14 June 2027, 11:00 in Paris. */
const NOW = at("2027-06-14T11:00").toJSDate();

type Team = Awaited<ReturnType<typeof createTeam>>;

function actorOf(team: Team, who: "admin" | "secretary" | "agent1" | "agent2"): Actor {
  const level: RoleLevel = who === "agent1" || who === "agent2" ? "agent" : who;
  return { agentId: team[who].id, memberships: [{ organisationId: team.organisation.id, level }] };
}

async function setup(
  levels: { agent1?: "all" | "others" | "soon" | "none"; agent2?: "all" | "others" | "soon" | "none" } = {},
) {
  const team = await createTeam(db, { timezone: ZONE });
  const usager = await createUser(db, team.organisation.id, { firstName: "Jeanne", lastName: "Usagère" });
  for (const who of ["agent1", "agent2"] as const) {
    const level = levels[who];
    if (level) await db.agent.update({ where: { id: team[who].id }, data: { rdvNotificationsLevel: level } });
  }
  return { team, usager };
}

async function deliver(team: Team): Promise<ReceivedEmail[]> {
  const before = sink.messages.length;
  await deliverAll(db, transport, team.organisation.id, NOW);
  return sink.messages.slice(before);
}

function summary(emails: ReceivedEmail[]) {
  return emails.map((email) => {
    const { calendar, event } = calendarOf(email);
    return {
      to: email.to[0],
      subject: email.parsed.subject,
      method: prop(calendar, "method"),
      sequence: prop(event, "sequence"),
    };
  });
}

describe("RDV actions", () => {
  async function book(team: Team, usagerId: string, by: Actor, startsAt: DateTime, agentIds: string[]) {
    return createRdv(context, {
      actor: by,
      author: agentAuthor(by.agentId),
      now: NOW,
      rdv: parseNewRdvBody({
        organisationId: team.organisation.id,
        motifId: team.organisation.motif.id,
        lieuId: team.organisation.lieu.id,
        startsAt: startsAt.toISO(),
        agentIds,
        userIds: [usagerId],
      }),
    });
  }

  it("a secretary booking for tomorrow emails the agent at the default level, not for next week", async () => {
    const { team, usager } = await setup();
    await book(team, usager.id, actorOf(team, "secretary"), at("2027-06-15T09:00"), [team.agent1.id]);
    await book(team, usager.id, actorOf(team, "secretary"), at("2027-06-21T09:00"), [team.agent1.id]);
    expect(summary(await deliver(team))).toEqual([
      {
        to: team.agent1.email,
        subject: "Nouveau RDV le mardi 15 juin à 09:00 (demain)",
        method: "REQUEST",
        sequence: "0",
      },
    ]);
  });

  it("a usager booking for today emails the agent; the author is the usager, explicitly", async () => {
    const { team, usager } = await setup();
    await createRdv(context, {
      actor: actorOf(team, "agent2"),
      author: { kind: "user", userId: usager.id },
      now: NOW,
      rdv: parseNewRdvBody({
        organisationId: team.organisation.id,
        motifId: team.organisation.motif.id,
        lieuId: team.organisation.lieu.id,
        startsAt: at("2027-06-14T16:30").toISO(),
        agentIds: [team.agent1.id],
        userIds: [usager.id],
      }),
    });
    const [email] = await deliver(team);
    expect(email?.parsed.subject).toBe("Nouveau RDV le lundi 14 juin à 16:30 (aujourd'hui)");
    expect(email?.parsed.text).toContain("Ajouté par\u00a0: Jeanne Usagère (usager)");
  });

  it("an agent booking its own RDV is emailed at level all only", async () => {
    const { team, usager } = await setup({ agent1: "all", agent2: "others" });
    await book(team, usager.id, actorOf(team, "agent1"), at("2027-06-17T10:00"), [team.agent1.id]);
    await book(team, usager.id, actorOf(team, "agent2"), at("2027-06-17T11:00"), [team.agent2.id]);
    expect(summary(await deliver(team)).map((e) => [e.to, e.subject])).toEqual([
      [team.agent1.email, "Nouveau RDV le jeudi 17 juin à 10:00"],
    ]);
  });

  it("follows an RDV through a move, a note, seen, cancellation, revival, a change of agents and deletion", async () => {
    const { team, usager } = await setup({ agent1: "soon", agent2: "all" });
    const secretary = actorOf(team, "secretary");
    const author = agentAuthor(secretary.agentId);
    const created = await book(team, usager.id, secretary, at("2027-06-15T09:00"), [team.agent1.id]);
    const rdvId = created.record.id;
    const step = async (action: () => Promise<unknown>) => {
      await action();
      return summary(await deliver(team));
    };

    expect((await deliver(team)).map((e) => e.parsed.subject)).toEqual([
      "Nouveau RDV le mardi 15 juin à 09:00 (demain)",
    ]);
    // Moved from tomorrow to next month: the old date is tomorrow, so the « soon » agent hears of it.
    expect(
      await step(() =>
        updateRdv(context, {
          actor: secretary,
          author,
          rdvId,
          now: NOW,
          patch: parseRdvPatchBody({ startsAt: at("2027-07-20T09:00").toISO() }),
        }),
      ),
    ).toEqual([
      { to: team.agent1.email, subject: "RDV déplacé au mardi 20 juillet à 09:00", method: "REQUEST", sequence: "1" },
    ]);
    // Notes only: nothing for any calendar.
    expect(
      await step(() =>
        updateRdv(context, {
          actor: secretary,
          author,
          rdvId,
          now: NOW,
          patch: parseRdvPatchBody({ notes: "Apporter le livret" }),
        }),
      ),
    ).toEqual([]);
    // Now next month: further changes by others are not last-minute for the « soon » agent.
    expect(
      await step(() =>
        updateRdv(context, {
          actor: secretary,
          author,
          rdvId,
          now: NOW,
          patch: parseRdvPatchBody({ durationInMin: 45 }),
        }),
      ),
    ).toEqual([]);
    // Agent 2 (level all) added, agent 1 removed: a creation for one, a cancellation for the other (not last-minute).
    expect(
      await step(() =>
        updateRdv(context, {
          actor: secretary,
          author,
          rdvId,
          now: NOW,
          patch: parseRdvPatchBody({ agentIds: [team.agent2.id] }),
        }),
      ),
    ).toEqual([
      {
        to: team.agent2.email,
        subject: "Nouveau RDV le mardi 20 juillet à 09:00",
        method: "REQUEST",
        sequence: "3",
      },
    ]);
    // Seen (a correction after the fact) sends nothing.
    expect(
      await step(() => changeRdvStatus(context, { actor: secretary, author, rdvId, now: NOW, status: "seen" })),
    ).toEqual([]);
    await changeRdvStatus(context, { actor: secretary, author, rdvId, now: NOW, status: "unknown" });
    expect(
      await step(() => changeRdvStatus(context, { actor: secretary, author, rdvId, now: NOW, status: "excused" })),
    ).toEqual([
      { to: team.agent2.email, subject: "RDV du mardi 20 juillet à 09:00 annulé", method: "CANCEL", sequence: "4" },
    ]);
    // Back from cancelled to « unknown » counts as a creation.
    expect(
      await step(() => changeRdvStatus(context, { actor: secretary, author, rdvId, now: NOW, status: "unknown" })),
    ).toEqual([
      {
        to: team.agent2.email,
        subject: "Nouveau RDV le mardi 20 juillet à 09:00",
        method: "REQUEST",
        sequence: "5",
      },
    ]);
    expect(await step(() => deleteRdv(context, { actor: secretary, author, rdvId, now: NOW }))).toEqual([
      { to: team.agent2.email, subject: "RDV du mardi 20 juillet à 09:00 annulé", method: "CANCEL", sequence: "6" },
    ]);

    const uids = new Set(
      (await renderedRows(db, { organisationId: team.organisation.id })).map(
        (row) => /UID:(.*)\r\n/.exec(row.ics?.content ?? "")?.[1],
      ),
    );
    expect(uids).toEqual(new Set([created.record.uid]));
  });

  it("an RDV already over notifies nobody, even at level all", async () => {
    const { team, usager } = await setup({ agent1: "all" });
    await book(team, usager.id, actorOf(team, "secretary"), at("2027-06-14T08:00"), [team.agent1.id]);
    expect(await deliver(team)).toEqual([]);
  });

  it("an action refused by the domain queues no email", async () => {
    const { team, usager } = await setup({ agent1: "all" });
    await expect(
      createRdv(context, {
        actor: actorOf(team, "secretary"),
        author: agentAuthor(team.secretary.id),
        now: NOW,
        rdv: parseNewRdvBody({
          organisationId: team.organisation.id,
          motifId: "00000000-0000-4000-8000-000000000000",
          lieuId: team.organisation.lieu.id,
          startsAt: at("2027-06-15T09:00").toISO(),
          agentIds: [team.agent1.id],
          userIds: [usager.id],
        }),
      }),
    ).rejects.toThrow();
    expect(await db.outboxMessage.count({ where: { organisationId: team.organisation.id } })).toBe(0);
  });
});

describe("plage and absence actions", () => {
  it("email the owner of a plage created, changed and deleted by an admin, one calendar event throughout", async () => {
    const { team } = await setup();
    const admin = actorOf(team, "admin");
    const author = agentAuthor(admin.agentId);
    const { record: plage } = await createPlage(context, {
      actor: admin,
      author,
      now: NOW,
      plage: {
        organisationId: team.organisation.id,
        agentId: team.agent1.id,
        title: "Permanence école",
        lieuId: team.organisation.lieu.id,
        motifIds: [team.organisation.motif.id],
        firstDay: "2027-01-04",
        startTime: "09:00",
        endTime: "12:00",
        recurrence: { every: "week", interval: 1, weekdays: ["mo"] },
      },
    });
    await updatePlage(context, { actor: admin, author, id: plage.id, now: NOW, patch: { endTime: "12:30" } });
    await deletePlage(context, { actor: admin, author, id: plage.id, now: NOW });
    const emails = await deliver(team);
    expect(summary(emails)).toEqual([
      {
        to: team.agent1.email,
        subject: "Plage d'ouverture créée\u00a0: Permanence école, à partir du lundi 4 janvier",
        method: "REQUEST",
        sequence: "0",
      },
      {
        to: team.agent1.email,
        subject: "Plage d'ouverture modifiée\u00a0: Permanence école, à partir du lundi 4 janvier",
        method: "REQUEST",
        sequence: "1",
      },
      {
        to: team.agent1.email,
        subject: "Plage d'ouverture supprimée\u00a0: Permanence école, à partir du lundi 4 janvier",
        method: "CANCEL",
        sequence: "2",
      },
    ]);
    expect(new Set(emails.map((e) => prop(calendarOf(e).event, "uid")))).toEqual(new Set([plage.uid]));
    const july = new ICAL.Event(calendarOf(emails[0]!).event).iterator();
    const occurrences: string[] = [];
    for (let next = july.next(); next && occurrences.length < 30; next = july.next()) {
      occurrences.push(`${next.month}/${next.day} ${next.hour}:${String(next.minute).padStart(2, "0")}`);
    }
    expect(occurrences).toContain("1/4 9:00");
    expect(occurrences).toContain("7/5 9:00");
    expect(new Set(occurrences.map((o) => o.split(" ")[1]))).toEqual(new Set(["9:00"]));
  });

  it("email the owner of an absence created, changed and deleted by itself, unless its level is none", async () => {
    const { team } = await setup();
    await db.agent.update({ where: { id: team.agent2.id }, data: { absenceNotificationLevel: "none" } });
    for (const who of ["agent1", "agent2"] as const) {
      const actor = actorOf(team, who);
      const author = agentAuthor(actor.agentId);
      const { record: absence } = await createAbsence(context, {
        actor,
        author,
        now: NOW,
        absence: {
          organisationId: team.organisation.id,
          title: "Congés",
          firstDay: "2027-08-02",
          startTime: "08:00",
          endDay: "2027-08-13",
          endTime: "18:00",
          recurrence: null,
        },
      });
      await updateAbsence(context, { actor, author, id: absence.id, now: NOW, patch: { endDay: "2027-08-20" } });
      await deleteAbsence(context, { actor, author, id: absence.id, now: NOW });
    }
    expect(summary(await deliver(team))).toEqual([
      {
        to: team.agent1.email,
        subject: "Absence créée\u00a0: Congés, du lundi 2 août au vendredi 13 août",
        method: "REQUEST",
        sequence: "0",
      },
      {
        to: team.agent1.email,
        subject: "Absence modifiée\u00a0: Congés, du lundi 2 août au vendredi 20 août",
        method: "REQUEST",
        sequence: "1",
      },
      {
        to: team.agent1.email,
        subject: "Absence supprimée\u00a0: Congés, du lundi 2 août au vendredi 20 août",
        method: "CANCEL",
        sequence: "2",
      },
    ]);
  });
});
