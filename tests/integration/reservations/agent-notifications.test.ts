// The agents' side of online bookings, through the real actions (bookReservation, moveReservation,
// cancelReservation), the real worker and SMTP: the usager is the author of every change, so each level applies to
// the letter — `soon`: only an RDV of today or tomorrow; `others` and `all`: always; `none`: never. The usager gets
// its own three emails whatever the agent's level.
import ICAL from "ical.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bookReservation } from "../../../src/domain/reservations/book-reservation.ts";
import { cancelReservation, moveReservation } from "../../../src/domain/reservations/change-reservation.ts";
import type { RdvNotificationsLevel } from "../../../src/notifications/rules.ts";
import type { EmailTransport } from "../../../src/notifications/transport.ts";
import { calendarIn } from "../../support/calendar.ts";
import { testDb } from "../../support/db.ts";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.ts";
import { deliverAll, domainContext, sinkTransport } from "../notifications/support.ts";
import { type BookingTeam, bookingOf, bookingTeam, dayFromToday, localIso } from "./reservation-fixtures.ts";

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

/** Book, move (one hour later, same day) and cancel online an RDV `days` from today; returns the usager's email. */
async function bookMoveCancel(team: BookingTeam, days: number): Promise<string> {
  const context = domainContext(testDb());
  const day = dayFromToday(days);
  const booking = bookingOf(team, localIso(day, "09:00"));
  const { token } = await bookReservation(context, { raw: booking });
  await moveReservation(context, { token, raw: { startsAt: localIso(day, "10:00") } });
  await cancelReservation(context, { token });
  return booking.usager.email;
}

/** What each level hears of a booking, a move and a cancellation made by a usager, tomorrow and in ten days. */
const EXPECTED: Record<RdvNotificationsLevel, { tomorrow: boolean; later: boolean }> = {
  soon: { tomorrow: true, later: false },
  others: { tomorrow: true, later: true },
  all: { tomorrow: true, later: true },
  none: { tomorrow: false, later: false },
};

describe("agents hear of usagers' online bookings as their level says", () => {
  for (const level of ["soon", "others", "all", "none"] as const) {
    it(`at level ${level}: ${EXPECTED[level].tomorrow ? "emailed" : "not emailed"} for tomorrow, ${EXPECTED[level].later ? "emailed" : "not emailed"} in ten days`, async () => {
      const db = testDb();
      const team = await bookingTeam(db);
      await db.agent.update({ where: { id: team.agent1.id }, data: { rdvNotificationsLevel: level } });
      const tomorrowUsager = await bookMoveCancel(team, 1);
      const laterUsager = await bookMoveCancel(team, 10);
      const before = sink.messages.length;
      const counts = await deliverAll(db, transport, team.organisation.id);
      expect(counts.dead + counts.retried).toBe(0);
      const expectedAgentEmails = (EXPECTED[level].tomorrow ? 3 : 0) + (EXPECTED[level].later ? 3 : 0);
      // Six emails to the usagers, and the agent's.
      expect(counts.sent).toBe(6 + expectedAgentEmails);
      await sink.waitForMessages(before + counts.sent);

      const toAgent = sink.messagesTo(team.agent1.email);
      expect(toAgent).toHaveLength(expectedAgentEmails);
      const tomorrowStart = new Date(localIso(dayFromToday(1), "09:00")).getTime();
      const calendars = toAgent.map(calendarIn);
      const byRdv = new Map<string, string[]>();
      for (const calendar of calendars) byRdv.set(calendar.uid, [...(byRdv.get(calendar.uid) ?? []), calendar.method]);
      // Per RDV: the creation, the move, the cancellation, in that order.
      for (const methods of byRdv.values()) expect(methods).toEqual(["REQUEST", "REQUEST", "CANCEL"]);
      if (level === "soon") {
        expect(calendars.every((calendar) => Math.abs(calendar.start.getTime() - tomorrowStart) <= 3_600_000)).toBe(
          true,
        );
      }
      for (const email of toAgent) expect(email.parsed.text).toContain("Jeanne Dupont");
      // The other agent has no plage and no RDV: never emailed. The secretary neither.
      expect(sink.messagesTo(team.agent2.email)).toHaveLength(0);
      expect(sink.messagesTo(team.secretary.email)).toHaveLength(0);

      for (const usager of [tomorrowUsager, laterUsager]) {
        const received = sink.messagesTo(usager);
        expect(received.map((email) => calendarIn(email).method)).toEqual(["REQUEST", "REQUEST", "CANCEL"]);
        expect(received.map((email) => calendarIn(email).sequence)).toEqual([0, 1, 2]);
        expect(received[0]?.parsed.text).toMatch(/\/mon-rdv\/[A-Za-z0-9_-]{43}/);
      }
    });
  }
});
