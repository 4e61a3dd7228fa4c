// Input of the agents' administration, shared by the pages and the JSON API.
import { z } from "zod";
import { roleSchema } from "./roles.ts";

const name = (what: string) =>
  z
    .string({ error: `Saisissez le ${what}.` })
    .trim()
    .min(1, `Saisissez le ${what}.`)
    .max(100, `Le ${what} doit contenir au plus 100 caractères.`);

const agentEmailSchema = z
  .string({ error: "Saisissez une adresse email." })
  .trim()
  .toLowerCase()
  .min(1, "Saisissez une adresse email.")
  .max(320, "Cette adresse email est trop longue.")
  .pipe(z.email("Saisissez une adresse email valide."));

export const inviteAgentSchema = z.object({
  email: agentEmailSchema,
  firstName: name("prénom"),
  lastName: name("nom"),
  role: roleSchema,
});

export const changeRoleSchema = z.object({ role: roleSchema });

/** What to do with each future RDV of an agent leaving the organisation: "cancel", or the id of another agent. */
export const removalDecisionsSchema = z.object({
  rdvs: z
    .record(z.string(), z.string().trim().max(64), { error: "Les choix pour les RDV sont mal formés." })
    .default({}),
});
