// "RdvAgent"."startsAt" is a copy of its RDV's start kept by the database (migration 20261130092000), so that an
// agent's RDVs over a period are one range of an index: whatever a writer gives, the copy is the RDV's start, and a
// link to no RDV is refused as the foreign key refused it before.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Prisma } from "../../../src/generated/prisma/client.ts";
import { testDb } from "../../support/db.ts";
import { createTeam } from "../../support/factories.ts";
import { insertRdv } from "./agenda-fixtures.ts";

describe("the start an RDV's agent links carry", () => {
  it("is the RDV's start on creation, after a move, and whatever a writer puts in it", async () => {
    const db = testDb();
    const { organisation, agent1, agent2 } = await createTeam(db);
    const rdv = await insertRdv(db, {
      organisationId: organisation.id,
      motifId: organisation.motif.id,
      lieuId: null,
      startsAt: "2027-03-23T09:00:00Z",
      durationInMin: 30,
      agentIds: [agent1.id, agent2.id],
      userIds: [],
    });
    const starts = async () =>
      (await db.rdvAgent.findMany({ where: { rdvId: rdv.id }, orderBy: { agentId: "asc" } })).map((link) =>
        link.startsAt.toISOString(),
      );
    expect(await starts()).toEqual(["2027-03-23T09:00:00.000Z", "2027-03-23T09:00:00.000Z"]);
    await db.rdv.update({ where: { id: rdv.id }, data: { startsAt: new Date("2027-04-01T13:15:00Z") } });
    expect(await starts()).toEqual(["2027-04-01T13:15:00.000Z", "2027-04-01T13:15:00.000Z"]);
    await db.rdvAgent.update({
      where: { rdvId_agentId: { rdvId: rdv.id, agentId: agent1.id } },
      data: { startsAt: new Date("2000-01-01T00:00:00Z") },
    });
    await db.$executeRaw`UPDATE "RdvAgent" SET "startsAt" = now() WHERE "rdvId" = ${rdv.id}`;
    expect(await starts()).toEqual(["2027-04-01T13:15:00.000Z", "2027-04-01T13:15:00.000Z"]);
    // Another change of the RDV leaves the links as they are.
    await db.rdv.update({ where: { id: rdv.id }, data: { durationInMin: 45 } });
    expect(await starts()).toEqual(["2027-04-01T13:15:00.000Z", "2027-04-01T13:15:00.000Z"]);
  });

  it("refuses a link to an RDV that does not exist with the foreign key's error", async () => {
    const db = testDb();
    const { agent1 } = await createTeam(db);
    const error = await db.rdvAgent.create({ data: { rdvId: randomUUID(), agentId: agent1.id } }).catch((e) => e);
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(error).toMatchObject({ code: "P2003" });
  });
});
