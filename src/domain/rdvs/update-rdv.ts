// Changing an RDV: move it, change its duration, motif, lieu, agents, usagers or notes.
import { isCancelledStatus } from "../../vocabulary/rdv-statuses.ts";
import type { Actor } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { RdvChange, RdvSnapshot } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { invalid } from "../errors.ts";
import { applyPatch, type Updated } from "../patch.ts";
import { recordChange } from "../record-change.ts";
import { insertUser } from "../usagers/create-user.ts";
import { checkEndsSameDay, checkRdvReferences } from "./check-rdv-references.ts";
import { canEditRdv, ensureAllowed } from "./rdv.policy.ts";
import type { RdvPatch } from "./rdv.schemas.ts";
import { findRdvConflicts, lockAgentDays, RdvConflictError } from "./rdv-conflicts.ts";
import { anythingChanged, calendarChanged, lockRdv, rdvSnapshotSelect, toRdvSnapshot } from "./rdv-snapshot.ts";

export type UpdateRdvCommand = {
  actor: Actor;
  author: Author;
  rdvId: string;
  /** Every field from a form; those sent from the API (PATCH). */
  patch: RdvPatch;
  /** Save even if the new time or agents collide with an RDV or an absence (the form's « Confirmer quand même »). */
  allowConflicts?: boolean;
  now?: Date;
};

/**
 * In one transaction: read and lock the RDV, authorise, apply the patch, bump the sequence when a calendar would show
 * the change, and record it. A move or new agents that collide with an RDV or an absence of the agents are refused
 * (`RdvConflictError`) unless allowed. Saving without any difference writes nothing: `change` is null.
 */
export async function updateRdv(
  context: DomainContext,
  command: UpdateRdvCommand,
): Promise<Updated<RdvSnapshot, RdvChange>> {
  const { actor, author } = command;
  const { organisationId, newUser, durationInMin, ...fields } = command.patch;
  const at = command.now ?? new Date();

  return context.db.$transaction(async (tx) => {
    // The policy needs the RDV's agents: it is decided on the locked row, before any write.
    const { rdv: before, timezone } = await lockRdv(tx, actor, command.rdvId);
    ensureAllowed(canEditRdv(actor, before));
    if (organisationId !== undefined && organisationId !== before.organisationId) {
      throw invalid({ organisationId: "Un RDV ne peut pas changer d'organisation." });
    }
    const next = applyPatch(before, fields);
    const { motif } = await checkRdvReferences(tx, before.organisationId, next, before);
    // Without a duration, a new motif brings its own; otherwise the RDV keeps the one it had.
    const duration =
      durationInMin ?? (next.motifId === before.motifId ? before.durationInMin : motif.defaultDurationInMin);
    checkEndsSameDay(next.startsAt, duration, timezone);
    const userIds = [...next.userIds];
    if (newUser) {
      const user = await insertUser(tx, {
        organisationId: before.organisationId,
        author,
        user: newUser,
        context: "booking",
        emailField: "newUserEmail",
      });
      userIds.push(user.id);
    }
    const wanted: RdvSnapshot = { ...next, durationInMin: duration, userIds };
    if (!anythingChanged(before, wanted)) return { record: before, change: null };
    // Only what the change brings is checked: a conflict confirmed at booking is not asked about again for a note.
    const moved =
      wanted.startsAt.getTime() !== before.startsAt.getTime() || wanted.durationInMin !== before.durationInMin;
    const agentsToCheck = moved ? wanted.agentIds : wanted.agentIds.filter((id) => !before.agentIds.includes(id));
    if (agentsToCheck.length > 0 && !isCancelledStatus(before.status)) {
      const endsAt = new Date(wanted.startsAt.getTime() + wanted.durationInMin * 60_000);
      const agents = await lockAgentDays(tx, agentsToCheck, { from: wanted.startsAt, to: endsAt });
      if (!command.allowConflicts) {
        const conflicts = await findRdvConflicts(tx, {
          actor,
          rdvId: before.id,
          startsAt: wanted.startsAt,
          durationInMin: wanted.durationInMin,
          agents,
          timezone,
        });
        if (conflicts.length > 0) throw new RdvConflictError(conflicts);
      }
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
    return { record: change.after, change };
  });
}
