// From an RDV change (before → after) to what each of its agents must hear.
import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import type {
  NotificationLevel as PrismaNotificationLevel,
  RdvNotificationsLevel as PrismaRdvNotificationsLevel,
  RdvStatus as PrismaRdvStatus,
} from "../../../src/generated/prisma/enums.ts";
import {
  type NotificationLevel,
  type RdvNotifiableState,
  type RdvNotificationsLevel,
  type RdvStatus,
  rdvEventsForAgents,
} from "../../../src/notifications/rules.ts";
import { at } from "./fixtures.ts";

const START = at("2027-06-16T09:00");
const LATER = at("2027-06-16T11:00");

function rdv(overrides: Partial<RdvNotifiableState> = {}): RdvNotifiableState {
  return {
    startsAt: START,
    durationInMin: 30,
    lieuId: "lieu-1",
    status: "unknown",
    agentIds: ["a1", "a2"],
    ...overrides,
  };
}

describe("the rules speak the database's enums", () => {
  it("has the same statuses and levels as the Prisma schema", () => {
    expectTypeOf<RdvStatus>().toEqualTypeOf<PrismaRdvStatus>();
    expectTypeOf<RdvNotificationsLevel>().toEqualTypeOf<PrismaRdvNotificationsLevel>();
    expectTypeOf<NotificationLevel>().toEqualTypeOf<PrismaNotificationLevel>();
  });
});

describe("creation and deletion", () => {
  it("a new RDV is a creation for each of its agents", () => {
    expect(rdvEventsForAgents(null, rdv())).toEqual([
      { agentId: "a1", event: { type: "created", startsAt: START } },
      { agentId: "a2", event: { type: "created", startsAt: START } },
    ]);
  });

  it("an RDV created already cancelled tells nobody", () => {
    expect(rdvEventsForAgents(null, rdv({ status: "excused" }))).toEqual([]);
    expect(rdvEventsForAgents(null, rdv({ status: "revoked" }))).toEqual([]);
  });

  it("a deleted RDV is a cancellation for each of its agents, at the date they had", () => {
    expect(rdvEventsForAgents(rdv(), null)).toEqual([
      { agentId: "a1", event: { type: "cancelled", startsAt: START } },
      { agentId: "a2", event: { type: "cancelled", startsAt: START } },
    ]);
  });

  it("deleting an RDV that was already cancelled tells nobody again", () => {
    expect(rdvEventsForAgents(rdv({ status: "revoked" }), null)).toEqual([]);
  });

  it("nothing before and nothing after is nothing", () => {
    expect(rdvEventsForAgents(null, null)).toEqual([]);
  });

  it("an agent listed twice is told once", () => {
    expect(rdvEventsForAgents(null, rdv({ agentIds: ["a1", "a1"] }))).toEqual([
      { agentId: "a1", event: { type: "created", startsAt: START } },
    ]);
  });
});

describe("status transitions", () => {
  it.each(["excused", "revoked"] satisfies RdvStatus[])("an active RDV set to %s is a cancellation", (status) => {
    expect(rdvEventsForAgents(rdv(), rdv({ status }))).toEqual([
      { agentId: "a1", event: { type: "cancelled", startsAt: START } },
      { agentId: "a2", event: { type: "cancelled", startsAt: START } },
    ]);
  });

  it.each(["excused", "revoked"] satisfies RdvStatus[])("an RDV back from %s to unknown is a creation", (status) => {
    expect(rdvEventsForAgents(rdv({ status }), rdv({ status: "unknown" }))).toEqual([
      { agentId: "a1", event: { type: "created", startsAt: START } },
      { agentId: "a2", event: { type: "created", startsAt: START } },
    ]);
  });

  // Every transition that is not "active → cancelled" or "cancelled → unknown" sends nothing when nothing else changes.
  const SILENT: [RdvStatus, RdvStatus][] = [
    ["unknown", "seen"],
    ["unknown", "noshow"],
    ["seen", "unknown"],
    ["noshow", "unknown"],
    ["seen", "noshow"],
    ["noshow", "seen"],
    ["excused", "revoked"],
    ["revoked", "excused"],
    ["excused", "seen"],
    ["revoked", "noshow"],
  ];
  it.each(SILENT)("an RDV going from %s to %s sends nothing", (from, to) => {
    expect(rdvEventsForAgents(rdv({ status: from }), rdv({ status: to }))).toEqual([]);
  });

  it("a seen RDV that is then revoked is a cancellation (the date decides whether anyone hears of it)", () => {
    expect(rdvEventsForAgents(rdv({ status: "seen" }), rdv({ status: "revoked" }))).toHaveLength(2);
  });

  it("cancelling while moving tells each agent about the RDV it had, at its old date", () => {
    expect(rdvEventsForAgents(rdv(), rdv({ status: "excused", startsAt: LATER, agentIds: ["a1", "a3"] }))).toEqual([
      { agentId: "a1", event: { type: "cancelled", startsAt: START } },
      { agentId: "a2", event: { type: "cancelled", startsAt: START } },
    ]);
  });

  it("reviving an RDV tells the agents it has now, at its new date", () => {
    const before = rdv({ status: "revoked", agentIds: ["a1", "a2"] });
    expect(rdvEventsForAgents(before, rdv({ status: "unknown", startsAt: LATER, agentIds: ["a2", "a3"] }))).toEqual([
      { agentId: "a2", event: { type: "created", startsAt: LATER } },
      { agentId: "a3", event: { type: "created", startsAt: LATER } },
    ]);
  });
});

describe("changes of an active RDV", () => {
  it("a move is an update for each agent, with the old and the new start", () => {
    expect(rdvEventsForAgents(rdv(), rdv({ startsAt: LATER }))).toEqual([
      { agentId: "a1", event: { type: "updated", oldStartsAt: START, newStartsAt: LATER } },
      { agentId: "a2", event: { type: "updated", oldStartsAt: START, newStartsAt: LATER } },
    ]);
  });

  it("a change of duration is an update", () => {
    expect(rdvEventsForAgents(rdv(), rdv({ durationInMin: 45 })).map((e) => e.event.type)).toEqual([
      "updated",
      "updated",
    ]);
  });

  it.each([
    ["lieu-1", "lieu-2"],
    ["lieu-1", null],
    [null, "lieu-1"],
  ])("a change of lieu from %s to %s is an update", (from, to) => {
    expect(rdvEventsForAgents(rdv({ lieuId: from }), rdv({ lieuId: to })).map((e) => e.event.type)).toEqual([
      "updated",
      "updated",
    ]);
  });

  it("the same start as another Date object is not a move", () => {
    expect(rdvEventsForAgents(rdv(), rdv({ startsAt: new Date(START.getTime()) }))).toEqual([]);
  });

  it("a change of notes only sends nothing", () => {
    const before: RdvNotifiableState & { notes: string | null } = { ...rdv(), notes: null };
    const after: RdvNotifiableState & { notes: string | null } = { ...rdv(), notes: "Apporter le livret de famille" };
    expect(rdvEventsForAgents(before, after)).toEqual([]);
  });

  it("an agent added gets a creation and the others hear nothing", () => {
    expect(rdvEventsForAgents(rdv(), rdv({ agentIds: ["a1", "a2", "a3"] }))).toEqual([
      { agentId: "a3", event: { type: "created", startsAt: START } },
    ]);
  });

  it("an agent removed gets a cancellation and the others hear nothing", () => {
    expect(rdvEventsForAgents(rdv(), rdv({ agentIds: ["a2"] }))).toEqual([
      { agentId: "a1", event: { type: "cancelled", startsAt: START } },
    ]);
  });

  it("a move that swaps agents: kept ones get the update, the new one the new date, the removed one the old date", () => {
    expect(rdvEventsForAgents(rdv(), rdv({ startsAt: LATER, agentIds: ["a2", "a3"] }))).toEqual([
      { agentId: "a2", event: { type: "updated", oldStartsAt: START, newStartsAt: LATER } },
      { agentId: "a3", event: { type: "created", startsAt: LATER } },
      { agentId: "a1", event: { type: "cancelled", startsAt: START } },
    ]);
  });

  it("marking an RDV seen while changing its duration is still an update", () => {
    expect(rdvEventsForAgents(rdv(), rdv({ status: "seen", durationInMin: 60 })).map((e) => e.event.type)).toEqual([
      "updated",
      "updated",
    ]);
  });
});

describe("a cancelled RDV that is edited sends nothing", () => {
  it.each([
    ["moved", { startsAt: LATER }],
    ["given another duration", { durationInMin: 90 }],
    ["given another lieu", { lieuId: "lieu-2" }],
    ["given another agent", { agentIds: ["a1", "a2", "a3"] }],
    ["stripped of an agent", { agentIds: ["a1"] }],
  ] satisfies [string, Partial<RdvNotifiableState>][])("a cancelled RDV %s sends nothing", (_, change) => {
    expect(rdvEventsForAgents(rdv({ status: "excused" }), rdv({ status: "excused", ...change }))).toEqual([]);
  });
});

describe("properties of the mapping", () => {
  const statusArb = fc.constantFrom<RdvStatus>("unknown", "seen", "excused", "revoked", "noshow");
  const snapshotArb: fc.Arbitrary<RdvNotifiableState> = fc.record({
    startsAt: fc.constantFrom(START, LATER),
    durationInMin: fc.constantFrom(30, 45),
    lieuId: fc.constantFrom("lieu-1", "lieu-2", null),
    status: statusArb,
    agentIds: fc.subarray(["a1", "a2", "a3", "a4"]),
  });
  const maybeSnapshotArb = fc.option(snapshotArb, { nil: null });

  it("each agent is told at most one thing, and only agents of the RDV before or after are told", () => {
    fc.assert(
      fc.property(maybeSnapshotArb, maybeSnapshotArb, (before, after) => {
        const ids = rdvEventsForAgents(before, after).map((e) => e.agentId);
        expect(new Set(ids).size).toBe(ids.length);
        const concerned = new Set([...(before?.agentIds ?? []), ...(after?.agentIds ?? [])]);
        for (const id of ids) expect(concerned.has(id)).toBe(true);
      }),
    );
  });

  it("an unchanged RDV tells nobody", () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        expect(rdvEventsForAgents(snapshot, { ...snapshot })).toEqual([]);
      }),
    );
  });

  it("creations, updates and cancellations only concern agents of an active RDV on the matching side", () => {
    const isActive = (snapshot: RdvNotifiableState | null) =>
      snapshot !== null && snapshot.status !== "excused" && snapshot.status !== "revoked";
    fc.assert(
      fc.property(maybeSnapshotArb, maybeSnapshotArb, (before, after) => {
        for (const { agentId, event } of rdvEventsForAgents(before, after)) {
          const inBefore = isActive(before) && before?.agentIds.includes(agentId) === true;
          const inAfter = isActive(after) && after?.agentIds.includes(agentId) === true;
          if (event.type === "created") expect(inAfter).toBe(true);
          if (event.type === "cancelled") expect(inBefore).toBe(true);
          if (event.type === "updated") expect(inBefore && inAfter).toBe(true);
        }
      }),
    );
  });
});
