// The SQL statements of a booking and of a move, counted with Prisma's query event on a client of its own: each is a
// round trip, and those after the agents' locks are the ones every other booking of the agent that day waits for.
// Issue 9's profile found 37 for a booking; a new one must be justified here.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentAuthor } from "../../../src/domain/author.ts";
import { createRdv } from "../../../src/domain/rdvs/create-rdv.ts";
import { parseNewRdvBody } from "../../../src/domain/rdvs/rdv.schemas.ts";
import { updateRdv } from "../../../src/domain/rdvs/update-rdv.ts";
import { PrismaClient } from "../../../src/generated/prisma/client.ts";
import { testDatabaseUrl, testDb } from "../../support/db.ts";
import { domainContext } from "../notifications/support.ts";
import { actorOf, apiBody, createRdvTeam } from "./rdv-fixtures.ts";

const counting = new PrismaClient({
  adapter: new PrismaPg({ connectionString: testDatabaseUrl(), max: 1 }),
  log: [{ emit: "event", level: "query" }],
});
let statements: string[] = [];
counting.$on("query", (event) => statements.push(event.query.trim().split(/\s+/).slice(0, 3).join(" ")));

beforeAll(() => counting.$connect());
afterAll(() => counting.$disconnect());

async function counted(action: () => Promise<unknown>): Promise<string[]> {
  statements = [];
  await action();
  return statements;
}

describe("the statements of an RDV's booking and move", () => {
  // Prisma reports COMMIT but not BEGIN, one more round trip each.
  it("books in 8 and moves in 7, emails to two agents and history included", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    await db.agent.updateMany({
      where: { id: { in: [team.agent1.id, team.agent2.id] } },
      data: { rdvNotificationsLevel: "all" },
    });
    const actor = await actorOf(db, team.secretary.id);
    const context = domainContext(counting);
    let rdvId = "";
    const booking = await counted(async () => {
      const { record } = await createRdv(context, {
        actor,
        author: agentAuthor(actor.agentId),
        rdv: parseNewRdvBody(apiBody(team, { agentIds: [team.agent1.id, team.agent2.id] })),
      });
      rdvId = record.id;
    });
    // References and zone, the RDV, its agents and usagers, the facts of history and emails, history and
    // outbox rows, the agents' days locked, conflicts, COMMIT.
    expect(booking).toHaveLength(8);
    expect(await db.outboxMessage.count({ where: { organisationId: team.organisation.id } })).toBe(2);

    const move = await counted(() =>
      updateRdv(context, {
        actor,
        author: agentAuthor(actor.agentId),
        rdvId,
        patch: { startsAt: new Date("2027-03-29T14:00:00+02:00") },
      }),
    );
    // The RDV locked (a move reads no reference), the update, facts, history and outbox, the days locked, conflicts,
    // COMMIT.
    expect(move).toHaveLength(7);
    expect(await db.outboxMessage.count({ where: { organisationId: team.organisation.id } })).toBe(4);
  });
});
