// Changing an RDV: move it, change its duration, motif, lieu, agents, usagers or notes.
import type { Actor } from "../auth/actor.ts";
import { organisationIdsOf } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { RdvChange, RdvSnapshot } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { recordChange } from "../record-change.ts";
import { insertUser } from "../usagers/create-user.ts";
import { checkEndsSameDay, checkRdvReferences } from "./check-rdv-references.ts";
import { findRdvAccess } from "./find-rdv.ts";
import { canEditRdv, ensureAllowed } from "./rdv.policy.ts";
import { parseRdvUpdateInput, type RdvInputFormat } from "./rdv.schemas.ts";
import { anythingChanged, calendarChanged, lockRdvSnapshot, rdvSnapshotSelect, toRdvSnapshot } from "./rdv-snapshot.ts";

export type UpdateRdvCommand = {
  actor: Actor;
  author: Author;
  rdvId: string;
  /** Every field from a form; any subset of them from the API (PATCH). */
  raw: unknown;
  format?: RdvInputFormat;
  now?: Date;
};

/**
 * Validate, authorise, then in one transaction apply the change, bump the sequence when a calendar would show it,
 * and record it. Saving without any difference writes nothing and records nothing.
 */
export async function updateRdv(context: DomainContext, command: UpdateRdvCommand): Promise<RdvChange> {
  const { actor, author } = command;
  const access = await findRdvAccess(context.db, actor, command.rdvId);
  ensureAllowed(canEditRdv(actor, access));
  const input = parseRdvUpdateInput(command.raw, command.format ?? "api", access.timezone, access.organisationId);
  const at = command.now ?? new Date();

  return context.db.$transaction(async (tx) => {
    const before = await lockRdvSnapshot(tx, access.id, organisationIdsOf(actor));
    if (!before) throw notFound("Ce RDV n'existe plus.");
    // The RDV may have changed since it was first read: decide again on the locked state.
    ensureAllowed(canEditRdv(actor, before));
    const motifId = input.motifId ?? before.motifId;
    const next = {
      motifId,
      lieuId: input.lieuId !== undefined ? input.lieuId : before.lieuId,
      startsAt: input.startsAt ?? before.startsAt,
      agentIds: input.agentIds ?? before.agentIds,
      userIds: input.userIds ?? before.userIds,
      notes: input.notes !== undefined ? input.notes : before.notes,
    };
    const motif = await checkRdvReferences(tx, access.organisationId, next, before);
    // Without a duration, a new motif brings its own; otherwise the RDV keeps the one it had.
    const durationInMin =
      input.durationInMin ?? (motifId === before.motifId ? before.durationInMin : motif.defaultDurationInMin);
    checkEndsSameDay(next.startsAt, durationInMin, access.timezone);
    const userIds = [...next.userIds];
    if (input.newUser) {
      const user = await insertUser(tx, {
        organisationId: access.organisationId,
        author,
        user: input.newUser,
        context: "booking",
        emailField: "newUserEmail",
      });
      userIds.push(user.id);
    }
    const wanted: RdvSnapshot = { ...before, ...next, durationInMin, userIds };
    if (!anythingChanged(before, wanted)) {
      return { kind: "rdv", action: "updated", author, at, before, after: before } satisfies RdvChange;
    }
    const addedAgents = wanted.agentIds.filter((id) => !before.agentIds.includes(id));
    const removedAgents = before.agentIds.filter((id) => !wanted.agentIds.includes(id));
    const addedUsers = wanted.userIds.filter((id) => !before.userIds.includes(id));
    const removedUsers = before.userIds.filter((id) => !wanted.userIds.includes(id));
    const row = await tx.rdv.update({
      where: { id: before.id },
      data: {
        motifId: wanted.motifId,
        lieuId: wanted.lieuId,
        startsAt: wanted.startsAt,
        durationInMin: wanted.durationInMin,
        notes: wanted.notes,
        ...(calendarChanged(before, wanted) ? { sequence: { increment: 1 } } : {}),
        agents: {
          deleteMany: { agentId: { in: removedAgents } },
          createMany: { data: addedAgents.map((agentId) => ({ agentId })) },
        },
        users: {
          deleteMany: { userId: { in: removedUsers } },
          createMany: { data: addedUsers.map((userId) => ({ userId })) },
        },
      },
      select: rdvSnapshotSelect,
    });
    const change: RdvChange = { kind: "rdv", action: "updated", author, at, before, after: toRdvSnapshot(row) };
    await recordChange(tx, context, change);
    return change;
  });
}
