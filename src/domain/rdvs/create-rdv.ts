// Booking an RDV (from a page or the API), with a usager created on the way if the form asks for one.
import { randomUUID } from "node:crypto";
import { type Actor, roleIn } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { RdvChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { invalid } from "../errors.ts";
import { recordChange } from "../record-change.ts";
import { insertUser } from "../usagers/create-user.ts";
import { checkEndsSameDay, checkRdvReferences } from "./check-rdv-references.ts";
import { canCreateRdv, ensureAllowed } from "./rdv.policy.ts";
import type { NewRdv } from "./rdv.schemas.ts";
import { rdvSnapshotSelect, toRdvSnapshot } from "./rdv-snapshot.ts";

export type CreateRdvCommand = {
  actor: Actor;
  /** Who the history and the emails name as having booked it. */
  author: Author;
  rdv: NewRdv;
  now?: Date;
};

/** The change of a creation: `after` is the new RDV. */
export type RdvCreated = Extract<RdvChange, { action: "created" }>;

/** Authorise, then in one transaction write the RDV (and its new usager) and record its creation; returns the change. */
export async function createRdv(context: DomainContext, command: CreateRdvCommand): Promise<RdvCreated> {
  const { actor, author, rdv } = command;
  const { organisationId } = rdv;
  // An organisation named in a body that the actor does not belong to is a bad field, not a page to hide.
  if (!roleIn(actor, organisationId)) {
    throw invalid({ organisationId: "Vous n'appartenez pas à cette organisation." });
  }
  ensureAllowed(canCreateRdv(actor, organisationId), "Vous ne pouvez pas prendre de RDV dans cette organisation.");
  const at = command.now ?? new Date();

  return context.db.$transaction(async (tx) => {
    const { timezone } = await tx.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { timezone: true },
    });
    const motif = await checkRdvReferences(tx, organisationId, rdv);
    const durationInMin = rdv.durationInMin ?? motif.defaultDurationInMin;
    checkEndsSameDay(rdv.startsAt, durationInMin, timezone);
    const userIds = [...rdv.userIds];
    if (rdv.newUser) {
      const user = await insertUser(tx, {
        organisationId,
        author,
        user: rdv.newUser,
        context: "booking",
        emailField: "newUserEmail",
      });
      userIds.push(user.id);
    }
    const row = await tx.rdv.create({
      data: {
        organisationId,
        motifId: rdv.motifId,
        lieuId: rdv.lieuId,
        startsAt: rdv.startsAt,
        durationInMin,
        notes: rdv.notes,
        // A stable identity for calendar clients, never changed afterwards.
        uid: `rdv-${randomUUID()}@rdv-agents.fr`,
        createdByAgentId: author.kind === "agent" ? author.agentId : null,
        createdByUserId: author.kind === "user" ? author.userId : null,
        agents: { createMany: { data: rdv.agentIds.map((agentId) => ({ agentId })) } },
        users: { createMany: { data: userIds.map((userId) => ({ userId })) } },
      },
      select: rdvSnapshotSelect,
    });
    const change: RdvCreated = { kind: "rdv", action: "created", author, at, before: null, after: toRdvSnapshot(row) };
    await recordChange(tx, context, change);
    return change;
  });
}
