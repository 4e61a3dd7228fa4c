// The usager's pages over HTTP, without an account: the steps, the anonymous CSRF token, the 422 that keeps what was
// typed, the 409 that shows the list again, and plain 404s for an unknown organisation or a wrong link.
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { signedInClient, WebClient } from "../../support/http.ts";
import { type BookingTeam, bookingOf, bookingTeam, dayFromToday, localIso } from "./reservation-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** A browser-like client with an address of its own (per-address limits never mix tests). */
function usagerClient(): WebClient {
  return new WebClient(app.url, { "x-forwarded-for": `203.0.113.${randomInt(1, 255)}, 192.0.2.${randomInt(1, 255)}` });
}

function stepPath(team: BookingTeam, params: Record<string, string>) {
  return `/prendre-rdv/${team.organisation.id}?${new URLSearchParams(params)}`;
}

describe("the usager's pages", () => {
  it("lead from the motif to the lieu to the créneaux to the form, each a plain page without account", async () => {
    const team = await bookingTeam(app.db);
    const client = usagerClient();
    const motifs = await client.get(`/prendre-rdv/${team.organisation.id}`);
    expect(motifs.status).toBe(200);
    expect(motifs.html).toContain("Premier accueil");
    expect(motifs.html).not.toContain("Suivi téléphonique");
    const lieux = await client.get(stepPath(team, { motifId: team.organisation.motif.id }));
    expect(lieux.html).toContain(team.organisation.lieu.address);
    const params = { motifId: team.organisation.motif.id, lieuId: team.organisation.lieu.id };
    const creneaux = await client.get(stepPath(team, params));
    expect(creneaux.html).toContain("Choisissez un créneau");
    const startsAt = localIso(dayFromToday(2), "09:30");
    expect(creneaux.html).toContain(new URLSearchParams({ startsAt }).toString());
    // No agent is named on the public pages.
    expect(creneaux.html).not.toContain(team.agent1.lastName);
    const form = await client.get(stepPath(team, { ...params, startsAt }));
    expect(form.html).toContain("Vos coordonnées");
    expect(form.html).toContain('name="_csrf"');
    // A link with no créneau in it shows the list.
    expect((await client.get(stepPath(team, { ...params, startsAt: "demain" }))).html).toContain(
      "Choisissez un créneau",
    );
  });

  it("refuses a form without the CSRF token, and re-renders bad input with 422, French messages and the values", async () => {
    const team = await bookingTeam(app.db);
    const client = usagerClient();
    const params = { motifId: team.organisation.motif.id, lieuId: team.organisation.lieu.id };
    const startsAt = localIso(dayFromToday(3), "10:00");
    await client.get(stepPath(team, { ...params, startsAt }));
    const form = {
      ...params,
      startsAt,
      firstName: "Jeanne",
      lastName: "Martin",
      email: "jeanne@",
      phone: "06 12 34 56 78",
    };
    expect((await client.post(`/prendre-rdv/${team.organisation.id}`, { ...form, _csrf: "faux" })).status).toBe(403);
    const refused = await client.post(`/prendre-rdv/${team.organisation.id}`, form);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("Saisissez une adresse email valide");
    expect(refused.html).toContain('value="jeanne@"');
    expect(refused.html).toContain('value="06 12 34 56 78"');
    expect(await app.db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(0);

    const booked = await client.post(`/prendre-rdv/${team.organisation.id}`, { ...form, email: "jeanne@example.org" });
    expect(booked.status).toBe(303);
    expect(booked.location).toMatch(/^\/mon-rdv\/[A-Za-z0-9_-]{43}\?confirme=1$/);
    const page = await client.get(booked.location ?? "");
    expect(page.html).toContain("Votre rendez-vous est confirmé");

    // The same créneau again: the list, with the message, and a 409.
    const second = usagerClient();
    await second.get(stepPath(team, { ...params, startsAt }));
    const taken = await second.post(`/prendre-rdv/${team.organisation.id}`, { ...form, email: "paul@example.org" });
    expect(taken.status).toBe(409);
    expect(taken.html).toContain("Ce créneau vient d&#39;être pris, choisissez-en un autre");
    expect(taken.html).toContain("Choisissez un créneau");
    expect(await app.db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(1);
  });

  it("answers an unknown organisation and a wrong link with a plain 404 page", async () => {
    const client = usagerClient();
    expect((await client.get("/prendre-rdv/inconnue")).status).toBe(404);
    for (const path of ["/mon-rdv/faux", `/mon-rdv/${"A".repeat(43)}`, `/mon-rdv/${"A".repeat(43)}/deplacer`]) {
      const page = await client.get(path);
      expect(page.status, path).toBe(404);
      expect(page.html).toContain("Ce lien n&#39;est pas valable");
    }
    // Any anonymous form gives the token (the sign-in one here): with it, the wrong link is still a 404.
    await client.get("/connexion");
    expect((await client.post(`/mon-rdv/${"A".repeat(43)}/annulation`, {})).status).toBe(404);
  });

  it("shows a move page with the other free créneaux, and moves with the usager's choice", async () => {
    const team = await bookingTeam(app.db);
    const day = dayFromToday(4);
    const response = await fetch(`${app.url}/api/public/v1/reservations`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.77" },
      body: JSON.stringify(bookingOf(team, localIso(day, "09:00"))),
    });
    const { token } = (await response.json()) as { token: string };
    const client = usagerClient();
    const move = await client.get(`/mon-rdv/${token}/deplacer`);
    expect(move.status).toBe(200);
    expect(move.html).not.toContain(`value="${localIso(day, "09:00")}"`);
    expect(move.html).toContain(`value="${localIso(day, "09:30")}"`);
    const moved = await client.post(`/mon-rdv/${token}/deplacer`, { startsAt: localIso(day, "11:00") });
    expect(moved).toMatchObject({ status: 303, location: `/mon-rdv/${token}?deplace=1` });
    const rdv = await app.db.rdv.findFirstOrThrow({ where: { organisationId: team.organisation.id } });
    expect(rdv.startsAt.toISOString()).toBe(new Date(localIso(day, "11:00")).toISOString());
    // Not on the grid: the move page again with the message, nothing changed.
    const refused = await client.post(`/mon-rdv/${token}/deplacer`, { startsAt: localIso(day, "11:10") });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain("Ce créneau vient d&#39;être pris");
  });
});

describe("an RDV booked online, in the back-office", () => {
  it("names the usager as its creator and as the author in its history", async () => {
    const team = await bookingTeam(app.db);
    const booking = bookingOf(team, localIso(dayFromToday(5), "09:00"), { firstName: "Inès", lastName: "Morel" });
    const response = await fetch(`${app.url}/api/public/v1/reservations`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.78" },
      body: JSON.stringify(booking),
    });
    expect(response.status).toBe(201);
    const rdv = await app.db.rdv.findFirstOrThrow({ where: { organisationId: team.organisation.id } });
    const secretary = await signedInClient(app.url, team.secretary.email);
    const page = await secretary.get(`/rdvs/${rdv.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Inès Morel (usager), le");
    expect(page.html.match(/Inès Morel \(usager\)/g)?.length).toBeGreaterThanOrEqual(2);
  });
});
