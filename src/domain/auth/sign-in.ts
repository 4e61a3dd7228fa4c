import { DateTime } from "luxon";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { AppError } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { verifyPassword } from "./password.ts";
import { hashSecret, newSecret } from "./tokens.ts";

export const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Saisissez votre adresse email.")
    .max(320, "Cette adresse email est trop longue.")
    .pipe(z.email("Saisissez une adresse email valide.")),
  password: z.string().min(1, "Saisissez votre mot de passe.").max(1000, "Ce mot de passe est trop long."),
});

// Failed attempts tolerated in the window, per email and per client address; kept in the database so that every
// web instance counts the same attempts.
const WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_EMAIL = 10;
const MAX_FAILURES_PER_IP = 50;

export type SignInResult = { sessionToken: string; agentId: string };

/** Check an agent's email and password, with rate limiting, and open a session. */
export async function signIn(
  db: Db,
  input: { raw: unknown; ip: string; sessionTtlHours: number; now?: Date },
): Promise<SignInResult> {
  const { email, password } = parseInput(signInSchema, input.raw);
  const now = input.now ?? new Date();
  const since = DateTime.fromJSDate(now).minus({ minutes: WINDOW_MINUTES }).toJSDate();
  const [byEmail, byIp] = await Promise.all([
    db.signInAttempt.count({ where: { key: `email:${email}`, createdAt: { gte: since } } }),
    db.signInAttempt.count({ where: { key: `ip:${input.ip}`, createdAt: { gte: since } } }),
  ]);
  if (byEmail >= MAX_FAILURES_PER_EMAIL || byIp >= MAX_FAILURES_PER_IP) {
    throw new AppError("rate_limited", "Trop de tentatives de connexion. Réessayez dans quelques minutes.");
  }
  const agent = await db.agent.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  // Verify even for an unknown email so that response time does not reveal which emails exist.
  const ok = await verifyPassword(agent?.passwordHash ?? DUMMY_HASH, password);
  if (!agent || !ok) {
    await db.signInAttempt.createMany({ data: [{ key: `email:${email}` }, { key: `ip:${input.ip}` }] });
    throw new AppError("invalid", "Email ou mot de passe incorrect.", { password: "Email ou mot de passe incorrect." });
  }
  const sessionToken = newSecret();
  const firstOrganisation = await db.agentRole.findFirst({
    where: { agentId: agent.id },
    orderBy: { createdAt: "asc" },
    select: { organisationId: true },
  });
  await db.$transaction([
    db.session.create({
      data: {
        id: hashSecret(sessionToken),
        agentId: agent.id,
        currentOrganisationId: firstOrganisation?.organisationId ?? null,
        csrfToken: newSecret(),
        expiresAt: DateTime.fromJSDate(now).plus({ hours: input.sessionTtlHours }).toJSDate(),
      },
    }),
    db.agent.update({ where: { id: agent.id }, data: { lastSignInAt: now } }),
  ]);
  return { sessionToken, agentId: agent.id };
}

// argon2id hash of a random string, checked against when the email is unknown.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$pNqKJbO885Fo1bxewL+vKg$XnwP90aOcJ7i6CfZ37x8gozdVbqjPLvHD0HUGKNQOXk";
