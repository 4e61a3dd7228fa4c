// Bearer tokens of the JSON API: issued against email + password, stored hashed, listed and revoked in « Mon compte ».
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { AppError, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import type { Actor } from "./actor.ts";
import { verifyPassword } from "./password.ts";
import { hashSecret, newSecret } from "./tokens.ts";

const issueTokenSchema = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email("Saisissez une adresse email valide.")),
  password: z.string().min(1, "Saisissez votre mot de passe.").max(1000),
  name: z.string().trim().max(100, "100 caractères au plus.").optional(),
});

/** Check credentials and issue a new API token; the secret is returned once and never stored. */
export async function issueApiToken(db: Db, raw: unknown): Promise<{ token: string; id: string }> {
  const input = parseInput(issueTokenSchema, raw);
  const agent = await db.agent.findUnique({ where: { email: input.email }, select: { id: true, passwordHash: true } });
  if (!agent || !(await verifyPassword(agent.passwordHash, input.password))) {
    throw new AppError("invalid", "Email ou mot de passe incorrect.", { password: "Email ou mot de passe incorrect." });
  }
  const token = newSecret();
  const created = await db.apiToken.create({
    data: { agentId: agent.id, name: input.name || "Jeton API", tokenHash: hashSecret(token) },
    select: { id: true },
  });
  return { token, id: created.id };
}

/** The actor behind a bearer token, or null when the token is unknown or revoked. */
export async function actorForApiToken(db: Db, token: string, now = new Date()): Promise<Actor | null> {
  const found = await db.apiToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: {
      id: true,
      revokedAt: true,
      agent: { select: { id: true, roles: { select: { organisationId: true, level: true } } } },
    },
  });
  if (!found || found.revokedAt) return null;
  await db.apiToken.update({ where: { id: found.id }, data: { lastUsedAt: now } });
  return { agentId: found.agent.id, memberships: found.agent.roles };
}

/** The agent's tokens, newest first, for « Mon compte ». */
export function listApiTokens(db: Db, actor: Actor) {
  return db.apiToken.findMany({
    where: { agentId: actor.agentId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Revoke one of the agent's own tokens; another agent's token id finds nothing. */
export async function revokeApiToken(db: Db, actor: Actor, tokenId: string, now = new Date()): Promise<void> {
  const { count } = await db.apiToken.updateMany({
    where: { id: tokenId, agentId: actor.agentId, revokedAt: null },
    data: { revokedAt: now },
  });
  if (count === 0) throw notFound("Ce jeton n'existe pas ou est déjà révoqué.");
}
