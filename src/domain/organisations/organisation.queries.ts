import type { Db } from "../../db/client.ts";
import { type Actor, requireMembership } from "../auth/actor.ts";
import { notFound } from "../errors.ts";

export const organisationSettingsSelect = {
  id: true,
  name: true,
  timezone: true,
  bookingMinDelayMinutes: true,
  bookingMaxDelayMinutes: true,
  emailSenderName: true,
} as const;

export type OrganisationSettingsRow = {
  id: string;
  name: string;
  timezone: string;
  bookingMinDelayMinutes: number;
  bookingMaxDelayMinutes: number;
  emailSenderName: string | null;
};

/** The settings of an organisation; any member may read them. */
export async function getOrganisationSettings(
  db: Db,
  input: { actor: Actor; organisationId: string },
): Promise<OrganisationSettingsRow> {
  requireMembership(input.actor, input.organisationId);
  const organisation = await db.organisation.findUnique({
    where: { id: input.organisationId },
    select: organisationSettingsSelect,
  });
  if (!organisation) throw notFound();
  return organisation;
}
