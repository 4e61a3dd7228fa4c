// Checking an email and a password, for the sign-in form and for API tokens alike: both count failed attempts in
// the same table, per email and per client address, so neither door lets more guesses through than the other.
import { DateTime } from "luxon";
import type { Db } from "../../db/client.ts";
import { AppError } from "../errors.ts";
import { verifyPassword } from "./password.ts";

// Failed attempts tolerated in the window, per email and per client address; kept in the database so that every
// web instance counts the same attempts.
const WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_EMAIL = 10;
const MAX_FAILURES_PER_IP = 50;

export type CredentialsCheck = { email: string; password: string; ip: string; now: Date };

/**
 * The id of the agent with this email and password. Refuses (`rate_limited`) once too many attempts failed lately for
 * the email or the address, and (`invalid`, the same message whichever part is wrong) a wrong pair, counting it.
 */
export async function checkCredentials(db: Db, { email, password, ip, now }: CredentialsCheck): Promise<string> {
  const since = DateTime.fromJSDate(now).minus({ minutes: WINDOW_MINUTES }).toJSDate();
  const [byEmail, byIp] = await Promise.all([
    db.signInAttempt.count({ where: { key: `email:${email}`, createdAt: { gte: since } } }),
    db.signInAttempt.count({ where: { key: `ip:${ip}`, createdAt: { gte: since } } }),
  ]);
  if (byEmail >= MAX_FAILURES_PER_EMAIL || byIp >= MAX_FAILURES_PER_IP) {
    throw new AppError("rate_limited", "Trop de tentatives de connexion. Réessayez dans quelques minutes.");
  }
  const agent = await db.agent.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  // Verify even for an unknown email so that response time does not reveal which emails exist.
  const ok = await verifyPassword(agent?.passwordHash ?? DUMMY_HASH, password);
  if (!agent || !ok) {
    await db.signInAttempt.createMany({ data: [{ key: `email:${email}` }, { key: `ip:${ip}` }] });
    throw new AppError("invalid", "Email ou mot de passe incorrect.", { password: "Email ou mot de passe incorrect." });
  }
  return agent.id;
}

// argon2id hash of a random string, checked against when the email is unknown.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$pNqKJbO885Fo1bxewL+vKg$XnwP90aOcJ7i6CfZ37x8gozdVbqjPLvHD0HUGKNQOXk";
