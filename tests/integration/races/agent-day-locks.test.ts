// Bookings and moves lock an agent's agenda by UTC day (lockAgentDays), on a PostgreSQL server where transactions
// really run side by side (PGlite is one session and serialises them): a booking on another day of the agent, or of
// another agent, goes on while one day is held; one that could collide waits; an RDV over UTC midnight holds both
// days; and an agent's booking and a usager's online booking of one créneau never both pass.
import { describe, expect, inject, it } from "vitest";
import { agentAuthor } from "../../../src/domain/author.ts";
import { createRdv } from "../../../src/domain/rdvs/create-rdv.ts";
import { lockAgentDays, RdvConflictError } from "../../../src/domain/rdvs/rdv-conflicts.ts";
import { bookReservation } from "../../../src/domain/reservations/book-reservation.ts";
import { CRENEAU_TAKEN_MESSAGE } from "../../../src/domain/reservations/take-creneau.ts";
import { testDb } from "../../support/db.ts";
import { createUser } from "../../support/factories.ts";
import { domainContext } from "../notifications/support.ts";
import { actorOf } from "../rdvs/rdv-fixtures.ts";
import { bookingOf, bookingTeam, dayFromToday, localIso } from "../reservations/reservation-fixtures.ts";

const HALF_HOUR = 30 * 60_000;
const range = (from: string, ms = HALF_HOUR) => ({ from: new Date(from), to: new Date(Date.parse(from) + ms) });

describe.runIf(inject("databaseKind") === "postgresql")("agents' agendas locked by day", () => {
  it("lets other days and other agents go on while a day is held, and makes a colliding lock wait", async () => {
    const db = testDb();
    const team = await bookingTeam(db);
    const [agent, other] = [team.agent1.id, team.agent2.id];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let signalLocked = () => {};
    const locked = new Promise<void>((resolve) => {
      signalLocked = resolve;
    });
    const holder = db.$transaction(
      async (tx) => {
        await lockAgentDays(tx, [agent], range("2031-03-10T09:00:00Z"));
        signalLocked();
        await held;
      },
      { timeout: 30_000 },
    );
    await locked;
    const settled: string[] = [];
    const lockIn = (name: string, agentIds: string[], lockRange: { from: Date; to: Date }) =>
      db.$transaction((tx) => lockAgentDays(tx, agentIds, lockRange)).then(() => settled.push(name));
    await lockIn("next day", [agent], range("2031-03-11T09:00:00Z"));
    await lockIn("other agent", [other], range("2031-03-10T09:00:00Z"));
    const sameDay = lockIn("same day", [agent], range("2031-03-10T15:00:00Z"));
    // 23:30 on the 9th to 00:30 on the 10th UTC: it touches the held day.
    const overMidnight = lockIn("over midnight", [agent], range("2031-03-09T23:30:00Z", 2 * HALF_HOUR));
    const bothAgents = lockIn("both agents", [other, agent], range("2031-03-10T11:00:00Z"));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(settled).toEqual(["next day", "other agent"]);
    release();
    await Promise.all([holder, sameDay, overMidnight, bothAgents]);
    expect([...settled].sort()).toEqual(["both agents", "next day", "other agent", "over midnight", "same day"]);
  });

  it("never books an agent twice when a secretary and a usager take one créneau at the same moment (20 tries)", {
    timeout: 120_000,
  }, async () => {
    const db = testDb();
    const team = await bookingTeam(db);
    const context = domainContext(db);
    const actor = await actorOf(db, team.secretary.id);
    const usager = await createUser(db, team.organisation.id);
    const outcomes = { agent: 0, online: 0 };
    for (let i = 0; i < 20; i++) {
      const startsAt = localIso(
        dayFromToday(1 + Math.floor(i / 6)),
        ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"][i % 6] ?? "09:00",
      );
      const [byAgent, online] = await Promise.allSettled([
        createRdv(context, {
          actor,
          author: agentAuthor(actor.agentId),
          rdv: {
            organisationId: team.organisation.id,
            motifId: team.organisation.motif.id,
            lieuId: team.organisation.lieu.id,
            startsAt: new Date(startsAt),
            durationInMin: undefined,
            agentIds: [team.agent1.id],
            userIds: [usager.id],
            notes: null,
            newUser: null,
          },
        }),
        bookReservation(context, { raw: bookingOf(team, startsAt) }),
      ]);
      const booked = await db.rdv.count({
        where: { startsAt: new Date(startsAt), agents: { some: { agentId: team.agent1.id } } },
      });
      expect(booked, `try ${i}`).toBe(1);
      if (byAgent.status === "fulfilled") {
        outcomes.agent += 1;
        expect(online.status === "rejected" && online.reason.message).toBe(CRENEAU_TAKEN_MESSAGE);
      } else {
        outcomes.online += 1;
        expect(byAgent.reason).toBeInstanceOf(RdvConflictError);
        expect(online.status).toBe("fulfilled");
      }
    }
    expect(outcomes.agent + outcomes.online).toBe(20);
  });
});
