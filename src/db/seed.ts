// Demo data: one organisation with its lieux, motifs, agents and usagers. Loaded on an empty embedded database by
// `npm start`, or on purpose by `npm run db:seed`; never automatically in production.
import { randomUUID } from "node:crypto";
import { hashPassword } from "../domain/auth/password.ts";
import type { Db } from "./client.ts";

export const DEMO_PASSWORD = "demo-rdv-agents";
export const DEMO_ACCOUNTS = [
  { email: "admin@demo.rdv-agents.fr", firstName: "Alice", lastName: "Admin", level: "admin" },
  { email: "secretariat@demo.rdv-agents.fr", firstName: "Sophie", lastName: "Secrétariat", level: "secretary" },
  { email: "agent1@demo.rdv-agents.fr", firstName: "Bruno", lastName: "Martin", level: "agent" },
  { email: "agent2@demo.rdv-agents.fr", firstName: "Chloé", lastName: "Durand", level: "agent" },
] as const;

/** True when the database holds no organisation yet. */
export async function isEmpty(db: Db): Promise<boolean> {
  return (await db.organisation.count()) === 0;
}

/** Load the demo organisation; does nothing if its admin account already exists. */
export async function seedDemo(db: Db): Promise<{ created: boolean }> {
  const existing = await db.agent.findUnique({ where: { email: DEMO_ACCOUNTS[0].email }, select: { id: true } });
  if (existing) return { created: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.$transaction(async (tx) => {
    const organisation = await tx.organisation.create({
      data: { name: "MDS Démo", timezone: "Europe/Paris", emailSenderName: "MDS Démo" },
    });
    await tx.lieu.createMany({
      data: [
        { organisationId: organisation.id, name: "MDS Centre", address: "12 rue de la République, 69001 Lyon" },
        { organisationId: organisation.id, name: "Antenne Nord", address: "4 place du Marché, 69004 Lyon" },
      ],
    });
    await tx.motif.createMany({
      data: [
        {
          organisationId: organisation.id,
          name: "Accompagnement social",
          defaultDurationInMin: 45,
          color: "#3a6ea5",
          bookableOnline: true,
        },
        {
          organisationId: organisation.id,
          name: "Aide aux démarches en ligne",
          defaultDurationInMin: 30,
          color: "#2e7d32",
          bookableOnline: true,
        },
        {
          organisationId: organisation.id,
          name: "Entretien téléphonique",
          defaultDurationInMin: 20,
          locationType: "phone",
          color: "#8e5a00",
        },
      ],
    });
    for (const account of DEMO_ACCOUNTS) {
      await tx.agent.create({
        data: {
          email: account.email,
          firstName: account.firstName,
          lastName: account.lastName,
          passwordHash,
          roles: { create: { organisationId: organisation.id, level: account.level } },
        },
      });
    }
    await tx.user.createMany({
      data: [
        {
          organisationId: organisation.id,
          firstName: "Jeanne",
          lastName: "Lefèvre",
          email: "jeanne.lefevre@example.org",
          phone: "0612345678",
        },
        { organisationId: organisation.id, firstName: "Karim", lastName: "Benali", email: "karim.benali@example.org" },
        { organisationId: organisation.id, firstName: "Lucie", lastName: "Moreau", phone: "0798765432" },
      ].map((user) => ({ id: randomUUID(), ...user })),
    });
  });
  return { created: true };
}
