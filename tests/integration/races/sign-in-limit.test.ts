// The sign-in limit (10 failed attempts per email, 50 per client address, within 15 minutes) under concurrent
// requests. Each answer tells whether the password was checked: 422 is a checked and wrong password (one argon2
// verification), 429 a refusal before any check. Before attempts were counted ahead of the check, in the statement
// that reads the count, 44 of 200 concurrent guesses for one email were checked, and all 60 from one address.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testDb } from "../../support/db.ts";
import { createTeam, unique } from "../../support/factories.ts";
import { countStatuses, type RaceApp, sendJson, startRaceApp, TRIES } from "./support.ts";

/** A documentation address (RFC 3849) of its own, sent as X-Forwarded-For (the app trusts its loopback proxy). */
function newAddress(): string {
  return `2001:db8::${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`;
}

describe.runIf(inject("databaseKind") === "postgresql")("sign-in limits, under concurrent guesses", () => {
  let app: RaceApp;
  beforeAll(async () => {
    app = await startRaceApp(16);
  });
  afterAll(async () => {
    await app?.close();
  });

  function guess(email: string, address: string) {
    return sendJson(
      `${app.url}/api/v1/tokens`,
      "POST",
      { email, password: `mauvais-${unique()}` },
      { "x-forwarded-for": address },
    );
  }

  it("checks at most 10 of 200 concurrent wrong passwords for one email", async () => {
    for (let i = 0; i < TRIES; i++) {
      const { agent1 } = await createTeam(testDb());
      const address = newAddress();
      const answers = await Promise.all(Array.from({ length: 200 }, () => guess(agent1.email, address)));
      expect(countStatuses(answers), `try ${i + 1}`).toEqual({ 422: 10, 429: 190 });
    }
  }, 300_000);

  it("checks at most 50 of 60 concurrent wrong passwords from one address", async () => {
    for (let i = 0; i < TRIES; i++) {
      const address = newAddress();
      const answers = await Promise.all(
        Array.from({ length: 60 }, () => guess(`inconnu-${unique()}@test.rdv-agents.fr`, address)),
      );
      expect(countStatuses(answers), `try ${i + 1}`).toEqual({ 422: 50, 429: 10 });
    }
  }, 300_000);
});
