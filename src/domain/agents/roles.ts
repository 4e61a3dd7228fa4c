// The roles an agent can hold in an organisation, and their French names.
import { z } from "zod";
import type { RoleLevel } from "../../generated/prisma/enums.ts";

export const ROLE_LEVELS = ["admin", "secretary", "agent"] as const satisfies readonly RoleLevel[];

export const ROLE_LABELS: Record<RoleLevel, string> = {
  admin: "Administrateur",
  secretary: "Secrétariat",
  agent: "Agent",
};

export const roleSchema = z.enum(ROLE_LEVELS, { error: "Choisissez un rôle : administrateur, secrétariat ou agent." });
