// Bearer tokens of the JSON API: issued against email + password, stored hashed, listed and revoked in « Mon compte ».
import { z } from "zod";
import type { Db, Tx } from "../../db/client.ts";
import { type ApiTokenRevocation, RoleLevel } from "../../generated/prisma/enums.ts";
import { invalid, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import type { Actor } from "./actor.ts";
import { checkAgentCredentials } from "./credentials.ts";
import { hashSecret, newSecret } from "./tokens.ts";

const issueTokenSchema = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email("Saisissez une adresse email valide.")),
  password: z.string().min(1, "Saisissez votre mot de passe.").max(1000),
  name: z.string().trim().max(100, "100 caractères au plus.").optional(),
});

/**
 * Check credentials (rate limited together with the sign-in form, see credentials.ts) and issue a new API token; the
 * secret is returned once and never stored.
 */
export async function issueApiToken(
  db: Db,
  { raw, ip, now = new Date() }: { raw: unknown; ip: string; now?: Date },
): Promise<{ token: string; id: string }> {
  const input = parseInput(issueTokenSchema, raw);
  const agent = await checkAgentCredentials(db, { email: input.email, password: input.password, ip, now });
  return db.$transaction(async (tx) => {
    // The password checked must still be the agent's when the token is stored. FOR SHARE waits for a password change
    // or reset in progress and then reads its new hash: otherwise a token issued against the old password could be
    // stored just after that change revoked every token, and outlive it.
    const unchanged = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Agent" WHERE "id" = ${agent.id} AND "passwordHash" = ${agent.passwordHash} FOR SHARE`;
    if (unchanged.length === 0) {
      throw invalid({ password: "Email ou mot de passe incorrect." }, "Email ou mot de passe incorrect.");
    }
    return storeNewToken(tx, agent.id, input.name || "Jeton API");
  });
}

const newTokenSchema = z.object({
  name: z
    .string({ error: "Donnez un nom à ce jeton." })
    .trim()
    .min(1, "Donnez un nom à ce jeton.")
    .max(100, "100 caractères au plus."),
});

/** Issue a token for the signed-in agent (« Mon compte › Jetons d'API »); the secret is returned once. */
export async function createApiTokenForAgent(
  db: Db,
  actor: Actor,
  raw: unknown,
): Promise<{ token: string; id: string; name: string }> {
  const { name } = parseInput(newTokenSchema, raw);
  const created = await storeNewToken(db, actor.agentId, name);
  return { ...created, name };
}

/** A new secret for an agent: only its hash is stored. */
async function storeNewToken(db: Db | Tx, agentId: string, name: string): Promise<{ token: string; id: string }> {
  const token = newSecret();
  const created = await db.apiToken.create({
    data: { agentId, name, tokenHash: hashSecret(token) },
    select: { id: true },
  });
  return { token, id: created.id };
}

/** The actor behind a bearer token, or null when the token is unknown or revoked. */
export async function actorForApiToken(db: Db, token: string, now = new Date()): Promise<Actor | null> {
  // Every API request starts here: one statement finds the live token and its agent's memberships. `lastUsedAt` is
  // written at most once a minute: a write on every request made all requests of one token queue on its row and
  // wait for a commit each (a revoked or unknown token matches no row).
  const rows = await db.$queryRaw<unknown[]>`
    WITH t AS (SELECT "id", "agentId", "lastUsedAt" FROM "ApiToken" WHERE "tokenHash" = ${hashSecret(token)} AND "revokedAt" IS NULL),
    touched AS (
      UPDATE "ApiToken" u SET "lastUsedAt" = ${now}
        FROM t WHERE u."id" = t."id" AND (t."lastUsedAt" IS NULL OR t."lastUsedAt" < ${now}::timestamptz - interval '1 minute'))
    SELECT t."agentId",
           COALESCE((SELECT json_agg(json_build_object('organisationId', ar."organisationId", 'level', ar."level"))
                       FROM "AgentRole" ar WHERE ar."agentId" = t."agentId"), '[]') AS "memberships"
      FROM t`;
  const found = tokenActorSchema.array().parse(rows)[0];
  return found ? { agentId: found.agentId, memberships: found.memberships } : null;
}

const tokenActorSchema = z.object({
  agentId: z.string(),
  memberships: z.array(z.object({ organisationId: z.string(), level: z.enum(RoleLevel) })),
});

/** The agent's tokens, newest first, revoked ones included (with when and why), for « Mon compte ». */
export function listApiTokens(db: Db, actor: Actor) {
  return db.apiToken.findMany({
    where: { agentId: actor.agentId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true, revokedReason: true },
  });
}

/** Why a token was revoked, as « Mon compte › Jetons d'API » says it after « Révoqué le … ». */
export const REVOCATION_LABELS: Record<ApiTokenRevocation, string> = {
  by_agent: "par vous",
  password_changed: "par le changement de votre mot de passe",
  password_reset: "par la réinitialisation de votre mot de passe",
};

/** Revoke every token of the agent still in use, in the transaction of a password change or reset. */
export async function revokeAllApiTokens(
  tx: Tx,
  agentId: string,
  reason: Exclude<ApiTokenRevocation, "by_agent">,
  now: Date,
): Promise<number> {
  const { count } = await tx.apiToken.updateMany({
    where: { agentId, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
  return count;
}

/** Revoke one of the agent's own tokens; another agent's token id finds nothing. */
export async function revokeApiToken(db: Db, actor: Actor, tokenId: string, now = new Date()): Promise<void> {
  const { count } = await db.apiToken.updateMany({
    where: { id: tokenId, agentId: actor.agentId, revokedAt: null },
    data: { revokedAt: now, revokedReason: "by_agent" },
  });
  if (count === 0) throw notFound("Ce jeton n'existe pas ou est déjà révoqué.");
}
