// Planning a list of changes (an agent's removal, bulk actions) costs the same number of queries for 1 change as for
// 10: organisations, agents, motifs, lieux and usagers are loaded once for all of them, and the emails go in with one
// insert. Queries are counted with Prisma's query event, on a client of its own.
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainChange, PlageSnapshot } from "../../../src/domain/changes.ts";
import { recordChanges } from "../../../src/domain/record-change.ts";
import { PrismaClient } from "../../../src/generated/prisma/client.ts";
import { testDatabaseUrl, testDb } from "../../support/db.ts";
import { createTeam, createUser } from "../../support/factories.ts";
import { agent, domainContext, rdvSnapshot } from "./support.ts";

const db = testDb();
const counting = new PrismaClient({
  adapter: new PrismaPg({ connectionString: testDatabaseUrl(), max: 1 }),
  log: [{ emit: "event", level: "query" }],
});
let statements: string[] = [];
counting.$on("query", (event) => statements.push(event.query));

beforeAll(() => counting.$connect());
afterAll(() => counting.$disconnect());

type Team = Awaited<ReturnType<typeof createTeam>>;
const NOW = new Date("2027-03-01T09:00:00Z");
const HOUR = 3_600_000;

/** `count` RDVs created for both agents with a usager each, and as many plages of agent1 deleted, by the secretary. */
async function changes(team: Team, count: number): Promise<DomainChange[]> {
  const author = agent(team.secretary.id);
  const list: DomainChange[] = [];
  for (let index = 0; index < count; index++) {
    const usager = await createUser(db, team.organisation.id);
    list.push({
      kind: "rdv",
      action: "created",
      author,
      at: NOW,
      before: null,
      after: rdvSnapshot({
        organisationId: team.organisation.id,
        motifId: team.organisation.motif.id,
        lieuId: team.organisation.lieu.id,
        startsAt: new Date(NOW.getTime() + (index + 1) * HOUR),
        durationInMin: 30,
        agentIds: [team.agent1.id, team.agent2.id],
        userIds: [usager.id],
      }),
    });
    list.push({ kind: "plage_ouverture", action: "deleted", author, at: NOW, before: plage(team), after: null });
  }
  return list;
}

function plage(team: Team): PlageSnapshot {
  const id = randomUUID();
  return {
    id,
    organisationId: team.organisation.id,
    agentId: team.agent1.id,
    uid: `plage-${id}@rdv-agents.fr`,
    sequence: 0,
    title: "Permanence",
    lieuId: team.organisation.lieu.id,
    motifIds: [team.organisation.motif.id],
    firstDay: new Date("2027-03-08T00:00:00Z"),
    startTime: "09:00",
    endTime: "12:00",
    recurrenceFrequency: null,
    recurrenceInterval: null,
    recurrenceWeekdays: [],
    recurrenceUntil: null,
  };
}

/** The statements `recordChanges` (history and emails) runs for `list`, inside a transaction of the counting client. */
async function statementsToPlan(list: DomainChange[]): Promise<string[]> {
  statements = [];
  await counting.$transaction((tx) => recordChanges(tx, domainContext(db), list));
  return statements.filter((sql) => !/^(BEGIN|COMMIT|ROLLBACK)\b/.test(sql));
}

async function teamAtLevelAll(): Promise<Team> {
  const team = await createTeam(db);
  await db.agent.updateMany({
    where: { id: { in: [team.agent1.id, team.agent2.id] } },
    data: { rdvNotificationsLevel: "all" },
  });
  return team;
}

describe("planning a list of changes", () => {
  it("runs as many queries for ten RDVs and ten plages as for one of each, and queues every email", async () => {
    const one = await teamAtLevelAll();
    const ten = await teamAtLevelAll();
    const forOne = await statementsToPlan(await changes(one, 1));
    const forTen = await statementsToPlan(await changes(ten, 10));

    // One read of the facts (organisations, agents, names), one statement inserting history and outbox rows.
    expect(forOne).toHaveLength(2);
    expect(forTen).toHaveLength(forOne.length);
    expect(forOne.filter((sql) => /INSERT INTO "OutboxMessage"/.test(sql))).toHaveLength(1);
    expect(await db.historyEntry.count({ where: { organisationId: ten.organisation.id } })).toBe(20);
    // Two RDV emails and one plage email per pair of changes.
    expect(await db.outboxMessage.count({ where: { organisationId: one.organisation.id } })).toBe(3);
    expect(await db.outboxMessage.count({ where: { organisationId: ten.organisation.id } })).toBe(30);
  });

  it("writes the history and no email when the rules decide none, in as many statements", async () => {
    const team = await createTeam(db);
    // Level « soon » (the default): RDVs weeks ahead email nobody; plages at level none neither.
    await db.agent.updateMany({
      where: { id: { in: [team.agent1.id, team.agent2.id] } },
      data: { plageOuvertureNotificationLevel: "none" },
    });
    const list = (await changes(team, 10)).map((change) =>
      change.kind === "rdv" && change.after
        ? { ...change, after: { ...change.after, startsAt: new Date(NOW.getTime() + 30 * 24 * HOUR) } }
        : change,
    );
    expect(await statementsToPlan(list)).toHaveLength(2);
    expect(await db.outboxMessage.count({ where: { organisationId: team.organisation.id } })).toBe(0);
    expect(await db.historyEntry.count({ where: { organisationId: team.organisation.id } })).toBe(20);
  });
});
