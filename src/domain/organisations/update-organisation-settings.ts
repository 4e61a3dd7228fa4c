import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import type { DomainContext } from "../context.ts";
import { recordAdminHistory } from "../history/record-history.ts";
import { applyPatch, type Patch, type Updated, type ValuesChange } from "../patch.ts";
import { parseInput } from "../validation.ts";
import { type OrganisationSettingsRow, organisationSettingsSelect } from "./organisation.queries.ts";
import { type OrganisationSettings, organisationSettingsSchema } from "./organisation.schemas.ts";

const ASPECTS: [keyof OrganisationSettings, string][] = [
  ["name", "nom"],
  ["timezone", "fuseau horaire"],
  ["bookingMinDelayMinutes", "délai minimum de réservation"],
  ["bookingMaxDelayMinutes", "délai maximum de réservation"],
  ["emailSenderName", "nom d'expéditeur des emails"],
];

/**
 * Change the organisation's settings (see `Patch`); the delays are checked against each other once the patch is
 * applied. `change` is null when nothing changed, and nothing is written.
 */
export async function updateOrganisationSettings(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; patch: Patch<OrganisationSettings> },
): Promise<Updated<OrganisationSettingsRow, ValuesChange<OrganisationSettingsRow>>> {
  requireAdmin(input.actor, input.organisationId);
  return context.db.$transaction(async (tx) => {
    const before = await tx.organisation.findUniqueOrThrow({
      where: { id: input.organisationId },
      select: organisationSettingsSelect,
    });
    const values = parseInput(organisationSettingsSchema, applyPatch(before, input.patch));
    if (ASPECTS.every(([key]) => before[key] === values[key])) return { record: before, change: null };
    const after = await tx.organisation.update({
      where: { id: input.organisationId },
      data: values,
      select: organisationSettingsSelect,
    });
    const changed = ASPECTS.filter(([key]) => before[key] !== after[key]).map(([, label]) => label);
    await recordAdminHistory(tx, input, input.organisationId, { type: "organisation", action: "updated", changed });
    return { record: after, change: { before, after } };
  });
}
