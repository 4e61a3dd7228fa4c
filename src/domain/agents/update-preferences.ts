// « Mon compte › Préférences de notifications »: an agent chooses which emails it receives. Only for itself.
import type { Db } from "../../db/client.ts";
import type { Actor } from "../auth/actor.ts";
import { parseInput } from "../validation.ts";
import { preferencesSelect } from "./get-preferences.ts";
import { type NotificationPreferences, preferencesFormSchema, preferencesPatchSchema } from "./preferences.schemas.ts";

export type UpdatePreferencesCommand = {
  actor: Actor;
  /** The form body (all three levels) or a PATCH body (any of them, nothing else). */
  raw: unknown;
  format: "form" | "api";
};

/** Change the actor's own notification levels; returns the three as stored. */
export async function updatePreferences(
  { db }: { db: Db },
  { actor, raw, format }: UpdatePreferencesCommand,
): Promise<NotificationPreferences> {
  const levels = parseInput(format === "form" ? preferencesFormSchema : preferencesPatchSchema, raw);
  return db.agent.update({ where: { id: actor.agentId }, data: levels, select: preferencesSelect });
}
