// Reading the signed-in agent's notification preferences.
import type { Db } from "../../db/client.ts";
import type { Actor } from "../auth/actor.ts";
import type { NotificationPreferences } from "./preferences.schemas.ts";

export const preferencesSelect = {
  rdvNotificationsLevel: true,
  plageOuvertureNotificationLevel: true,
  absenceNotificationLevel: true,
} as const;

/** The actor's own three notification levels. */
export async function getPreferences(db: Db, actor: Actor): Promise<NotificationPreferences> {
  return db.agent.findUniqueOrThrow({ where: { id: actor.agentId }, select: preferencesSelect });
}
