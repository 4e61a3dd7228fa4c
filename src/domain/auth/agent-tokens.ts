// Single-use links for agents (invitation, password reset): a 256-bit secret travels in the link, only its sha256
// is stored, with an expiry. A token is consumed atomically, so two clicks racing cannot both use it.
import { DateTime, type DurationLike } from "luxon";
import type { Db, Tx } from "../../db/client.ts";
import type { AgentTokenKind, RoleLevel } from "../../generated/prisma/enums.ts";
import { hashSecret, newSecret } from "./tokens.ts";

/** How long each kind of link stays valid. */
const TOKEN_LIFETIME: Record<AgentTokenKind, DurationLike> = {
  invitation: { days: 7 },
  password_reset: { hours: 1 },
};

/** Create a token in `tx` and return the secret to put in the link (it is never stored). */
export async function issueAgentToken(
  tx: Tx,
  token: {
    kind: AgentTokenKind;
    agentId: string;
    organisationId: string | null;
    createdByAgentId: string | null;
    /** The role an existing account joins with once it accepts (invitations only). */
    role?: RoleLevel | null;
  },
  now: Date,
): Promise<string> {
  const secret = newSecret();
  await tx.agentToken.create({
    data: {
      ...token,
      tokenHash: hashSecret(secret),
      expiresAt: DateTime.fromJSDate(now).plus(TOKEN_LIFETIME[token.kind]).toJSDate(),
    },
  });
  return secret;
}

export type TokenAgent = { id: string; email: string; firstName: string; lastName: string };

/** What a link's secret leads to: a usable token, or why it cannot be used. */
export type TokenCheck =
  | { status: "valid"; tokenId: string; agent: TokenAgent; organisation: { id: string; name: string } | null }
  | { status: "unknown" | "used" | "expired" };

/** Look a link's secret up without using it (to show the form behind the link). */
export async function checkAgentToken(
  db: Db | Tx,
  kind: AgentTokenKind,
  secret: string,
  now: Date,
): Promise<TokenCheck> {
  const token = await db.agentToken.findUnique({
    where: { tokenHash: hashSecret(secret) },
    select: {
      id: true,
      kind: true,
      usedAt: true,
      expiresAt: true,
      agent: { select: { id: true, email: true, firstName: true, lastName: true } },
      organisation: { select: { id: true, name: true } },
    },
  });
  if (!token || token.kind !== kind) return { status: "unknown" };
  if (token.usedAt) return { status: "used" };
  if (token.expiresAt <= now) return { status: "expired" };
  return { status: "valid", tokenId: token.id, agent: token.agent, organisation: token.organisation };
}

/** Mark a token used, in `tx`; false when it was used or expired in the meantime (a concurrent click). */
export async function consumeAgentToken(tx: Tx, tokenId: string, now: Date): Promise<boolean> {
  const { count } = await tx.agentToken.updateMany({
    where: { id: tokenId, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}
