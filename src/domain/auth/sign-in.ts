import { DateTime } from "luxon";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { parseInput } from "../validation.ts";
import { checkCredentials } from "./credentials.ts";
import { hashSecret, newSecret } from "./tokens.ts";

const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Saisissez votre adresse email.")
    .max(320, "Cette adresse email est trop longue.")
    .pipe(z.email("Saisissez une adresse email valide.")),
  password: z.string().min(1, "Saisissez votre mot de passe.").max(1000, "Ce mot de passe est trop long."),
});

/** `sessionToken` goes in the cookie; `sessionId` (its hash) names the session row, for a flash on the first page. */
export type SignInResult = { sessionToken: string; sessionId: string; agentId: string };

/** Check an agent's email and password (rate limited, see credentials.ts) and open a session. */
export async function signIn(
  db: Db,
  input: { raw: unknown; ip: string; sessionTtlHours: number; now?: Date },
): Promise<SignInResult> {
  const { email, password } = parseInput(signInSchema, input.raw);
  const now = input.now ?? new Date();
  const agentId = await checkCredentials(db, { email, password, ip: input.ip, now });
  const sessionToken = newSecret();
  const sessionId = hashSecret(sessionToken);
  const firstOrganisation = await db.agentRole.findFirst({
    where: { agentId },
    orderBy: { createdAt: "asc" },
    select: { organisationId: true },
  });
  await db.$transaction([
    db.session.create({
      data: {
        id: sessionId,
        agentId,
        currentOrganisationId: firstOrganisation?.organisationId ?? null,
        csrfToken: newSecret(),
        expiresAt: DateTime.fromJSDate(now).plus({ hours: input.sessionTtlHours }).toJSDate(),
      },
    }),
    db.agent.update({ where: { id: agentId }, data: { lastSignInAt: now } }),
  ]);
  return { sessionToken, sessionId, agentId };
}
