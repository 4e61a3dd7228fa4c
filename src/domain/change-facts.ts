// What the history and the emails of a list of changes need to know beyond the changes themselves — the names of
// the motifs, lieux, agents and usagers they refer to, the agents' email preferences, the organisations' names and
// zones — read in one statement, inside the changes' transaction, as they are at that moment.
import { z } from "zod";
import type { Tx } from "../db/client.ts";
import { LocationType, NotificationLevel, RdvNotificationsLevel } from "../generated/prisma/enums.ts";
import type { DomainChange } from "./changes.ts";

export type OrganisationFacts = { id: string; name: string; timezone: string; emailSenderName: string | null };
export type AgentFacts = z.infer<typeof agentSchema>;
export type UserFacts = { firstName: string; lastName: string; phone: string | null };
export type MotifFacts = { name: string; locationType: LocationType };
export type LieuFacts = { name: string; address: string };

/** Each map in the order of the names (motifs, for instance, are listed by name in a plage's email). */
export type ChangeFacts = {
  organisations: ReadonlyMap<string, OrganisationFacts>;
  agents: ReadonlyMap<string, AgentFacts>;
  users: ReadonlyMap<string, UserFacts>;
  motifs: ReadonlyMap<string, MotifFacts>;
  lieux: ReadonlyMap<string, LieuFacts>;
};

/** The ids to read, by kind. */
export type FactIds = Record<keyof ChangeFacts, Iterable<string>>;

/**
 * Every id the history and the emails of `changes` name: the records' organisations, their agents (an RDV's, a plage's
 * or an absence's owner: the emails' recipients), usagers, motifs and lieux, the authors, and an agent whose removal
 * caused the change.
 */
export function factIdsOf(changes: readonly DomainChange[]): FactIds {
  const ids = {
    organisations: new Set<string>(),
    agents: new Set<string>(),
    users: new Set<string>(),
    motifs: new Set<string>(),
    lieux: new Set<string>(),
  };
  for (const change of changes) {
    if (change.author.kind === "agent") ids.agents.add(change.author.agentId);
    else ids.users.add(change.author.userId);
    if (change.cause) ids.agents.add(change.cause.agentId);
    for (const version of [change.before, change.after]) {
      if (version === null) continue;
      ids.organisations.add(version.organisationId);
      if ("motifId" in version) {
        ids.motifs.add(version.motifId);
        if (version.lieuId) ids.lieux.add(version.lieuId);
        for (const id of version.agentIds) ids.agents.add(id);
        for (const id of version.userIds) ids.users.add(id);
        continue;
      }
      ids.agents.add(version.agentId);
      if ("motifIds" in version) {
        for (const id of version.motifIds) ids.motifs.add(id);
        ids.lieux.add(version.lieuId);
      }
    }
  }
  return ids;
}

/** The facts of every id given, in one statement whatever their number and kind. */
export async function loadChangeFacts(tx: Tx, ids: FactIds): Promise<ChangeFacts> {
  const list = (values: Iterable<string>) => [...new Set(values)];
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT 'organisation' AS "kind", "id", "name" AS "sortKey",
           json_build_object('id', "id", 'name', "name", 'timezone', "timezone", 'emailSenderName', "emailSenderName") AS "facts"
      FROM "Organisation" WHERE "id" = ANY(${list(ids.organisations)}::text[])
    UNION ALL
    SELECT 'agent', "id", "lastName",
           json_build_object('id', "id", 'email', "email", 'firstName', "firstName", 'lastName', "lastName",
                             'rdvNotificationsLevel', "rdvNotificationsLevel",
                             'plageOuvertureNotificationLevel', "plageOuvertureNotificationLevel",
                             'absenceNotificationLevel', "absenceNotificationLevel")
      FROM "Agent" WHERE "id" = ANY(${list(ids.agents)}::text[])
    UNION ALL
    SELECT 'user', "id", "lastName", json_build_object('firstName', "firstName", 'lastName', "lastName", 'phone', "phone")
      FROM "User" WHERE "id" = ANY(${list(ids.users)}::text[])
    UNION ALL
    SELECT 'motif', "id", "name", json_build_object('name', "name", 'locationType', "locationType")
      FROM "Motif" WHERE "id" = ANY(${list(ids.motifs)}::text[])
    UNION ALL
    SELECT 'lieu', "id", "name", json_build_object('name', "name", 'address', "address")
      FROM "Lieu" WHERE "id" = ANY(${list(ids.lieux)}::text[])
    ORDER BY "kind", "sortKey", "id"`;
  const facts = {
    organisations: new Map<string, OrganisationFacts>(),
    agents: new Map<string, AgentFacts>(),
    users: new Map<string, UserFacts>(),
    motifs: new Map<string, MotifFacts>(),
    lieux: new Map<string, LieuFacts>(),
  };
  for (const row of factRowSchema.array().parse(rows)) {
    switch (row.kind) {
      case "organisation":
        facts.organisations.set(row.id, row.facts);
        break;
      case "agent":
        facts.agents.set(row.id, row.facts);
        break;
      case "user":
        facts.users.set(row.id, row.facts);
        break;
      case "motif":
        facts.motifs.set(row.id, row.facts);
        break;
      case "lieu":
        facts.lieux.set(row.id, row.facts);
        break;
    }
  }
  return facts;
}

const agentSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  rdvNotificationsLevel: z.enum(RdvNotificationsLevel),
  plageOuvertureNotificationLevel: z.enum(NotificationLevel),
  absenceNotificationLevel: z.enum(NotificationLevel),
});

const factRowSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("organisation"),
    id: z.string(),
    facts: z.object({ id: z.string(), name: z.string(), timezone: z.string(), emailSenderName: z.string().nullable() }),
  }),
  z.object({ kind: z.literal("agent"), id: z.string(), facts: agentSchema }),
  z.object({
    kind: z.literal("user"),
    id: z.string(),
    facts: z.object({ firstName: z.string(), lastName: z.string(), phone: z.string().nullable() }),
  }),
  z.object({
    kind: z.literal("motif"),
    id: z.string(),
    facts: z.object({ name: z.string(), locationType: z.enum(LocationType) }),
  }),
  z.object({ kind: z.literal("lieu"), id: z.string(), facts: z.object({ name: z.string(), address: z.string() }) }),
]);
