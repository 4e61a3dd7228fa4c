// « Mon compte › Préférences de notifications »: an agent chooses which emails it receives. Only for itself.
import type { Db } from "../../db/client.ts";
import type { Actor } from "../auth/actor.ts";
import { applyPatch, changedKeys, type Patch, type Updated, type ValuesChange } from "../patch.ts";
import { preferencesSelect } from "./get-preferences.ts";
import type { NotificationPreferences } from "./preferences.schemas.ts";

const LEVELS = ["rdvNotificationsLevel", "plageOuvertureNotificationLevel", "absenceNotificationLevel"] as const;

export type UpdatePreferencesCommand = {
  actor: Actor;
  /** The levels to change (see `Patch`): all three from the form, those sent from the API. */
  patch: Patch<NotificationPreferences>;
};

/** Change the actor's own notification levels; `change` is null when nothing changed, and nothing is written. */
export async function updatePreferences(
  { db }: { db: Db },
  { actor, patch }: UpdatePreferencesCommand,
): Promise<Updated<NotificationPreferences, ValuesChange<NotificationPreferences>>> {
  return db.$transaction(async (tx) => {
    const before = await tx.agent.findUniqueOrThrow({ where: { id: actor.agentId }, select: preferencesSelect });
    const after = applyPatch(before, patch);
    if (changedKeys(before, after, LEVELS).length === 0) return { record: before, change: null };
    await tx.agent.update({ where: { id: actor.agentId }, data: after, select: preferencesSelect });
    return { record: after, change: { before, after } };
  });
}
