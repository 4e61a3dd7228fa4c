// Changing an RDV: move it, change its duration, motif, lieu, agents, usagers or notes.
import type { Tx } from "../../db/client.ts";
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
import { refuseConflicts } from "./rdv-conflicts.ts";
import { anythingChanged, calendarChanged, lockRdv } from "./rdv-snapshot.ts";

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
    // References are checked when they change (a move or a note reads none): unchanged ones are never re-checked.
    const motifChanged = next.motifId !== before.motifId;
    const hasNew = (now: string[], then: string[]) => now.some((id) => !then.includes(id));
    const referencesChanged =
      motifChanged ||
      next.lieuId !== before.lieuId ||
      hasNew(next.agentIds, before.agentIds) ||
      hasNew(next.userIds, before.userIds);
    const checked = referencesChanged ? await checkRdvReferences(tx, before.organisationId, next, before) : null;
    // Without a duration, a new motif brings its own; otherwise the RDV keeps the one it had.
    const duration =
      durationInMin ?? (motifChanged && checked ? checked.motif.defaultDurationInMin : before.durationInMin);
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
    const after = await writeRdvUpdate(tx, before, wanted);
    const change: RdvChange = { kind: "rdv", action: "updated", author, at, before, after };
    await recordChange(tx, context, change);
    if (agentsToCheck.length > 0 && !isCancelledStatus(before.status) && !command.allowConflicts) {
      await refuseConflicts(tx, {
        actor,
        rdvId: before.id,
        startsAt: after.startsAt,
        durationInMin: after.durationInMin,
        agentIds: agentsToCheck,
        timezone,
      });
    }
    return { record: change.after, change };
  });
}

/**
 * Write the new state of the locked RDV: one UPDATE (SEQUENCE + 1 when a calendar would show the change), and one more
 * statement only when agents or usagers change (Prisma's nested update sent six, deletes of nothing included).
 */
async function writeRdvUpdate(tx: Tx, before: RdvSnapshot, wanted: RdvSnapshot): Promise<RdvSnapshot> {
  const sequence = before.sequence + (calendarChanged(before, wanted) ? 1 : 0);
  await tx.$executeRaw`
    UPDATE "Rdv" SET "motifId" = ${wanted.motifId}, "lieuId" = ${wanted.lieuId}, "startsAt" = ${wanted.startsAt},
           "durationInMin" = ${wanted.durationInMin}, "notes" = ${wanted.notes}, "sequence" = ${sequence},
           "updatedAt" = ${new Date()}
     WHERE "id" = ${before.id}`;
  const added = (now: string[], then: string[]) => now.filter((id) => !then.includes(id));
  const [addedAgents, removedAgents] = [
    added(wanted.agentIds, before.agentIds),
    added(before.agentIds, wanted.agentIds),
  ];
  const [addedUsers, removedUsers] = [added(wanted.userIds, before.userIds), added(before.userIds, wanted.userIds)];
  if (addedAgents.length + removedAgents.length + addedUsers.length + removedUsers.length > 0) {
    await tx.$executeRaw`
      WITH "removedAgents" AS (DELETE FROM "RdvAgent" WHERE "rdvId" = ${before.id} AND "agentId" = ANY(${removedAgents}::text[])),
           "addedAgents" AS (INSERT INTO "RdvAgent" ("rdvId", "agentId") SELECT ${before.id}, unnest(${addedAgents}::text[])),
           "removedUsers" AS (DELETE FROM "RdvUser" WHERE "rdvId" = ${before.id} AND "userId" = ANY(${removedUsers}::text[]))
      INSERT INTO "RdvUser" ("rdvId", "userId") SELECT ${before.id}, unnest(${addedUsers}::text[])`;
  }
  return { ...wanted, sequence, agentIds: [...wanted.agentIds].sort(), userIds: [...wanted.userIds].sort() };
}
