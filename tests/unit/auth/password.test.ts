// Stored passwords: argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane). The test factories store a cheaper
// hash for speed (tests/support/factories.ts); this pins what production writes.
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../../src/domain/auth/password.ts";

describe("password hashing", () => {
  it("stores argon2id with 19 MiB of memory, 2 passes and 1 lane, salted", async () => {
    const first = await hashPassword("une phrase de passe assez longue");
    const second = await hashPassword("une phrase de passe assez longue");
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(second).not.toBe(first);
  });

  it("accepts the password it hashed and nothing else, and no password without a hash", async () => {
    const stored = await hashPassword("une phrase de passe assez longue");
    expect(await verifyPassword(stored, "une phrase de passe assez longue")).toBe(true);
    expect(await verifyPassword(stored, "une phrase de passe assez longu")).toBe(false);
    expect(await verifyPassword(null, "")).toBe(false);
    expect(await verifyPassword("pas un hash", "x")).toBe(false);
  });
});
