// Booking an RDV (from a page or the API), with a usager created on the way if the form asks for one.
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client.ts";
import { type Actor, roleIn } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { RdvChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { invalid } from "../errors.ts";
import { recordChange } from "../record-change.ts";
import { insertUser } from "../usagers/create-user.ts";
import { checkEndsSameDay, checkRdvReferences } from "./check-rdv-references.ts";
import { canCreateRdv, ensureAllowed } from "./rdv.policy.ts";
import { parseOrganisationId, parseRdvCreateInput, type RdvInputFormat } from "./rdv.schemas.ts";
import { rdvSnapshotSelect, toRdvSnapshot } from "./rdv-snapshot.ts";

export type CreateRdvCommand = {
  actor: Actor;
  /** Who the history and the emails name as having booked it. */
  author: Author;
  /** The body: `organisationId` and the fields of {@link parseRdvCreateInput}. */
  raw: unknown;
  format?: RdvInputFormat;
  now?: Date;
};

/** The change of a creation: `after` is the new RDV. */
export type RdvCreated = Extract<RdvChange, { action: "created" }>;

/** A stable identity for calendar clients, never changed afterwards. */
export function newRdvUid(): string {
  return `rdv-${randomUUID()}@rdv-agents.fr`;
}

/** The time zone of an organisation the actor belongs to (forms are read in it). */
export async function organisationTimezone(db: Db, organisationId: string): Promise<string> {
  const organisation = await db.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: { timezone: true },
  });
  return organisation.timezone;
}

/** Validate, authorise, then in one transaction write the RDV and record its creation; returns the change. */
export async function createRdv(context: DomainContext, command: CreateRdvCommand): Promise<RdvCreated> {
  const { actor, author } = command;
  const organisationId = parseOrganisationId(command.raw);
  // An organisation named in a body that the actor does not belong to is a bad field, not a page to hide.
  if (!roleIn(actor, organisationId)) {
    throw invalid({ organisationId: "Vous n'appartenez pas à cette organisation." });
  }
  ensureAllowed(canCreateRdv(actor, organisationId), "Vous ne pouvez pas prendre de RDV dans cette organisation.");
  const timezone = await organisationTimezone(context.db, organisationId);
  const input = parseRdvCreateInput(command.raw, command.format ?? "api", timezone);
  const at = command.now ?? new Date();

  return context.db.$transaction(async (tx) => {
    const motif = await checkRdvReferences(tx, organisationId, input);
    const durationInMin = input.durationInMin ?? motif.defaultDurationInMin;
    checkEndsSameDay(input.startsAt, durationInMin, timezone);
    const userIds = [...input.userIds];
    if (input.newUser) {
      const user = await insertUser(tx, {
        organisationId,
        author,
        user: input.newUser,
        context: "booking",
        emailField: "newUserEmail",
      });
      userIds.push(user.id);
    }
    const row = await tx.rdv.create({
      data: {
        organisationId,
        motifId: input.motifId,
        lieuId: input.lieuId,
        startsAt: input.startsAt,
        durationInMin,
        notes: input.notes,
        uid: newRdvUid(),
        createdByAgentId: author.kind === "agent" ? author.agentId : null,
        createdByUserId: author.kind === "user" ? author.userId : null,
        agents: { createMany: { data: input.agentIds.map((agentId) => ({ agentId })) } },
        users: { createMany: { data: userIds.map((userId) => ({ userId })) } },
      },
      select: rdvSnapshotSelect,
    });
    const change: RdvCreated = { kind: "rdv", action: "created", author, at, before: null, after: toRdvSnapshot(row) };
    await recordChange(tx, context, change);
    return change;
  });
}
