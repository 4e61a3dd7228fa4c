import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createUser } from "../../support/factories.ts";
import { signedInClient } from "../../support/http.ts";
import { bookRdv, createRdvTeam, decodeHtml, rdvFormFields, rowCounts, type Team } from "./rdv-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const signedIn = (email: string) => signedInClient(app.url, email);

/** The fields of the new-RDV form as a browser would post them. */
const formFor = (team: Team, overrides: Record<string, string | string[]> = {}) =>
  rdvFormFields(team, { notes: "Premier rendez-vous", ...overrides });

const decode = decodeHtml;

describe("booking an RDV through the form", () => {
  it("offers the organisation's motifs, lieux and agents, and books the RDV for agent1", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const client = await signedIn(team.secretary.email);
    const page = await client.get("/rdvs/nouveau");
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1 class="h2 mb-3">Nouveau RDV</h1>');
    expect(page.html).toContain(`value="${team.organisation.motif.id}"`);
    expect(page.html).toContain(`value="${team.organisation.lieu.id}"`);
    expect(page.html).toContain(`value="${team.agent2.id}"`);

    const created = await client.post("/rdvs/nouveau", formFor(team));
    expect(created.status).toBe(302);
    const rdv = await db.rdv.findFirstOrThrow({ where: { organisationId: team.organisation.id } });
    expect(created.location).toBe(`/rdvs/${rdv.id}`);
    expect(rdv.startsAt.toISOString()).toBe("2027-03-29T07:00:00.000Z");
    expect(rdv.createdByAgentId).toBe(team.secretary.id);

    const show = await client.get(`/rdvs/${rdv.id}`);
    expect(show.status).toBe(200);
    const html = decode(show.html);
    // agent1 has no plage d'ouverture that day: said for information, the RDV is booked all the same.
    expect(html).toContain(
      `<div class="alert alert-success" role="status">RDV créé. Créneau hors des plages d'ouverture de Bruno ${team.agent1.lastName} (pour information\u00a0: ce n'est pas un conflit).</div>`,
    );
    expect(html).toContain("RDV du lundi 29 mars 2027 à 09:00");
    expect(html).toContain("09:30 (30 min)");
    expect(html).toContain(`Bruno ${team.agent1.lastName}`);
    expect(html).toContain("Jeanne Lefèvre");
    expect(html).toContain(`Sophie ${team.secretary.lastName}`);
    expect(html).toContain("RDV créé pour le lundi 29 mars 2027 à 09:00");
    expect(html).toContain(`href="/agenda?agentId=${team.agent1.id}&date=2027-03-29"`);
  });

  it("comes back with the values typed, a message per field, HTTP 422 and nothing saved", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const client = await signedIn(team.secretary.email);
    await client.get("/rdvs/nouveau");
    const before = await rowCounts(db, team.organisation.id);
    const response = await client.post(
      "/rdvs/nouveau",
      formFor(team, {
        motifId: "",
        time: "",
        durationInMin: "10000",
        agentIds: [],
        userIds: [],
        notes: "Ne pas oublier",
      }),
    );
    expect(response.status).toBe(422);
    const html = decode(response.html);
    expect(html).toContain("Choisissez un motif.");
    expect(html).toContain("Indiquez l'heure.");
    expect(html).toContain("La durée doit être comprise entre 5 et 480 minutes.");
    expect(html).toContain("Choisissez au moins un agent.");
    expect(html).toContain("Choisissez au moins un usager, ou créez-en un.");
    expect(html).toContain('value="2027-03-29"');
    expect(html).toContain('value="10000"');
    expect(html).toContain(">Ne pas oublier</textarea>");
    expect(html).toContain('aria-invalid="true"');
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);
  });

  it("refuses a time that does not exist on the day clocks go forward, next to the time field", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const client = await signedIn(team.secretary.email);
    await client.get("/rdvs/nouveau");
    const response = await client.post("/rdvs/nouveau", formFor(team, { date: "2027-03-28", time: "02:30" }));
    expect(response.status).toBe(422);
    expect(decode(response.html)).toContain("02:30 n'existe pas ce jour-là");
    expect(response.html).toMatch(new RegExp(`name="userIds" value="${team.usager.id}"[^>]*checked`));
    expect(await testDb().rdv.count({ where: { organisationId: team.organisation.id } })).toBe(0);
  });

  it("finds an existing usager by name without losing what was typed, and books with it", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const karim = await createUser(db, team.organisation.id, { firstName: "Karim", lastName: "Benali" });
    const client = await signedIn(team.secretary.email);
    await client.get("/rdvs/nouveau");
    const search = await client.post(
      "/rdvs/nouveau",
      formFor(team, { userIds: [], q: "benali", intent: "search", notes: "gardé" }),
    );
    expect(search.status).toBe(200);
    expect(search.html).toContain(`name="userIds" value="${karim.id}"`);
    expect(search.html).not.toContain(`value="${team.usager.id}"`);
    expect(search.html).toContain(">gardé</textarea>");
    expect(await db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(0);

    const tooShort = await client.post("/rdvs/nouveau", formFor(team, { q: "b", intent: "search" }));
    expect(tooShort.html).toContain("Saisissez au moins 2 caractères.");

    const booked = await client.post("/rdvs/nouveau", formFor(team, { userIds: [karim.id] }));
    expect(booked.status).toBe(302);
    const link = await db.rdvUser.findFirstOrThrow({ where: { rdv: { organisationId: team.organisation.id } } });
    expect(link.userId).toBe(karim.id);
  });

  it("does not find usagers of another organisation", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const other = await createRdvTeam(db);
    const client = await signedIn(team.secretary.email);
    await client.get("/rdvs/nouveau");
    const search = await client.post("/rdvs/nouveau", formFor(team, { q: "Lefèvre", intent: "search" }));
    expect(search.html).not.toContain(other.usager.id);
  });

  it("creates a usager inline, and points to the existing one when the email is already used", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const client = await signedIn(team.secretary.email);
    await client.get("/rdvs/nouveau");
    const email = team.usager.email ?? "";
    const before = await rowCounts(db, team.organisation.id);
    const duplicate = await client.post(
      "/rdvs/nouveau",
      formFor(team, { userIds: [], newUserFirstName: "Jeanne", newUserLastName: "Autre", newUserEmail: email }),
    );
    expect(duplicate.status).toBe(422);
    const html = decode(duplicate.html);
    expect(html).toContain(`Jeanne Lefèvre est déjà enregistré(e) avec l'adresse ${email}`);
    expect(html).toContain("Usager déjà enregistré avec cette adresse : cochez-le.");
    expect(html).toContain(`name="userIds" value="${team.usager.id}"`);
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);

    const created = await client.post(
      "/rdvs/nouveau",
      formFor(team, {
        userIds: [],
        newUserFirstName: "Lucie",
        newUserLastName: "Moreau",
        newUserPhone: "07 98 76 54 32",
      }),
    );
    expect(created.status).toBe(302);
    const lucie = await db.user.findFirstOrThrow({
      where: { organisationId: team.organisation.id, lastName: "Moreau" },
    });
    expect(lucie.phone).toBe("0798765432");
  });

  it("refuses a form without its CSRF token, and a body too big to read, writing nothing", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const client = await signedIn(team.secretary.email);
    await client.get("/rdvs/nouveau");
    const forged = await client.post("/rdvs/nouveau", { ...formFor(team), _csrf: "forged" });
    expect(forged.status).toBe(403);
    const huge = await client.post("/rdvs/nouveau", formFor(team, { notes: "x".repeat(200_000) }));
    expect(huge.status).toBe(413);
    expect(huge.html).toContain("Le contenu envoyé est trop volumineux.");
    const long = await client.post("/rdvs/nouveau", formFor(team, { notes: "x".repeat(100_000) }));
    expect(long.status).toBe(422);
    expect(decode(long.html)).toContain("Les notes font au plus 5000 caractères.");
    expect(await db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(0);
  });
});

describe("the page of an RDV", () => {
  it("edits the RDV with the form prefilled in local time, and shows the move in the history", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const { after } = await bookRdv(team);
    const client = await signedIn(team.agent1.email);
    const edit = await client.get(`/rdvs/${after.id}/modifier`);
    expect(edit.status).toBe(200);
    expect(edit.html).toMatch(/name="date"\s+type="date" value="2027-03-29"/);
    expect(edit.html).toMatch(/name="time"\s+type="time" value="09:00"/);
    const saved = await client.post(
      `/rdvs/${after.id}/modifier`,
      formFor(team, { date: "2027-03-30", time: "10:30", durationInMin: "30", notes: after.notes ?? "" }),
    );
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/rdvs/${after.id}`);
    const page = decode((await client.get(`/rdvs/${after.id}`)).html);
    expect(page).toContain("RDV modifié.");
    expect(page).toContain("RDV déplacé du lundi 29 mars 2027 à 09:00 au mardi 30 mars 2027 à 10:30");
    expect(page).toContain(`Bruno ${team.agent1.lastName}`);
    const stored = await db.rdv.findUniqueOrThrow({ where: { id: after.id } });
    expect(stored.sequence).toBe(1);
  });

  it("re-renders the edit form with 422 when a field is wrong, leaving the RDV as it was", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const { after } = await bookRdv(team);
    const client = await signedIn(team.secretary.email);
    await client.get(`/rdvs/${after.id}/modifier`);
    const before = await rowCounts(db, team.organisation.id);
    const response = await client.post(`/rdvs/${after.id}/modifier`, formFor(team, { date: "2027-02-30" }));
    expect(response.status).toBe(422);
    expect(response.html).toContain("La date doit être une date valide (AAAA-MM-JJ).");
    // A date input would show an impossible day as empty: it comes back as typed, in a text input.
    expect(response.html).toMatch(/name="date"\s+type="text" value="2027-02-30"/);
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);
  });

  it("changes the status and deletes the RDV", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const { after } = await bookRdv(team);
    const client = await signedIn(team.secretary.email);
    await client.get(`/rdvs/${after.id}`);
    const status = await client.post(`/rdvs/${after.id}/statut`, { status: "excused" });
    expect(status.status).toBe(302);
    const page = decode((await client.get(`/rdvs/${after.id}`)).html);
    expect(page).toContain("Statut du RDV\u00a0: annulé (à la demande de l'usager).");
    expect(page).toContain("Statut : annulé (à la demande de l'usager)");
    const wrong = await client.post(`/rdvs/${after.id}/statut`, { status: "perdu" });
    expect(wrong.status).toBe(422);
    const deleted = await client.post(`/rdvs/${after.id}/supprimer`, {});
    expect(deleted.location).toBe("/rdvs");
    expect(await db.rdv.count({ where: { id: after.id } })).toBe(0);
    expect((await client.get("/rdvs")).html).toContain("RDV supprimé.");
    expect((await client.get(`/rdvs/${after.id}`)).status).toBe(404);
  });

  it("shows a colleague's RDV to an agent without the buttons to change it, and refuses the changes", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const { after } = await bookRdv(team, { agentIds: [team.agent2.id] });
    const client = await signedIn(team.agent1.email);
    const page = await client.get(`/rdvs/${after.id}`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain("Modifier le RDV");
    expect(page.html).not.toContain("/statut");
    expect((await client.get(`/rdvs/${after.id}/modifier`)).status).toBe(403);
    expect((await client.post(`/rdvs/${after.id}/statut`, { status: "seen" })).status).toBe(403);
    expect((await client.post(`/rdvs/${after.id}/supprimer`, {})).status).toBe(403);
    expect((await db.rdv.findUniqueOrThrow({ where: { id: after.id } })).status).toBe("unknown");
  });

  it("answers 404 for an RDV of another organisation and for a forged id", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const other = await createRdvTeam(db);
    const { after } = await bookRdv(other);
    const client = await signedIn(team.admin.email);
    for (const path of [`/rdvs/${after.id}`, `/rdvs/${after.id}/modifier`, "/rdvs/pas-un-id"]) {
      const page = await client.get(path);
      expect(page.status, path).toBe(404);
      expect(page.html).toContain("Page introuvable");
    }
    expect((await client.post(`/rdvs/${after.id}/supprimer`, {})).status).toBe(404);
    expect(await db.rdv.count({ where: { id: after.id } })).toBe(1);
  });
});

describe("the list of RDVs", () => {
  it("shows an agent its own upcoming RDVs by default, every agent's on request, and never past ones", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const future = new Date(Date.now() + 3 * 86_400_000);
    const iso = (d: Date) => d.toISOString();
    await bookRdv(team, { startsAt: iso(future), notes: "mine", agentIds: [team.agent1.id] });
    await bookRdv(team, { startsAt: iso(new Date(future.getTime() + 3_600_000)), agentIds: [team.agent2.id] });
    await bookRdv(team, { startsAt: iso(new Date(Date.now() - 3 * 86_400_000)), agentIds: [team.agent1.id] });
    const agent = await signedIn(team.agent1.email);
    const own = await agent.get("/rdvs");
    expect(own.status).toBe(200);
    expect(own.html).toContain("Nouveau RDV");
    expect(own.html.match(/href="\/rdvs\/[0-9a-f-]{36}"/g)).toHaveLength(1);
    expect(own.html).toContain(`Bruno ${team.agent1.lastName}</td>`);
    const all = await agent.get("/rdvs?agentId=");
    expect(all.html.match(/href="\/rdvs\/[0-9a-f-]{36}"/g)).toHaveLength(2);

    const secretary = await signedIn(team.secretary.email);
    const byDefault = await secretary.get("/rdvs");
    expect(byDefault.html.match(/href="\/rdvs\/[0-9a-f-]{36}"/g)).toHaveLength(2);
    const agent2Only = await secretary.get(`/rdvs?agentId=${team.agent2.id}`);
    expect(agent2Only.html.match(/href="\/rdvs\/[0-9a-f-]{36}"/g)).toHaveLength(1);
    expect(agent2Only.html).toContain(`Chloé ${team.agent2.lastName}</td>`);
  });
});
