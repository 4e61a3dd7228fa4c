// Properties of the RDV decision over random levels, authors, events, instants and zones.
import fc from "fast-check";
import { Settings } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import type { Author } from "../../../src/domain/author.ts";
import {
  decideRdvEmail,
  type RdvEmailDecisionInput,
  type RdvEventForAgent,
  type RdvNotificationsLevel,
} from "../../../src/notifications/rules.ts";
import { authorArb, eventArb, levelArb, nowArb, RECIPIENT, startsOf, timezoneArb } from "./fixtures.ts";

const HOUR = 3600_000;

type Situation = Omit<RdvEmailDecisionInput, "level">;

/** Anything that can happen to an RDV of the recipient, at any moment, in any zone. */
const situationArb: fc.Arbitrary<Situation> = nowArb.chain((now) =>
  fc.record({
    recipientAgentId: fc.constant(RECIPIENT),
    author: authorArb,
    event: eventArb(now),
    now: fc.constant(now),
    timezone: timezoneArb,
  }),
);

function decide(level: RdvNotificationsLevel, situation: Situation) {
  return decideRdvEmail({ level, ...situation });
}

const isPast = ({ event, now }: Situation) => startsOf(event).every((startsAt) => startsAt < now);
const isByRecipient = (author: Author) => author.kind === "agent" && author.agentId === RECIPIENT;
const expectedKind = (event: RdvEventForAgent) => `rdv_${event.type}`;

describe("properties of the RDV decision", () => {
  it("an agent at level none is never emailed", () => {
    fc.assert(
      fc.property(situationArb, (s) => {
        expect(decide("none", s)).toBeNull();
      }),
    );
  });

  it("an agent at level all is emailed about every RDV that is not past, with the email of the event", () => {
    fc.assert(
      fc.property(situationArb, (s) => {
        fc.pre(!isPast(s));
        expect(decide("all", s)).toBe(expectedKind(s.event));
      }),
    );
  });

  it("an agent at level others is never emailed about its own changes", () => {
    fc.assert(
      fc.property(situationArb, (s) => {
        expect(decide("others", { ...s, author: { kind: "agent", agentId: RECIPIENT } })).toBeNull();
      }),
    );
  });

  it("an agent at level others is emailed about every change by someone else that is not past", () => {
    fc.assert(
      fc.property(situationArb, (s) => {
        fc.pre(!isPast(s) && !isByRecipient(s.author));
        expect(decide("others", s)).toBe(expectedKind(s.event));
      }),
    );
  });

  it("whenever soon emails, others emails the same; whenever others emails, all emails the same", () => {
    fc.assert(
      fc.property(situationArb, (s) => {
        const soon = decide("soon", s);
        const others = decide("others", s);
        if (soon !== null) expect(others).toBe(soon);
        if (others !== null) expect(decide("all", s)).toBe(others);
      }),
    );
  });

  it("a past RDV emails nobody, at any level, whoever changed it", () => {
    const pastSituationArb = nowArb.chain((now) =>
      fc.record({
        level: levelArb,
        recipientAgentId: fc.constant(RECIPIENT),
        author: authorArb,
        event: eventArb(now, fc.integer({ min: -90 * 24 * HOUR, max: -1 })),
        now: fc.constant(now),
        timezone: timezoneArb,
      }),
    );
    fc.assert(
      fc.property(pastSituationArb, (input) => {
        expect(decideRdvEmail(input)).toBeNull();
      }),
    );
  });

  it("an agent at level soon is not emailed about an RDV more than 50 hours ahead (today and tomorrow never last longer)", () => {
    const farSituationArb = nowArb.chain((now) =>
      fc.record({
        recipientAgentId: fc.constant(RECIPIENT),
        author: authorArb,
        event: eventArb(
          now,
          fc.oneof(
            fc.integer({ min: 50 * HOUR + 1, max: 90 * 24 * HOUR }),
            fc.integer({ min: -90 * 24 * HOUR, max: -1 }),
          ),
        ),
        now: fc.constant(now),
        timezone: timezoneArb,
      }),
    );
    fc.assert(
      fc.property(farSituationArb, (s) => {
        expect(decide("soon", s)).toBeNull();
      }),
    );
  });

  it("an agent at level soon is emailed when someone else changes an RDV starting within the hour", () => {
    const imminentSituationArb = nowArb.chain((now) =>
      fc.record({
        recipientAgentId: fc.constant(RECIPIENT),
        author: authorArb.filter((author) => !isByRecipient(author)),
        event: eventArb(now, fc.integer({ min: 0, max: HOUR })),
        now: fc.constant(now),
        timezone: timezoneArb,
      }),
    );
    fc.assert(
      fc.property(imminentSituationArb, (s) => {
        expect(decide("soon", s)).toBe(expectedKind(s.event));
      }),
    );
  });

  it("a move from A to B is decided like a move from B to A", () => {
    fc.assert(
      fc.property(levelArb, situationArb, (level, s) => {
        const [a, b = a] = startsOf(s.event);
        const forth: RdvEventForAgent = { type: "updated", oldStartsAt: a, newStartsAt: b };
        const back: RdvEventForAgent = { type: "updated", oldStartsAt: b, newStartsAt: a };
        expect(decide(level, { ...s, event: back })).toBe(decide(level, { ...s, event: forth }));
      }),
    );
  });
});

describe("the decision does not depend on the server's time zone", () => {
  const originalTz = process.env.TZ;
  const originalLuxonZone = Settings.defaultZone;
  afterEach(() => {
    process.env.TZ = originalTz;
    Settings.defaultZone = originalLuxonZone;
  });

  const SERVER_ZONES = ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Paris", "America/Cayenne"];

  it("the server's zone can really be changed in this process (or the next test proves nothing)", () => {
    const winter = new Date("2027-01-15T12:00:00Z");
    process.env.TZ = "Pacific/Kiritimati";
    const kiritimatiOffset = winter.getTimezoneOffset();
    process.env.TZ = "Pacific/Pago_Pago";
    expect(winter.getTimezoneOffset()).not.toBe(kiritimatiOffset);
  });

  it("the same inputs give the same email whatever TZ the process and luxon run in", () => {
    fc.assert(
      fc.property(levelArb, situationArb, (level, s) => {
        process.env.TZ = "UTC";
        Settings.defaultZone = "system";
        const reference = decide(level, s);
        for (const zone of SERVER_ZONES) {
          process.env.TZ = zone;
          Settings.defaultZone = zone;
          expect(decide(level, s)).toBe(reference);
        }
      }),
      { numRuns: 300 },
    );
  });
});
