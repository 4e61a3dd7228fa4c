// Class 7 of the hostile-input review: « Mot de passe oublié » answered in 56 ms for a known email and 16 ms for an
// unknown one. The request now does the same work either way: the same statements, none of which reads the agents.
// Statements are counted with Prisma's query event, on a client of its own.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestPasswordReset, resolvePasswordResetRequests } from "../../../src/domain/auth/password-reset.ts";
import { PrismaClient } from "../../../src/generated/prisma/client.ts";
import { testDatabaseUrl, testDb } from "../../support/db.ts";
import { createTeam, unique } from "../../support/factories.ts";
import { domainContext } from "../admin/support.ts";

const counting = new PrismaClient({
  adapter: new PrismaPg({ connectionString: testDatabaseUrl(), max: 1 }),
  log: [{ emit: "event", level: "query" }],
});
let statements: string[] = [];
counting.$on("query", (event) => statements.push(event.query));

beforeAll(() => counting.$connect());
afterAll(() => counting.$disconnect());

async function statementsOfRequest(email: string): Promise<string[]> {
  statements = [];
  await requestPasswordReset(domainContext(counting), { raw: { email } });
  return statements;
}

describe("forgotten-password request", () => {
  it("runs the same statements for a known and an unknown email, and none reads the agents", async () => {
    const { agent1 } = await createTeam(testDb());
    const unknown = `inconnu-${unique()}@test.rdv-agents.fr`;
    const known = await statementsOfRequest(agent1.email);
    const notKnown = await statementsOfRequest(unknown);
    expect(known).toEqual(notKnown);
    expect(known.length).toBeGreaterThan(0);
    expect(known.filter((sql) => sql.includes('"Agent"'))).toEqual([]);
    expect(known.filter((sql) => sql.includes('"AgentToken"') || sql.includes('"OutboxMessage"'))).toEqual([]);

    // The worker's step then sends a link to the known email only.
    await resolvePasswordResetRequests(testDb(), { emails: [agent1.email, unknown] });
    const queued = await testDb().outboxMessage.findMany({
      where: { toEmail: { in: [agent1.email, unknown] }, kind: "password_reset" },
      select: { toEmail: true },
    });
    expect(queued).toEqual([{ toEmail: agent1.email }]);
  });
});
