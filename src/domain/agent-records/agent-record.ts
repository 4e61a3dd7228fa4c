// Plages d'ouverture and absences are an agent's own records of its schedule. They change the same way: only their
// agent or an admin of their organisation, never to another organisation or agent, with an ICS sequence, a history
// row and emails. They differ in their fields and in the checks a plage needs (lieu, motifs, no overlap): each kind
// gives those to the one update and the one delete below.

import type { z } from "zod";
import type { Tx } from "../../db/client.ts";
import type { Actor } from "../auth/actor.ts";
import type { Author } from "../author.ts";
import type { AbsenceChange, PlageChange } from "../changes.ts";
import type { DomainContext } from "../context.ts";
import { forbidden, invalid } from "../errors.ts";
import { applyPatch, type Patch, type Updated } from "../patch.ts";
import { recordChange } from "../record-change.ts";
import { parseInput } from "../validation.ts";

/** What every agent record's snapshot holds. */
type Owned = { id: string; organisationId: string; agentId: string };

/** How one kind of agent record is read, checked, written and shown. */
export type AgentRecordKind<S extends Owned, V extends object, R, C extends PlageChange | AbsenceChange> = {
  /** Its snapshot, read in `tx`; 404 outside the actor's organisations. */
  find(tx: Tx, actor: Actor, id: string): Promise<S>;
  canManage(actor: Actor, agentId: string, organisationId: string): boolean;
  messages: { cannotEdit: string; cannotDelete: string; sameOrganisation: string; sameAgent: string };
  /** The values a patch applies to. */
  valuesOf(snapshot: S): V;
  /** The complete values, with the rules between fields, checked again once a patch is applied. */
  schema: z.ZodType<V>;
  /** What changed between two snapshots, in French words; nothing, and nothing is written. */
  aspects(before: S, values: V): string[];
  /** The kind's own checks, then the write; the new snapshot. */
  write(tx: Tx, before: S, values: V, aspects: string[]): Promise<S>;
  remove(tx: Tx, snapshot: S): Promise<void>;
  change(action: { before: S; after: S } | { before: S; after: null }, author: Author, at: Date): C;
  present(snapshot: S): R;
};

/** The command of an update: `patch` holds what changes (`undefined` keeps). */
export type UpdateAgentRecordCommand<V> = {
  actor: Actor;
  /** Who the history and the emails name as the author; routes pass `agentAuthor(actor.agentId)`. */
  author: Author;
  id: string;
  patch: Patch<V> & { organisationId?: string; agentId?: string };
  now?: Date;
};

/**
 * In one transaction: read the record, authorise, apply the patch and check the whole, then (when anything changed)
 * the kind's checks and write, and record the change. `change` is null when nothing changed: nothing is written.
 */
export async function updateAgentRecord<S extends Owned, V extends object, R, C extends PlageChange | AbsenceChange>(
  kind: AgentRecordKind<S, V, R, C>,
  context: DomainContext,
  { actor, author, id, patch, now = new Date() }: UpdateAgentRecordCommand<V>,
): Promise<Updated<R, C>> {
  // Organisation and agent are only ever echoed back: equal to the record's, or refused below.
  const { organisationId, agentId } = patch;
  const fields: Patch<V> = patch;
  return context.db.$transaction(async (tx) => {
    const before = await kind.find(tx, actor, id);
    if (!kind.canManage(actor, before.agentId, before.organisationId)) throw forbidden(kind.messages.cannotEdit);
    if (organisationId !== undefined && organisationId !== before.organisationId) {
      throw invalid({ organisationId: kind.messages.sameOrganisation });
    }
    if (agentId !== undefined && agentId !== before.agentId) throw invalid({ agentId: kind.messages.sameAgent });
    const values = parseInput(kind.schema, applyPatch(kind.valuesOf(before), fields));
    const aspects = kind.aspects(before, values);
    if (aspects.length === 0) return { record: kind.present(before), change: null };
    const after = await kind.write(tx, before, values, aspects);
    const change = kind.change({ before, after }, author, now);
    await recordChange(tx, context, change);
    return { record: kind.present(after), change };
  });
}

/** The command of a deletion. */
export type DeleteAgentRecordCommand = { actor: Actor; author: Author; id: string; now?: Date };

/**
 * In one transaction: read the record, authorise, delete it and record the change, which carries the record as it
 * was (`before`, with its last sequence: a calendar cancellation must use a higher one).
 */
export async function deleteAgentRecord<S extends Owned, V extends object, R, C extends PlageChange | AbsenceChange>(
  kind: AgentRecordKind<S, V, R, C>,
  context: DomainContext,
  { actor, author, id, now = new Date() }: DeleteAgentRecordCommand,
): Promise<{ record: R; change: C }> {
  return context.db.$transaction(async (tx) => {
    const before = await kind.find(tx, actor, id);
    if (!kind.canManage(actor, before.agentId, before.organisationId)) throw forbidden(kind.messages.cannotDelete);
    await kind.remove(tx, before);
    const change = kind.change({ before, after: null }, author, now);
    await recordChange(tx, context, change);
    return { record: kind.present(before), change };
  });
}
