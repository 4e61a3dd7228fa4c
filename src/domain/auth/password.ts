// Password hashing with argon2id (OWASP parameters of @node-rs/argon2's defaults).
import { hash, verify } from "@node-rs/argon2";

/** Hash a password for storage. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Compare a password with a stored hash; false for a missing hash (an invited agent with no password yet). */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
