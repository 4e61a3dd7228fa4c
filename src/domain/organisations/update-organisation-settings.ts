import { requireAdmin } from "../admin/admin.policy.ts";
import { mergeInput } from "../admin/merge-input.ts";
import type { Actor } from "../auth/actor.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { recordHistory } from "../history/record-history.ts";
import { parseInput } from "../validation.ts";
import { type OrganisationSettingsRow, organisationSettingsSelect } from "./organisation.queries.ts";
import { organisationSettingsFormSchema, organisationSettingsSchema } from "./organisation.schemas.ts";

const ASPECTS: [keyof OrganisationSettingsRow, string][] = [
  ["name", "nom"],
  ["timezone", "fuseau horaire"],
  ["bookingMinDelayMinutes", "délai minimum de réservation"],
  ["bookingMaxDelayMinutes", "délai maximum de réservation"],
  ["emailSenderName", "nom d'expéditeur des emails"],
];

/**
 * Change the organisation's settings. `form`: the page's fields (delays in hours and days, every field sent);
 * `api`: delays in minutes, the fields not sent are kept.
 */
export async function updateOrganisationSettings(
  context: DomainContext,
  input: { actor: Actor; organisationId: string; raw: unknown; format: "form" | "api" },
): Promise<OrganisationSettingsRow> {
  requireAdmin(input.actor, input.organisationId);
  return context.db.$transaction(async (tx) => {
    const before = await tx.organisation.findUniqueOrThrow({
      where: { id: input.organisationId },
      select: organisationSettingsSelect,
    });
    const values =
      input.format === "form"
        ? parseInput(organisationSettingsFormSchema, input.raw)
        : parseInput(organisationSettingsSchema, mergeInput(before, input.raw));
    const after = await tx.organisation.update({
      where: { id: input.organisationId },
      data: values,
      select: organisationSettingsSelect,
    });
    const changed = ASPECTS.filter(([key]) => before[key] !== after[key]).map(([, label]) => label);
    if (changed.length > 0) {
      await recordHistory(tx, {
        organisationId: input.organisationId,
        recordId: input.organisationId,
        author: agentAuthor(input.actor.agentId),
        data: { type: "organisation", action: "updated", changed },
      });
    }
    return after;
  });
}
