// Booking an RDV (from a page or the API), with a usager created on the way if the form asks for one.
import { type Actor, roleIn } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { RdvChange, RdvSnapshot } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { invalid, notFound } from "../errors.ts";
import type { Updated } from "../patch.ts";
import { recordChange } from "../record-change.ts";
import { claimSubmissionKey, recordSubmission, type SubmissionKey } from "../submissions/submission-key.ts";
import { insertUser } from "../usagers/create-user.ts";
import { checkEndsSameDay, checkRdvReferences } from "./check-rdv-references.ts";
import { insertRdv } from "./insert-rdv.ts";
import { canCreateRdv, ensureAllowed } from "./rdv.policy.ts";
import type { NewRdv } from "./rdv.schemas.ts";
import { refuseConflicts } from "./rdv-conflicts.ts";
import { rdvSnapshotSelect, toRdvSnapshot } from "./rdv-snapshot.ts";

export type CreateRdvCommand = {
  actor: Actor;
  /** Who the history and the emails name as having booked it. */
  author: Author;
  rdv: NewRdv;
  /** Book even if the RDV collides with an RDV or an absence of its agents (the form's « Confirmer quand même »). */
  allowConflicts?: boolean;
  /** The form's one-time key: a repeated submission of the same form returns the RDV the first one created. */
  submissionKey?: string;
  /** Refuse a new usager that has homonyms (`HomonymError`), until the form's « Créer quand même ». */
  refuseHomonyms?: boolean;
  now?: Date;
};

/** The change of a creation: `after` is the new RDV. */
export type RdvCreated = Extract<RdvChange, { action: "created" }>;

/**
 * Authorise, then in one transaction: claim the form's key, check the references, write the RDV (and its new usager)
 * and record its creation, then refuse a conflict unless allowed (`RdvConflictError`: nothing is kept). `change` is
 * null when the form's key had already created the RDV returned (nothing written).
 */
export async function createRdv(
  context: DomainContext,
  command: CreateRdvCommand,
): Promise<Updated<RdvSnapshot, RdvCreated>> {
  const { actor, author, rdv } = command;
  const { organisationId } = rdv;
  // An organisation named in a body that the actor does not belong to is a bad field, not a page to hide.
  if (!roleIn(actor, organisationId)) {
    throw invalid({ organisationId: "Vous n'appartenez pas à cette organisation." });
  }
  ensureAllowed(canCreateRdv(actor, organisationId), "Vous ne pouvez pas prendre de RDV dans cette organisation.");
  const at = command.now ?? new Date();

  return context.db.$transaction(async (tx) => {
    const submission: SubmissionKey | null = command.submissionKey
      ? { organisationId, key: command.submissionKey, recordType: "rdv" }
      : null;
    if (submission) {
      const earlierId = await claimSubmissionKey(tx, submission);
      if (earlierId !== null) {
        const earlier = await tx.rdv.findFirst({ where: { id: earlierId, organisationId }, select: rdvSnapshotSelect });
        if (!earlier) throw notFound("Ce formulaire a déjà créé un RDV, supprimé depuis.");
        return { record: toRdvSnapshot(earlier), change: null };
      }
    }
    const { motif, timezone } = await checkRdvReferences(tx, organisationId, rdv);
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
        refuseHomonyms: command.refuseHomonyms,
      });
      userIds.push(user.id);
    }
    const after = await insertRdv(tx, {
      organisationId,
      motifId: rdv.motifId,
      lieuId: rdv.lieuId,
      startsAt: rdv.startsAt,
      durationInMin,
      notes: rdv.notes,
      agentIds: rdv.agentIds,
      userIds,
      author,
    });
    const change: RdvCreated = { kind: "rdv", action: "created", author, at, before: null, after };
    if (submission) await recordSubmission(tx, submission, after.id);
    await recordChange(tx, context, change);
    if (!command.allowConflicts) {
      await refuseConflicts(tx, {
        actor,
        rdvId: after.id,
        startsAt: after.startsAt,
        durationInMin,
        agentIds: after.agentIds,
        timezone,
      });
    }
    return { record: change.after, change };
  });
}
