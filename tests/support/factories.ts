// Factories: each builds its own organisation and agents with unique emails, so tests never share data.
import { randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { Db } from "../../src/db/client.ts";
import type { RoleLevel } from "../../src/generated/prisma/enums.ts";

export const TEST_PASSWORD = "mot-de-passe-de-test";
// The agents of the factories sign in hundreds of times per run, and an argon2 check costs what the stored hash says:
// at production's parameters (19 MiB, 2 passes: 40 to 80 ms of CPU here) that was seconds of every run. Their hash
// is made at the lowest cost instead, still argon2id, still checked by the production verifyPassword. Production's
// own parameters are pinned by tests/unit/auth/password.test.ts; passwords set through the app (invitations, resets,
// the demo seed) keep them.
const TEST_HASH_COST = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
let cachedHash: Promise<string> | undefined;

/** A unique suffix for names and emails. */
export function unique(): string {
  return randomUUID().slice(0, 8);
}

/** An organisation with one lieu and two motifs. */
export async function createOrganisation(db: Db, overrides: { name?: string; timezone?: string } = {}) {
  const organisation = await db.organisation.create({
    data: {
      name: overrides.name ?? `Organisation ${unique()}`,
      timezone: overrides.timezone ?? "Europe/Paris",
      lieux: { create: [{ name: "Lieu principal", address: "1 place de la Mairie, 75001 Paris" }] },
      motifs: {
        create: [
          { name: "Premier accueil", defaultDurationInMin: 30 },
          { name: "Suivi téléphonique", defaultDurationInMin: 20, locationType: "phone" },
        ],
      },
    },
    include: { lieux: true, motifs: { orderBy: { name: "asc" } } },
  });
  const [lieu] = organisation.lieux;
  const [motif] = organisation.motifs;
  if (!lieu || !motif) throw new Error("factory: organisation without lieu or motif");
  return { ...organisation, lieu, motif };
}

/** An agent with a role in an organisation, signing in with TEST_PASSWORD. */
export async function createAgent(
  db: Db,
  options: { organisationId: string; level?: RoleLevel; firstName?: string; lastName?: string; email?: string },
) {
  cachedHash ??= hash(TEST_PASSWORD, TEST_HASH_COST);
  const suffix = unique();
  return db.agent.create({
    data: {
      email: options.email ?? `agent-${suffix}@test.rdv-agents.fr`,
      firstName: options.firstName ?? "Agent",
      lastName: options.lastName ?? suffix,
      passwordHash: await cachedHash,
      roles: { create: { organisationId: options.organisationId, level: options.level ?? "agent" } },
    },
  });
}

/** A usager of an organisation. */
export async function createUser(
  db: Db,
  organisationId: string,
  overrides: { firstName?: string; lastName?: string } = {},
) {
  const suffix = unique();
  return db.user.create({
    data: {
      organisationId,
      firstName: overrides.firstName ?? "Usager",
      lastName: overrides.lastName ?? suffix,
      email: `usager-${suffix}@example.org`,
    },
  });
}

/** An organisation with an admin, a secretary and two agents: the cast of most tests. */
export async function createTeam(db: Db, overrides: { timezone?: string } = {}) {
  const organisation = await createOrganisation(db, overrides);
  const [admin, secretary, agent1, agent2] = await Promise.all([
    createAgent(db, { organisationId: organisation.id, level: "admin", firstName: "Alice" }),
    createAgent(db, { organisationId: organisation.id, level: "secretary", firstName: "Sophie" }),
    createAgent(db, { organisationId: organisation.id, level: "agent", firstName: "Bruno" }),
    createAgent(db, { organisationId: organisation.id, level: "agent", firstName: "Chloé" }),
  ]);
  return { organisation, admin, secretary, agent1, agent2 };
}
