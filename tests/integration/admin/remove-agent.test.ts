import { describe, expect, it } from "vitest";
import {
  LEAVE_RDV,
  prepareAgentRemoval,
  removeAgentFromOrganisation,
} from "../../../src/domain/agents/remove-agent.ts";
import { AppError } from "../../../src/domain/errors.ts";
import { testDb } from "../../support/db.ts";
import { createOrganisation, createTeam, createUser } from "../../support/factories.ts";
import { withSummary } from "../../support/history.ts";
import { renderedRows } from "../notifications/support.ts";
import { actorIn, domainContext, inDays, insertPlage, insertRdv } from "./support.ts";

async function teamWithRdvs() {
  const db = testDb();
  const team = await createTeam(db);
  const { organisation, admin, agent1, agent2 } = team;
  const usager = await createUser(db, organisation.id);
  const base = { organisationId: organisation.id, motifId: organisation.motif.id, lieuId: organisation.lieu.id };
  const rdvs = {
    tomorrow: await insertRdv(db, { ...base, startsAt: inDays(1), agentIds: [agent1.id], userIds: [usager.id] }),
    nextWeek: await insertRdv(db, {
      ...base,
      startsAt: inDays(7),
      agentIds: [agent1.id, agent2.id],
      userIds: [usager.id],
    }),
    past: await insertRdv(db, { ...base, startsAt: inDays(-3), agentIds: [agent1.id], userIds: [usager.id] }),
    alreadyCancelled: await insertRdv(db, {
      ...base,
      startsAt: inDays(2),
      agentIds: [agent1.id],
      userIds: [usager.id],
      status: "excused",
    }),
  };
  const plage = await insertPlage(db, {
    organisationId: organisation.id,
    agentId: agent1.id,
    lieuId: organisation.lieu.id,
    motifId: organisation.motif.id,
  });
  return { ...team, rdvs, plage, adminActor: actorIn(admin, organisation.id, "admin") };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("removing an agent from an organisation", () => {
  it("lists the agent's future active RDVs first, not its past or cancelled ones", async () => {
    const { organisation, agent1, rdvs, adminActor } = await teamWithRdvs();
    const plan = await prepareAgentRemoval(testDb(), {
      actor: adminActor,
      organisationId: organisation.id,
      agentId: agent1.id,
    });
    expect(plan.futureRdvs.map((rdv) => rdv.id)).toEqual([rdvs.tomorrow.id, rdvs.nextWeek.id]);
    expect(plan.futureRdvs[1]?.otherAgentNames).toHaveLength(1);
    expect(plan.plageCount).toBe(1);
    expect(plan.colleagues.map((c) => c.id)).not.toContain(agent1.id);
    expect(plan.lastAdmin).toBe(false);
  });

  it("offers to reassign each RDV only to colleagues who are not on it already", async () => {
    const { organisation, admin, agent1, agent2, secretary, rdvs, adminActor } = await teamWithRdvs();
    const plan = await prepareAgentRemoval(testDb(), {
      actor: adminActor,
      organisationId: organisation.id,
      agentId: agent1.id,
    });
    const offered = (rdvId: string) =>
      plan.futureRdvs
        .find((rdv) => rdv.id === rdvId)
        ?.reassignableTo.map((c) => c.id)
        .sort();
    expect(offered(rdvs.tomorrow.id)).toEqual([admin.id, agent2.id, secretary.id].sort());
    expect(offered(rdvs.nextWeek.id)).toEqual([admin.id, secretary.id].sort());
  });

  it("takes the agent off an RDV its colleague keeps, chosen as « leave » or by naming that colleague", async () => {
    const db = testDb();
    const { organisation, admin, agent1, agent2, rdvs, adminActor } = await teamWithRdvs();
    const shared = await insertRdv(db, {
      organisationId: organisation.id,
      motifId: organisation.motif.id,
      lieuId: organisation.lieu.id,
      startsAt: inDays(9),
      agentIds: [agent1.id, agent2.id],
    });
    // « Leave » is refused for an RDV nobody else follows.
    const refused = await refusal(
      removeAgentFromOrganisation(domainContext(db), {
        actor: adminActor,
        organisationId: organisation.id,
        agentId: agent1.id,
        raw: { rdvs: { [rdvs.tomorrow.id]: LEAVE_RDV, [rdvs.nextWeek.id]: LEAVE_RDV, [shared.id]: agent2.id } },
      }),
    );
    expect(refused.fields).toEqual({
      [`rdvs.${rdvs.tomorrow.id}`]: "Aucun autre agent ne suit ce RDV : réassignez-le à un autre agent, ou annulez-le.",
    });

    const result = await removeAgentFromOrganisation(domainContext(db), {
      actor: adminActor,
      organisationId: organisation.id,
      agentId: agent1.id,
      raw: { rdvs: { [rdvs.tomorrow.id]: "cancel", [rdvs.nextWeek.id]: LEAVE_RDV, [shared.id]: agent2.id } },
    });
    expect(result).toEqual({ reassigned: 2, cancelled: 1, plagesDeleted: 1 });
    for (const rdv of [rdvs.nextWeek, shared]) {
      const after = await db.rdv.findUniqueOrThrow({
        where: { id: rdv.id },
        select: { status: true, sequence: true, agents: { select: { agentId: true } } },
      });
      expect(after.agents.map((a) => a.agentId)).toEqual([agent2.id]);
      expect(after.status).toBe("unknown");
      expect(after.sequence).toBe(1);
      const history = await db.historyEntry.findFirstOrThrow({
        where: { organisationId: organisation.id, recordId: rdv.id, authorAgentId: admin.id },
        select: { data: true, createdAt: true },
      });
      expect(withSummary(history).summary).toContain(`RDV gardé par ${agent2.firstName} ${agent2.lastName}`);
    }
  });

  it("is refused while a future RDV is neither reassigned nor cancelled, and changes nothing", async () => {
    const db = testDb();
    const { organisation, agent1, agent2, rdvs, adminActor } = await teamWithRdvs();
    const error = await refusal(
      removeAgentFromOrganisation(domainContext(db), {
        actor: adminActor,
        organisationId: organisation.id,
        agentId: agent1.id,
        raw: { rdvs: { [rdvs.tomorrow.id]: agent2.id } },
      }),
    );
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("a encore des RDV à venir");
    expect(Object.keys(error.fields ?? {})).toEqual([`rdvs.${rdvs.nextWeek.id}`]);
    expect(await db.agentRole.count({ where: { agentId: agent1.id, organisationId: organisation.id } })).toBe(1);
    expect(await db.rdvAgent.count({ where: { rdvId: rdvs.tomorrow.id, agentId: agent1.id } })).toBe(1);
    expect(await db.plageOuverture.count({ where: { agentId: agent1.id } })).toBe(1);
  });

  it("refuses to hand an RDV to someone outside the organisation", async () => {
    const db = testDb();
    const { organisation, agent1, rdvs, adminActor } = await teamWithRdvs();
    const other = await createTeam(db);
    const error = await refusal(
      removeAgentFromOrganisation(domainContext(db), {
        actor: adminActor,
        organisationId: organisation.id,
        agentId: agent1.id,
        raw: { rdvs: { [rdvs.tomorrow.id]: other.agent1.id, [rdvs.nextWeek.id]: "cancel" } },
      }),
    );
    expect(error.fields?.[`rdvs.${rdvs.tomorrow.id}`]).toBe("Cet agent ne fait pas partie de l'organisation.");
  });

  it("reassigns and cancels as chosen, deletes its plages with their emails, and keeps its account", async () => {
    const db = testDb();
    const { organisation, admin, agent1, agent2, rdvs, plage, adminActor } = await teamWithRdvs();
    const result = await removeAgentFromOrganisation(domainContext(db), {
      actor: adminActor,
      organisationId: organisation.id,
      agentId: agent1.id,
      raw: { rdvs: { [rdvs.tomorrow.id]: agent2.id, [rdvs.nextWeek.id]: "cancel" } },
    });
    expect(result).toEqual({ reassigned: 1, cancelled: 1, plagesDeleted: 1 });

    const [tomorrow, nextWeek, past] = await Promise.all(
      [rdvs.tomorrow, rdvs.nextWeek, rdvs.past].map((rdv) =>
        db.rdv.findUniqueOrThrow({
          where: { id: rdv.id },
          select: { status: true, sequence: true, agents: { select: { agentId: true } } },
        }),
      ),
    );
    expect(tomorrow?.agents.map((a) => a.agentId)).toEqual([agent2.id]);
    expect(tomorrow?.sequence).toBe(1);
    expect(nextWeek?.status).toBe("revoked");
    expect(nextWeek?.sequence).toBe(1);
    // The past keeps the truth: the agent stays on the RDVs it took part in.
    expect(past?.agents.map((a) => a.agentId)).toEqual([agent1.id]);
    expect(past?.status).toBe("unknown");

    expect(await db.plageOuverture.count({ where: { id: plage.id } })).toBe(0);
    expect(await db.agentRole.count({ where: { agentId: agent1.id, organisationId: organisation.id } })).toBe(0);
    expect(await db.agent.count({ where: { id: agent1.id } })).toBe(1);

    const history = await db.historyEntry.findMany({
      where: { organisationId: organisation.id, authorAgentId: admin.id },
      select: { recordType: true, recordId: true, action: true },
    });
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recordType: "agent", recordId: agent1.id, action: "removed" }),
        expect.objectContaining({ recordType: "rdv", recordId: rdvs.tomorrow.id, action: "updated" }),
        expect.objectContaining({ recordType: "rdv", recordId: rdvs.nextWeek.id, action: "updated" }),
        expect.objectContaining({ recordType: "plage_ouverture", recordId: plage.id, action: "deleted" }),
      ]),
    );
    // The plage's owner is told its plage is gone (default preference: every change of its plages).
    const emails = await renderedRows(db, { organisationId: organisation.id, toEmail: agent1.email });
    expect(emails.map((e) => e.subject)).toEqual(
      expect.arrayContaining([expect.stringContaining("Plage d'ouverture supprimée")]),
    );
  });

  it("lets an agent without future RDVs go in one step", async () => {
    const db = testDb();
    const { organisation, secretary, admin } = await createTeam(db);
    await removeAgentFromOrganisation(domainContext(db), {
      actor: actorIn(admin, organisation.id, "admin"),
      organisationId: organisation.id,
      agentId: secretary.id,
      raw: {},
    });
    expect(await db.agentRole.count({ where: { agentId: secretary.id } })).toBe(0);
  });

  it("keeps the organisation's last admin", async () => {
    const db = testDb();
    const { organisation, admin } = await createTeam(db);
    const error = await refusal(
      removeAgentFromOrganisation(domainContext(db), {
        actor: actorIn(admin, organisation.id, "admin"),
        organisationId: organisation.id,
        agentId: admin.id,
        raw: {},
      }),
    );
    expect(error.code).toBe("conflict");
    expect(error.message).toBe("L'organisation doit garder au moins un administrateur.");
    expect(await db.agentRole.count({ where: { agentId: admin.id } })).toBe(1);
  });

  it("is for admins only, and another organisation's agent is not found", async () => {
    const db = testDb();
    const { organisation, secretary, agent1 } = await createTeam(db);
    const elsewhere = await createOrganisation(db);
    const asSecretary = refusal(
      removeAgentFromOrganisation(domainContext(db), {
        actor: actorIn(secretary, organisation.id, "secretary"),
        organisationId: organisation.id,
        agentId: agent1.id,
        raw: {},
      }),
    );
    expect((await asSecretary).code).toBe("forbidden");
    const other = await createTeam(db);
    const foreign = refusal(
      removeAgentFromOrganisation(domainContext(db), {
        actor: actorIn(other.admin, other.organisation.id, "admin"),
        organisationId: other.organisation.id,
        agentId: agent1.id,
        raw: {},
      }),
    );
    expect((await foreign).code).toBe("not_found");
    const notMember = refusal(
      prepareAgentRemoval(db, {
        actor: actorIn(other.admin, other.organisation.id, "admin"),
        organisationId: elsewhere.id,
        agentId: agent1.id,
      }),
    );
    expect((await notMember).code).toBe("not_found");
    expect(await db.agentRole.count({ where: { agentId: agent1.id } })).toBe(1);
  });
});
