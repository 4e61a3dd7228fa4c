// The public API (/api/public/v1), over HTTP without any token: the documented shapes, créneaux that name no agent
// and hold no personal data, a 201 then a 409 for the same créneau, the token's 404, moving and cancelling, French
// 422s, and the per-address limit.
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_LIMITS } from "../../../src/domain/reservations/public-rate-limit.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { createOrganisation } from "../../support/factories.ts";
import { type BookingTeam, bookingOf, bookingTeam, dayFromToday, localIso } from "./reservation-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** A client address of its own for each test, so that limits counted for one test never reach another. */
function newAddress(): string {
  return `198.51.${randomInt(256)}.${randomInt(1, 255)}`;
}

type Answer = { status: number; body: Record<string, unknown> };

async function call(method: string, path: string, options: { body?: unknown; ip?: string } = {}): Promise<Answer> {
  const response = await fetch(`${app.url}/api/public/v1${path}`, {
    method,
    headers: {
      "x-forwarded-for": options.ip ?? newAddress(),
      ...(options.body !== undefined && { "content-type": "application/json" }),
    },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

function creneauxPath(team: BookingTeam, day: string) {
  const query = new URLSearchParams({
    organisationId: team.organisation.id,
    motifId: team.organisation.motif.id,
    lieuId: team.organisation.lieu.id,
    from: day,
    to: day,
  });
  return `/creneaux?${query}`;
}

describe("GET /api/public/v1/organisations/:organisationId/motifs", () => {
  it("lists the online motifs with the lieux where they are offered, and 404 for an unknown organisation", async () => {
    const team = await bookingTeam(app.db);
    const { organisation } = team;
    const answer = await call("GET", `/organisations/${organisation.id}/motifs`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      organisation: { id: organisation.id, name: organisation.name, timezone: "Europe/Paris" },
      motifs: [
        {
          id: organisation.motif.id,
          name: "Premier accueil",
          durationInMin: 30,
          locationType: "public_office",
          lieux: [{ id: organisation.lieu.id, name: organisation.lieu.name, address: organisation.lieu.address }],
        },
      ],
    });
    // Not bookable online (the second motif), or in another organisation: not listed.
    const other = await createOrganisation(app.db);
    expect((await call("GET", `/organisations/${other.id}/motifs`)).body).toMatchObject({ motifs: [] });
    const unknown = await call("GET", "/organisations/inconnue/motifs");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: "not_found" } });
  });
});

describe("GET /api/public/v1/creneaux", () => {
  it("lists free créneaux in order, with the organisation's offset, and nothing about agents or usagers", async () => {
    const team = await bookingTeam(app.db, { agents: ["agent1", "agent2"] });
    const day = dayFromToday(9);
    const answer = await call("GET", creneauxPath(team, day));
    expect(answer.status).toBe(200);
    const lieuId = team.organisation.lieu.id;
    // Two agents free at the same times are one créneau each time for the usager.
    expect(answer.body).toEqual({
      creneaux: ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"].map((time) => ({
        startsAt: localIso(day, time),
        durationInMin: 30,
        lieuId,
      })),
    });
    const text = JSON.stringify(answer.body);
    for (const secret of [team.agent1.id, team.agent2.id, team.agent1.lastName, team.agent2.email]) {
      expect(text).not.toContain(secret);
    }
  });

  it("drops a créneau once both agents are booked at that time, and refuses bad queries in French", async () => {
    const team = await bookingTeam(app.db, { agents: ["agent1", "agent2"] });
    const day = dayFromToday(10);
    for (let i = 0; i < 2; i++) {
      expect((await call("POST", "/reservations", { body: bookingOf(team, localIso(day, "09:00")) })).status).toBe(201);
    }
    const answer = await call("GET", creneauxPath(team, day));
    const starts = (answer.body.creneaux as { startsAt: string }[]).map((creneau) => creneau.startsAt);
    expect(starts[0]).toBe(localIso(day, "09:30"));
    expect(JSON.stringify(answer.body)).not.toContain("@example.org");

    const bad = await call(
      "GET",
      `/creneaux?organisationId=${team.organisation.id}&motifId=${team.organisation.motif.id}&from=demain`,
    );
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: { code: "invalid", fields: { from: expect.stringContaining("date") } } });
    const offline = await call(
      "GET",
      `/creneaux?organisationId=${team.organisation.id}&motifId=${team.organisation.motifs[1]?.id}`,
    );
    expect(offline.status).toBe(422);
    expect(offline.body).toMatchObject({ error: { fields: { motifId: expect.any(String) } } });
  });
});

describe("reservations", () => {
  it("books (201 with the RDV and a token), then 409 for the same créneau, reads, moves and cancels through the token", async () => {
    const team = await bookingTeam(app.db);
    const day = dayFromToday(11);
    const booking = bookingOf(team, localIso(day, "10:00"));
    const booked = await call("POST", "/reservations", { body: booking });
    expect(booked.status).toBe(201);
    const rdv = {
      startsAt: localIso(day, "10:00"),
      durationInMin: 30,
      status: "unknown",
      motif: { id: team.organisation.motif.id, name: "Premier accueil" },
      lieu: {
        id: team.organisation.lieu.id,
        name: team.organisation.lieu.name,
        address: team.organisation.lieu.address,
      },
      organisation: { id: team.organisation.id, name: team.organisation.name },
    };
    expect(booked.body).toEqual({ rdv, token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const token = String(booked.body.token);

    const again = await call("POST", "/reservations", { body: bookingOf(team, localIso(day, "10:00")) });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: { code: "conflict", message: "Ce créneau vient d'être pris, choisissez-en un autre" },
    });

    expect(await call("GET", `/reservations/${token}`)).toEqual({ status: 200, body: { rdv } });
    const moved = await call("PATCH", `/reservations/${token}`, { body: { startsAt: localIso(day, "11:30") } });
    expect(moved).toEqual({ status: 200, body: { rdv: { ...rdv, startsAt: localIso(day, "11:30") } } });
    const cancelled = await call("POST", `/reservations/${token}/annulation`);
    expect(cancelled).toEqual({
      status: 200,
      body: { rdv: { ...rdv, startsAt: localIso(day, "11:30"), status: "excused" } },
    });
    // 10:00 was freed by the move, and 11:30 by the cancellation.
    const starts = ((await call("GET", creneauxPath(team, day))).body.creneaux as { startsAt: string }[]).map(
      (creneau) => creneau.startsAt,
    );
    expect(starts).toEqual(expect.arrayContaining([localIso(day, "10:00"), localIso(day, "11:30")]));
    expect(await app.db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(1);
  });

  it("answers an unknown token, a malformed one, and any path of an unknown token with a plain 404", async () => {
    const unknown = "A".repeat(43);
    for (const [method, path] of [
      ["GET", `/reservations/${unknown}`],
      ["GET", "/reservations/abc"],
      ["POST", `/reservations/${unknown}/annulation`],
      ["PATCH", `/reservations/${unknown}`],
      ["GET", "/nulle-part"],
    ] as const) {
      const answer = await call(
        method,
        path,
        method === "PATCH" ? { body: { startsAt: localIso(dayFromToday(3), "09:00") } } : {},
      );
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body).toMatchObject({ error: { code: "not_found" } });
    }
  });

  it("refuses bad input with 422 and French messages per field, and says the same whether the email is known or not", async () => {
    const team = await bookingTeam(app.db);
    const day = dayFromToday(12);
    const bad = await call("POST", "/reservations", {
      body: { ...bookingOf(team, "lundi"), usager: { firstName: "", lastName: "Dupont", email: "x", phone: "" } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({
      error: {
        code: "invalid",
        fields: {
          startsAt: "Ce créneau n'est pas une date valide.",
          "usager.firstName": "Indiquez le prénom.",
          "usager.email": expect.stringMatching(/^Saisissez une adresse email valide/),
          "usager.phone": "Indiquez votre numéro de téléphone.",
        },
      },
    });
    // A known usager's email and a new one get the same answer (but their own token).
    const known = await app.db.user.create({
      data: {
        organisationId: team.organisation.id,
        firstName: "Karim",
        lastName: "Benali",
        email: "karim@example.org",
      },
    });
    const withKnown = await call("POST", "/reservations", {
      body: bookingOf(team, localIso(day, "09:00"), { email: known.email ?? "" }),
    });
    const withNew = await call("POST", "/reservations", { body: bookingOf(team, localIso(day, "09:30")) });
    expect(withKnown.status).toBe(201);
    expect(withNew.status).toBe(201);
    expect(Object.keys(withKnown.body)).toEqual(Object.keys(withNew.body));
    expect(JSON.stringify(withKnown.body)).not.toContain("Karim");
  });

  it(`limits each address to ${PUBLIC_LIMITS.write} bookings or changes per window (429), other addresses unaffected`, async () => {
    const ip = newAddress();
    for (let i = 0; i < PUBLIC_LIMITS.write; i++) {
      expect((await call("POST", "/reservations", { body: {}, ip })).status).toBe(422);
    }
    const limited = await call("POST", "/reservations", { body: {}, ip });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      error: { code: "rate_limited", message: expect.stringContaining("Réessayez") },
    });
    expect((await call("POST", "/reservations", { body: {} })).status).toBe(422);
  });
});
