// The RDV rules written out cell by cell, from the service's documentation, not recomputed: level × author × date × event.
import { describe, expect, it } from "vitest";
import {
  decideRdvEmail,
  type RdvEmailKind,
  type RdvEventForAgent,
  type RdvNotificationsLevel,
} from "../../../src/notifications/rules.ts";
import { type AuthorName, at, authors, LEVELS, RECIPIENT } from "./fixtures.ts";

const TIMEZONE = "Europe/Paris";
// A Tuesday morning in Paris.
const NOW = at("2027-06-15T10:00");

const d = {
  twoDaysAgo: at("2027-06-13T10:00"),
  yesterday: at("2027-06-14T10:00"),
  earlierToday: at("2027-06-15T08:00"),
  laterToday: at("2027-06-15T16:00"),
  tomorrow: at("2027-06-16T09:00"),
  in3Days: at("2027-06-18T09:00"),
  nextWeek: at("2027-06-22T09:00"),
  nextMonth: at("2027-07-15T09:00"),
};

type EventType = RdvEventForAgent["type"];

type Scenario = { when: string; events: Record<EventType, { event: RdvEventForAgent; phrase: string }> };

/** One date, the same for the three events (for `updated`: a change of duration or lieu). */
function sameDay(start: Date, when: string): Scenario {
  return {
    when,
    events: {
      created: { event: { type: "created", startsAt: start }, phrase: `books an RDV ${when}` },
      updated: {
        event: { type: "updated", oldStartsAt: start, newStartsAt: start },
        phrase: `changes the duration of an RDV ${when}`,
      },
      cancelled: { event: { type: "cancelled", startsAt: start }, phrase: `cancels an RDV ${when}` },
    },
  };
}

/** A move: agents kept get the update, an agent added gets the RDV at its new date, one removed loses it at its old one. */
function move(from: Date, to: Date, when: string): Scenario {
  return {
    when,
    events: {
      created: { event: { type: "created", startsAt: to }, phrase: `moves an RDV ${when}, adding the agent` },
      updated: { event: { type: "updated", oldStartsAt: from, newStartsAt: to }, phrase: `moves an RDV ${when}` },
      cancelled: { event: { type: "cancelled", startsAt: from }, phrase: `moves an RDV ${when}, removing the agent` },
    },
  };
}

const SCENARIOS = {
  // A change of a past RDV: moved from two days ago to yesterday, or booked and cancelled after the fact.
  past: move(d.twoDaysAgo, d.yesterday, "from two days ago to yesterday"),
  today: sameDay(d.laterToday, "for later today"),
  tomorrow: sameDay(d.tomorrow, "for tomorrow"),
  in3Days: sameDay(d.in3Days, "in 3 days"),
  tomorrowToNextMonth: move(d.tomorrow, d.nextMonth, "from tomorrow to next month"),
  nextMonthToTomorrow: move(d.nextMonth, d.tomorrow, "from next month to tomorrow"),
} satisfies Record<string, Scenario>;

type ScenarioName = keyof typeof SCENARIOS;

// Each cell lists the outcome for the authors: the agent itself · a colleague · a usager.
// C = rdv_created, U = rdv_updated, X = rdv_cancelled, . = no email.
type Row = [ScenarioName, EventType, all: string, others: string, soon: string, none: string];
// biome-ignore format: the table is read as a table
const TABLE: Row[] = [
  // date                  event        all    others soon   none
  ["past",                 "created",   "...", "...", "...", "..."],
  ["past",                 "updated",   "...", "...", "...", "..."],
  ["past",                 "cancelled", "...", "...", "...", "..."],
  ["today",                "created",   "CCC", ".CC", ".CC", "..."],
  ["today",                "updated",   "UUU", ".UU", ".UU", "..."],
  ["today",                "cancelled", "XXX", ".XX", ".XX", "..."],
  ["tomorrow",             "created",   "CCC", ".CC", ".CC", "..."],
  ["tomorrow",             "updated",   "UUU", ".UU", ".UU", "..."],
  ["tomorrow",             "cancelled", "XXX", ".XX", ".XX", "..."],
  ["in3Days",              "created",   "CCC", ".CC", "...", "..."],
  ["in3Days",              "updated",   "UUU", ".UU", "...", "..."],
  ["in3Days",              "cancelled", "XXX", ".XX", "...", "..."],
  // the added agent gets the RDV next month; the removed agent loses it tomorrow
  ["tomorrowToNextMonth",  "created",   "CCC", ".CC", "...", "..."],
  ["tomorrowToNextMonth",  "updated",   "UUU", ".UU", ".UU", "..."],
  ["tomorrowToNextMonth",  "cancelled", "XXX", ".XX", ".XX", "..."],
  // the added agent gets the RDV tomorrow; the removed agent loses it next month
  ["nextMonthToTomorrow",  "created",   "CCC", ".CC", ".CC", "..."],
  ["nextMonthToTomorrow",  "updated",   "UUU", ".UU", ".UU", "..."],
  ["nextMonthToTomorrow",  "cancelled", "XXX", ".XX", "...", "..."],
];

// Moves with a past side: only the future side counts; both past, nobody hears of it.
type MoveRow = [phrase: string, from: Date, to: Date, all: string, others: string, soon: string, none: string];
// biome-ignore format: the table is read as a table
const MOVES_WITH_A_PAST_SIDE: MoveRow[] = [
  // move                                           from             to              all    others soon   none
  ["from yesterday to next week",                   d.yesterday,     d.nextWeek,     "UUU", ".UU", "...", "..."],
  ["from yesterday to tomorrow",                    d.yesterday,     d.tomorrow,     "UUU", ".UU", ".UU", "..."],
  ["from earlier today to next month",              d.earlierToday,  d.nextMonth,    "UUU", ".UU", "...", "..."],
  ["from earlier today to later today",             d.earlierToday,  d.laterToday,   "UUU", ".UU", ".UU", "..."],
  ["from tomorrow back to yesterday",               d.tomorrow,      d.yesterday,    "UUU", ".UU", ".UU", "..."],
  ["from next week back to yesterday",              d.nextWeek,      d.yesterday,    "UUU", ".UU", "...", "..."],
  ["from yesterday to earlier today",               d.yesterday,     d.earlierToday, "...", "...", "...", "..."],
];

const AUTHOR_ORDER: AuthorName[] = ["self", "colleague", "usager"];
const AUTHOR_PHRASE: Record<AuthorName, string> = {
  self: "the agent itself",
  colleague: "a colleague",
  usager: "a usager",
};
const CELL: Record<string, RdvEmailKind | null> = {
  C: "rdv_created",
  U: "rdv_updated",
  X: "rdv_cancelled",
  ".": null,
};

type Case = {
  name: string;
  level: RdvNotificationsLevel;
  author: AuthorName;
  event: RdvEventForAgent;
  expected: RdvEmailKind | null;
};

function casesOf(cells: [string, string, string, string], event: RdvEventForAgent, phrase: string): Case[] {
  return LEVELS.flatMap((level, levelIndex) =>
    AUTHOR_ORDER.map((author, authorIndex) => {
      const symbol = cells[levelIndex]?.[authorIndex];
      const expected = symbol === undefined ? undefined : CELL[symbol];
      if (expected === undefined) throw new Error(`Bad cell "${cells[levelIndex]}" for ${phrase}`);
      const outcome = expected === null ? "gets no email" : `gets ${expected}`;
      return {
        name: `an agent at level ${level} ${outcome} when ${AUTHOR_PHRASE[author]} ${phrase}`,
        level,
        author,
        event,
        expected,
      };
    }),
  );
}

const TABLE_CASES = TABLE.flatMap(([scenario, eventType, ...cells]) => {
  const { event, phrase } = SCENARIOS[scenario].events[eventType];
  return casesOf(cells, event, phrase);
});

const MOVE_CASES = MOVES_WITH_A_PAST_SIDE.flatMap(([phrase, from, to, ...cells]) =>
  casesOf(cells, { type: "updated", oldStartsAt: from, newStartsAt: to }, `moves an RDV ${phrase}`),
);

function decide(c: Case): RdvEmailKind | null {
  return decideRdvEmail({
    level: c.level,
    recipientAgentId: RECIPIENT,
    author: authors[c.author],
    event: c.event,
    now: NOW,
    timezone: TIMEZONE,
  });
}

describe("RDV emails, level × author × date × event (Paris, Tuesday 10:00)", () => {
  it("the table covers every date and every event exactly once", () => {
    const keys = TABLE.map(([scenario, eventType]) => `${scenario}/${eventType}`);
    const expectedKeys = Object.keys(SCENARIOS).flatMap((scenario) =>
      ["created", "updated", "cancelled"].map((eventType) => `${scenario}/${eventType}`),
    );
    expect([...keys].sort()).toEqual([...expectedKeys].sort());
    expect(TABLE_CASES).toHaveLength(6 * 3 * 4 * 3);
  });

  // A loop rather than it.each: vitest cuts "$name" at 40 characters, and the name is the documentation.
  for (const c of TABLE_CASES) {
    it(c.name, () => {
      expect(decide(c)).toBe(c.expected);
    });
  }
});

describe("RDV emails for a move with a past side (only the future side counts)", () => {
  for (const c of MOVE_CASES) {
    it(c.name, () => {
      expect(decide(c)).toBe(c.expected);
    });
  }
});
