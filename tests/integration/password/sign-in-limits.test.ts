// The documented sign-in limit (docs/api.md): 10 failed attempts per email and 50 per client address within 15
// minutes, then 429 even with the right password until the window has passed. Attempts are now counted before the
// password is checked (see tests/integration/races/sign-in-limit.test.ts for concurrent guesses); these pin what a
// success, a refusal and the sliding window do, on both databases.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { checkCredentials } from "../../../src/domain/auth/credentials.ts";
import { AppError } from "../../../src/domain/errors.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, TEST_PASSWORD, unique } from "../../support/factories.ts";

type Outcome = "ok" | "invalid" | "rate_limited";

/** One attempt through checkCredentials, as the sign-in form and POST /api/v1/tokens make it. */
async function attempt(email: string, password: string, ip: string, now: Date): Promise<Outcome> {
  try {
    await checkCredentials(testDb(), { email, password, ip, now });
    return "ok";
  } catch (error) {
    if (error instanceof AppError && (error.code === "invalid" || error.code === "rate_limited")) return error.code;
    throw error;
  }
}

/** How many attempts of a key count in its window, as stored. */
async function counted(key: string): Promise<number> {
  const row = await testDb().signInLimit.findUnique({ where: { key }, select: { attempts: true } });
  return row?.attempts.length ?? 0;
}

const at = (start: Date, duration: { minutes?: number; seconds?: number }) =>
  DateTime.fromJSDate(start).plus(duration).toJSDate();

describe("sign-in limits", () => {
  it("a success neither counts nor clears the failures before it", async () => {
    const { agent1 } = await createTeam(testDb());
    const ip = `ip-${unique()}`;
    const start = new Date();
    for (let i = 0; i < 9; i++)
      expect(await attempt(agent1.email, `faux-${i}`, ip, at(start, { seconds: i }))).toBe("invalid");
    expect(await attempt(agent1.email, TEST_PASSWORD, ip, at(start, { seconds: 10 }))).toBe("ok");
    expect(await counted(`email:${agent1.email}`)).toBe(9);
    expect(await counted(`ip:${ip}`)).toBe(9);
    expect(await attempt(agent1.email, "faux-10", ip, at(start, { seconds: 11 }))).toBe("invalid");
    expect(await attempt(agent1.email, TEST_PASSWORD, ip, at(start, { seconds: 12 }))).toBe("rate_limited");
  });

  it("lets the right password in again once the oldest failures are 15 minutes old; refusals do not prolong it", async () => {
    const { agent1 } = await createTeam(testDb());
    const ip = `ip-${unique()}`;
    const start = new Date();
    for (let i = 0; i < 10; i++)
      expect(await attempt(agent1.email, `faux-${i}`, ip, at(start, { seconds: i }))).toBe("invalid");
    // Refused every minute meanwhile, even with the right password: none of these is checked nor counted.
    for (let minute = 1; minute < 15; minute++) {
      expect(await attempt(agent1.email, TEST_PASSWORD, ip, at(start, { minutes: minute }))).toBe("rate_limited");
    }
    expect(await counted(`email:${agent1.email}`)).toBe(10);
    expect(await counted(`ip:${ip}`)).toBe(10);
    // The first failure left the window: one place is free again.
    expect(await attempt(agent1.email, TEST_PASSWORD, ip, at(start, { minutes: 15, seconds: 0.5 }))).toBe("ok");
  });

  it("a refusal for a locked email does not count against the address, nor the reverse", async () => {
    const db = testDb();
    const { agent1, agent2 } = await createTeam(db);
    const [firstIp, secondIp, busyIp] = [`ip-${unique()}`, `ip-${unique()}`, `ip-${unique()}`];
    const now = new Date();
    for (let i = 0; i < 10; i++) expect(await attempt(agent1.email, `faux-${i}`, firstIp, now)).toBe("invalid");
    for (let i = 0; i < 20; i++) expect(await attempt(agent1.email, `faux-${i}`, secondIp, now)).toBe("rate_limited");
    expect(await counted(`ip:${secondIp}`)).toBe(0);
    expect(await attempt(agent2.email, TEST_PASSWORD, secondIp, now)).toBe("ok");

    // An address with 50 failures in its window, as if from 50 other emails.
    await db.signInLimit.create({ data: { key: `ip:${busyIp}`, attempts: Array.from({ length: 50 }, () => now) } });
    expect(await attempt(agent2.email, TEST_PASSWORD, busyIp, now)).toBe("rate_limited");
    expect(await counted(`email:${agent2.email}`)).toBe(0);
    expect(await counted(`ip:${busyIp}`)).toBe(50);
  });

  it("counts an unknown email like a known one", async () => {
    const email = `inconnu-${unique()}@test.rdv-agents.fr`;
    const ip = `ip-${unique()}`;
    const now = new Date();
    for (let i = 0; i < 10; i++) expect(await attempt(email, "faux", ip, now)).toBe("invalid");
    expect(await attempt(email, "faux", ip, now)).toBe("rate_limited");
    expect(await counted(`email:${email}`)).toBe(10);
  });
});
