// What an organisation offers online: the motifs marked « Réservable en ligne » (enabled) and, for each, the lieux
// where an agent of the organisation opens plages for it. Read by the public pages and GET .../motifs.
import type { Db, Tx } from "../../db/client.ts";
import type { LocationType } from "../../generated/prisma/enums.ts";
import { invalid, notFound } from "../errors.ts";
import { dayNumberOfInstant, utcMidnightOfDayNumber } from "../recurrence/local-calendar.ts";

/** The organisation as a usager sees it, with its booking window in minutes. */
export type PublicOrganisation = {
  id: string;
  name: string;
  timezone: string;
  window: { minDelayInMin: number; maxDelayInMin: number };
};

export type OnlineLieu = { id: string; name: string; address: string };

export type OnlineMotif = {
  id: string;
  name: string;
  durationInMin: number;
  locationType: LocationType;
  lieux: OnlineLieu[];
};

export type OnlineOffer = { organisation: PublicOrganisation; motifs: OnlineMotif[] };

const UNKNOWN_ORGANISATION = "Cette organisation n'existe pas ou ne propose pas de prise de RDV en ligne.";

/** The organisations that offer at least one motif online, by name (the entry page of /prendre-rdv). */
export async function listBookableOrganisations(db: Db): Promise<{ id: string; name: string }[]> {
  return db.organisation.findMany({
    where: { motifs: { some: { bookableOnline: true, disabledAt: null } } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

/** The organisation (404 when unknown), for the usager's pages and actions. */
export async function findPublicOrganisation(db: Db | Tx, organisationId: string): Promise<PublicOrganisation> {
  const organisation = await db.organisation.findUnique({
    where: { id: organisationId },
    select: { id: true, name: true, timezone: true, bookingMinDelayMinutes: true, bookingMaxDelayMinutes: true },
  });
  if (!organisation) throw notFound(UNKNOWN_ORGANISATION);
  return {
    id: organisation.id,
    name: organisation.name,
    timezone: organisation.timezone,
    window: {
      minDelayInMin: organisation.bookingMinDelayMinutes,
      maxDelayInMin: organisation.bookingMaxDelayMinutes,
    },
  };
}

/**
 * The online motifs of an organisation (by name) with the lieux where a current member opens a plage for them that
 * has not ended; a motif without any such lieu is not offered. 404 for an unknown organisation.
 */
export async function findOnlineOffer(db: Db, organisationId: string, now = new Date()): Promise<OnlineOffer> {
  const organisation = await findPublicOrganisation(db, organisationId);
  // A day of margin: a plage ending yesterday in the organisation's zone cannot offer anything any more.
  const yesterday = utcMidnightOfDayNumber(dayNumberOfInstant(now, organisation.timezone) - 1);
  const motifs = await db.motif.findMany({
    where: { organisationId, bookableOnline: true, disabledAt: null },
    select: {
      id: true,
      name: true,
      defaultDurationInMin: true,
      locationType: true,
      plages: {
        where: {
          plageOuverture: {
            organisationId,
            lieu: { disabledAt: null },
            agent: { roles: { some: { organisationId } } },
            OR: [
              { recurrenceFrequency: { not: null }, recurrenceUntil: null },
              { recurrenceFrequency: { not: null }, recurrenceUntil: { gte: yesterday } },
              { firstDay: { gte: yesterday } },
            ],
          },
        },
        select: { plageOuverture: { select: { lieu: { select: { id: true, name: true, address: true } } } } },
      },
    },
    orderBy: { name: "asc" },
  });
  return {
    organisation,
    motifs: motifs.flatMap((motif) => {
      const lieux = new Map(motif.plages.map(({ plageOuverture: { lieu } }) => [lieu.id, lieu]));
      if (lieux.size === 0) return [];
      return [
        {
          id: motif.id,
          name: motif.name,
          durationInMin: motif.defaultDurationInMin,
          locationType: motif.locationType,
          lieux: [...lieux.values()].sort((a, b) => a.name.localeCompare(b.name, "fr")),
        },
      ];
    }),
  };
}

/** A motif offered online by the organisation, or a 422 on `motifId`. */
export async function findOnlineMotif(db: Db | Tx, organisationId: string, motifId: string) {
  const motif = await db.motif.findFirst({
    where: { id: motifId, organisationId, bookableOnline: true, disabledAt: null },
    select: { id: true, name: true, defaultDurationInMin: true, locationType: true },
  });
  if (!motif) {
    throw invalidField("motifId", "Ce motif n'existe pas ou ne se réserve pas en ligne.");
  }
  return {
    id: motif.id,
    name: motif.name,
    durationInMin: motif.defaultDurationInMin,
    locationType: motif.locationType,
  };
}

/** An enabled lieu of the organisation, or a 422 on `lieuId`. */
export async function findOpenLieu(db: Db | Tx, organisationId: string, lieuId: string): Promise<OnlineLieu> {
  const lieu = await db.lieu.findFirst({
    where: { id: lieuId, organisationId, disabledAt: null },
    select: { id: true, name: true, address: true },
  });
  if (!lieu) throw invalidField("lieuId", "Ce lieu n'existe pas ou n'accueille plus de public.");
  return lieu;
}

function invalidField(field: string, message: string) {
  return invalid({ [field]: message }, message);
}
