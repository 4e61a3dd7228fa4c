// Demo data: one organisation with its lieux, motifs, agents and usagers. Loaded on an empty embedded database by
// `npm start`, or on purpose by `npm run db:seed`; never automatically in production.
import { randomUUID } from "node:crypto";
import { hashPassword } from "../domain/auth/password.ts";
import { dayNumberOfInstant, utcMidnightOfDayNumber, weekdayIndex } from "../domain/recurrence/local-calendar.ts";
import type { Weekday } from "../domain/recurrence/recurrence.schemas.ts";
import type { Db, Tx } from "./client.ts";

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
    await createDemoPlages(tx, organisation.id);
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

/**
 * Weekly plages d'ouverture of Bruno Martin (agent1) and Chloé Durand (agent2) offering the two motifs bookable online,
 * from the Monday of the current week on, so that « Trouver un créneau » shows créneaux on a fresh `npm start`.
 */
async function createDemoPlages(tx: Tx, organisationId: string): Promise<void> {
  const [lieux, motifs, agents] = await Promise.all([
    tx.lieu.findMany({ where: { organisationId }, select: { id: true, name: true } }),
    tx.motif.findMany({ where: { organisationId, bookableOnline: true }, select: { id: true } }),
    tx.agent.findMany({
      where: { email: { in: [DEMO_ACCOUNTS[2].email, DEMO_ACCOUNTS[3].email] } },
      select: { id: true, email: true },
    }),
  ]);
  const lieuId = (name: string) => lieux.find((lieu) => lieu.name === name)?.id ?? "";
  const agentId = (email: string) => agents.find((agent) => agent.email === email)?.id ?? "";
  const today = dayNumberOfInstant(new Date(), "Europe/Paris");
  const firstDay = utcMidnightOfDayNumber(today - weekdayIndex(today));
  const plages: {
    agent: string;
    lieu: string;
    title: string;
    weekdays: Weekday[];
    startTime: string;
    endTime: string;
  }[] = [
    {
      agent: DEMO_ACCOUNTS[2].email,
      lieu: "MDS Centre",
      title: "Permanence du matin",
      weekdays: ["mo", "tu", "th"],
      startTime: "09:00",
      endTime: "12:00",
    },
    {
      agent: DEMO_ACCOUNTS[2].email,
      lieu: "MDS Centre",
      title: "Permanence de l'après-midi",
      weekdays: ["we"],
      startTime: "14:00",
      endTime: "17:00",
    },
    {
      agent: DEMO_ACCOUNTS[3].email,
      lieu: "Antenne Nord",
      title: "Accueil à l'antenne",
      weekdays: ["tu", "fr"],
      startTime: "09:00",
      endTime: "12:30",
    },
    {
      agent: DEMO_ACCOUNTS[3].email,
      lieu: "Antenne Nord",
      title: "Accueil de l'après-midi",
      weekdays: ["th"],
      startTime: "13:30",
      endTime: "17:00",
    },
  ];
  for (const plage of plages) {
    await tx.plageOuverture.create({
      data: {
        organisationId,
        agentId: agentId(plage.agent),
        lieuId: lieuId(plage.lieu),
        title: plage.title,
        firstDay,
        startTime: plage.startTime,
        endTime: plage.endTime,
        recurrenceFrequency: "week",
        recurrenceInterval: 1,
        recurrenceWeekdays: plage.weekdays,
        uid: `plage-${randomUUID()}@rdv-agents.fr`,
        motifs: { createMany: { data: motifs.map((motif) => ({ motifId: motif.id })) } },
      },
    });
  }
}
