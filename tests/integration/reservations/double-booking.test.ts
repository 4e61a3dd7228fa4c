// Two usagers taking the same créneau at the same moment, on a PostgreSQL server where both transactions really run
// side by side (PGlite is one session and would serialise them): fired 100 times, never two RDVs — exactly one
// booking succeeds and the other gets « Ce créneau vient d'être pris ». Every other iteration both usagers also type
// the same new email: one usager is created, never two, and never an error.
import { describe, expect, inject, it } from "vitest";
import { bookReservation } from "../../../src/domain/reservations/book-reservation.ts";
import { CRENEAU_TAKEN_MESSAGE } from "../../../src/domain/reservations/take-creneau.ts";
import { testDb } from "../../support/db.ts";
import { domainContext } from "../notifications/support.ts";
import { bookingOf, bookingTeam, dayFromToday, localIso } from "./reservation-fixtures.ts";

const TRIES = 100;
const TIMES = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"];

describe.runIf(inject("databaseKind") === "postgresql")("two usagers booking one créneau at the same moment", () => {
  it(`never creates two RDVs (${TRIES} tries)`, { timeout: 300_000 }, async () => {
    const db = testDb();
    const team = await bookingTeam(db);
    const context = domainContext(db);
    const outcomes = { booked: 0, taken: 0 };
    for (let i = 0; i < TRIES; i++) {
      const startsAt = localIso(dayFromToday(1 + Math.floor(i / TIMES.length)), TIMES[i % TIMES.length] ?? "09:00");
      const first = bookingOf(team, startsAt);
      const second = bookingOf(team, startsAt, i % 2 === 0 ? { email: first.usager.email } : {});
      const results = await Promise.allSettled([
        bookReservation(context, { raw: first }),
        bookReservation(context, { raw: second }),
      ]);
      const booked = results.filter((result) => result.status === "fulfilled");
      const refused = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
      expect(booked, `try ${i}`).toHaveLength(1);
      expect(refused, `try ${i}`).toEqual([
        expect.objectContaining({ code: "conflict", message: CRENEAU_TAKEN_MESSAGE }),
      ]);
      const rdvs = await db.rdv.count({
        where: { organisationId: team.organisation.id, startsAt: new Date(startsAt) },
      });
      expect(rdvs, `try ${i}`).toBe(1);
      outcomes.booked += booked.length;
      outcomes.taken += refused.length;
    }
    expect(outcomes).toEqual({ booked: TRIES, taken: TRIES });
    expect(await db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(TRIES);
    // One usager per successful booking: a refused one leaves nothing behind, not even a usager it created.
    expect(await db.user.count({ where: { organisationId: team.organisation.id } })).toBe(TRIES);
    expect(
      await db.outboxMessage.count({ where: { organisationId: team.organisation.id, kind: "usager_rdv_confirmed" } }),
    ).toBe(TRIES);
  });
});
