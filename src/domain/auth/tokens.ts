// Random secrets (session cookies, API tokens, invitation links): 256 bits, only their sha256 is ever stored.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A new URL-safe secret of 256 bits. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** The stored form of a secret. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Constant-time string comparison, for CSRF tokens. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
