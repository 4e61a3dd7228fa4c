// The usager's record for every role (/usagers/:id), the birth date and the homonym warning of the usager forms.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, apiError, field } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser, unique } from "../../support/factories.ts";
import { signedInClient, type WebClient } from "../../support/http.ts";
import { inDays, insertRdv } from "../admin/support.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

async function signedIn(email: string): Promise<WebClient> {
  const client = await signedInClient(app.url, email);
  await client.get("/agenda");
  return client;
}

/** Text of a page as a reader sees it: tags out, entities and no-break spaces as plain spaces. */
function readable(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;|&#160;|\u00a0|\u202f/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");
}

async function teamWithUsager() {
  const db = testDb();
  const team = await createTeam(db);
  const user = await db.user.create({
    data: {
      organisationId: team.organisation.id,
      firstName: "Noémie",
      lastName: `Carré${unique()}`,
      email: `noemie-${unique()}@example.org`,
      phone: "06 12 34 56 78",
      birthDate: new Date("1984-03-21T00:00:00Z"),
    },
  });
  const base = { organisationId: team.organisation.id, motifId: team.organisation.motif.id, lieuId: null };
  const upcomingAt = inDays(3);
  const upcoming = await insertRdv(db, {
    ...base,
    startsAt: upcomingAt,
    agentIds: [team.agent1.id],
    userIds: [user.id],
  });
  const past = await insertRdv(db, {
    ...base,
    startsAt: inDays(-10),
    agentIds: [team.agent2.id],
    userIds: [user.id],
    status: "seen",
  });
  return { team, user, upcoming: { ...upcoming, startsAt: upcomingAt }, past };
}

describe("/usagers/:id, the usager's record", () => {
  it("is readable by every role of the organisation: phone as tel:, birth date, upcoming and past RDVs, Nouveau RDV", async () => {
    const { team, user, upcoming, past } = await teamWithUsager();
    for (const member of [team.admin, team.secretary, team.agent1, team.agent2]) {
      const page = await (await signedIn(member.email)).get(`/usagers/${user.id}`);
      expect(page.status, member.email).toBe(200);
      expect(page.html).toContain('href="tel:0612345678"');
      expect(page.html).toContain(user.email ?? "missing");
      expect(readable(page.html)).toContain("21 mars 1984");
      const upcomingSection = page.html.slice(
        page.html.indexOf('id="rdv-a-venir"'),
        page.html.indexOf('id="rdv-passes"'),
      );
      const pastSection = page.html.slice(page.html.indexOf('id="rdv-passes"'));
      expect(upcomingSection).toContain(`href="/rdvs/${upcoming.id}"`);
      expect(upcomingSection).toContain("À venir");
      expect(pastSection).toContain(`href="/rdvs/${past.id}"`);
      expect(pastSection).not.toContain(`href="/rdvs/${upcoming.id}"`);
      expect(page.html).toContain(`href="/rdvs/nouveau?userId=${user.id}"`);
    }
  });

  it("is a 404 for a member of another organisation, and for an unknown id", async () => {
    const { user } = await teamWithUsager();
    const other = await createTeam(testDb());
    const stranger = await signedIn(other.secretary.email);
    expect((await stranger.get(`/usagers/${user.id}`)).status).toBe(404);
    expect((await stranger.get(`/usagers/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it("is linked from the RDV page and the day sheet, and « Nouveau RDV » comes with the usager chosen", async () => {
    const { team, user, upcoming } = await teamWithUsager();
    const agent = await signedIn(team.agent1.email);
    const rdvPage = await agent.get(`/rdvs/${upcoming.id}`);
    expect(rdvPage.html).toContain(`href="/usagers/${user.id}"`);
    const day = DateTime.fromJSDate(upcoming.startsAt).setZone(team.organisation.timezone).toISODate();
    const sheet = await (await signedIn(team.secretary.email)).get(`/agenda/impression?date=${day}`);
    expect(sheet.html).toContain(`href="/usagers/${user.id}"`);
    const form = await agent.get(`/rdvs/nouveau?userId=${user.id}`);
    expect(form.status).toBe(200);
    expect(form.html).toMatch(new RegExp(`name="userIds" value="${user.id}" id="usager-${user.id}" checked`));
  });

  it("the RDV form ignores a usager of another organisation passed as userId", async () => {
    const { user } = await teamWithUsager();
    const other = await createTeam(testDb());
    const form = await (await signedIn(other.agent1.email)).get(`/rdvs/nouveau?userId=${user.id}`);
    expect(form.status).toBe(200);
    expect(form.html).not.toContain(user.id);
  });
});

describe("Birth date and homonyms in the usager forms", () => {
  it("stores a birth date typed in the administration form and refuses an impossible or future one (422)", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const admin = await signedIn(team.admin.email);
    await admin.get("/admin/usagers/nouveau");
    const lastName = `Birth${unique()}`;
    const bad = await admin.post("/admin/usagers", {
      firstName: "Jade",
      lastName,
      email: "",
      phone: "",
      birthDate: "1990-02-30",
    });
    expect(bad.status).toBe(422);
    expect(readable(bad.html)).toContain("Le 1990-02-30 n'existe pas");
    expect(bad.html).toMatch(/id="champ-birthDate" name="birthDate"\s+type="text" value="1990-02-30"/);
    const future = await admin.post("/admin/usagers", { firstName: "Jade", lastName, birthDate: "2999-01-01" });
    expect(future.status).toBe(422);
    expect(readable(future.html)).toContain("ne peut pas être dans le futur");
    const ok = await admin.post("/admin/usagers", {
      firstName: "Jade",
      lastName,
      email: "",
      phone: "",
      birthDate: "1990-02-28",
    });
    expect(ok.status).toBe(302);
    const stored = await db.user.findFirstOrThrow({ where: { organisationId: team.organisation.id, lastName } });
    expect(stored.birthDate?.toISOString()).toBe("1990-02-28T00:00:00.000Z");
    const edit = await admin.get(`/admin/usagers/${stored.id}/modifier`);
    expect(edit.html).toContain('value="1990-02-28"');
  });

  it("warns of a homonym (names without case or accents) with a link, and creates it on « Créer quand même »", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const lastName = `Lefèvre${unique()}`;
    const existing = await createUser(db, team.organisation.id, { firstName: "Hélène", lastName });
    const admin = await signedIn(team.admin.email);
    await admin.get("/admin/usagers/nouveau");
    const typed = { firstName: "helene", lastName: lastName.replace("è", "e").toUpperCase(), email: "", phone: "" };
    const warned = await admin.post("/admin/usagers", typed);
    expect(warned.status).toBe(409);
    expect(readable(warned.html)).toContain("Un usager du même nom existe déjà :");
    expect(warned.html).toContain(`href="/usagers/${existing.id}"`);
    expect(warned.html).toContain("Créer quand même");
    expect(warned.html).toContain(`value="${typed.lastName}"`);
    expect(await db.user.count({ where: { organisationId: team.organisation.id } })).toBe(1);
    const confirmed = await admin.post("/admin/usagers", { ...typed, homonymes: "confirmer" });
    expect(confirmed.status).toBe(302);
    expect(await db.user.count({ where: { organisationId: team.organisation.id } })).toBe(2);
  });

  it("warns of the same last name and birth date under another first name, and not of another birth date", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const lastName = `Martin${unique()}`;
    await db.user.create({
      data: {
        organisationId: team.organisation.id,
        firstName: "Paul",
        lastName,
        birthDate: new Date("1970-05-04T00:00:00Z"),
      },
    });
    const admin = await signedIn(team.admin.email);
    await admin.get("/admin/usagers/nouveau");
    const same = await admin.post("/admin/usagers", { firstName: "Paulo", lastName, birthDate: "1970-05-04" });
    expect(same.status).toBe(409);
    expect(readable(same.html)).toContain(`Paul ${lastName}`);
    const other = await admin.post("/admin/usagers", { firstName: "Paulo", lastName, birthDate: "1971-05-04" });
    expect(other.status).toBe(302);
  });

  it("the RDV form's inline usager takes a birth date", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const agent = await signedIn(team.agent1.email);
    await agent.get("/rdvs/nouveau");
    const lastName = `Inline${unique()}`;
    const created = await agent.post("/rdvs/nouveau", {
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      date: inDays(5).toISOString().slice(0, 10),
      time: "10:00",
      agentIds: [team.agent1.id],
      newUserFirstName: "Iris",
      newUserLastName: lastName,
      newUserBirthDate: "2001-12-31",
    });
    expect(created.status).toBe(302);
    const user = await db.user.findFirstOrThrow({ where: { organisationId: team.organisation.id, lastName } });
    expect(user.birthDate?.toISOString()).toBe("2001-12-31T00:00:00.000Z");
  });
});

describe("Homonyms in the RDV form", () => {
  it("warns before creating a usager of the same names inline, keeps the form, and books on « Créer quand même »", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const lastName = `Dupré${unique()}`;
    const existing = await createUser(db, team.organisation.id, { firstName: "Éloi", lastName });
    const agent = await signedIn(team.agent1.email);
    await agent.get("/rdvs/nouveau");
    const form = {
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      date: inDays(6).toISOString().slice(0, 10),
      time: "11:00",
      agentIds: [team.agent1.id],
      newUserFirstName: "eloi",
      newUserLastName: lastName.toUpperCase(),
    };
    const warned = await agent.post("/rdvs/nouveau", form);
    expect(warned.status).toBe(409);
    expect(readable(warned.html)).toContain("Un usager du même nom existe déjà :");
    expect(warned.html).toContain(`href="/usagers/${existing.id}"`);
    expect(warned.html).toContain('value="eloi"');
    expect(await db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(0);
    const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(warned.html)?.[1] ?? "";
    const booked = await agent.post("/rdvs/nouveau", { ...form, submissionKey, homonymes: "confirmer" });
    expect(booked.status).toBe(302);
    expect(await db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(1);
    expect(await db.user.count({ where: { organisationId: team.organisation.id } })).toBe(2);
  });
});

describe("Birth date in the API", () => {
  it("creates, reads and clears a usager's birth date as YYYY-MM-DD, and refuses an impossible one (422)", async () => {
    const team = await createTeam(testDb());
    const api = await apiClient(app.url, team.admin.email);
    const organisationId = team.organisation.id;
    const created = await api.post("/users", {
      organisationId,
      firstName: "Yann",
      lastName: `Api${unique()}`,
      birthDate: "1990-01-02",
    });
    expect(created.status).toBe(201);
    expect(field(created.body, "birthDate")).toBe("1990-01-02");
    const id = String(field(created.body, "id"));
    const read = await api.get(`/organisations/${organisationId}/users/${id}`);
    expect(field(read.body, "birthDate")).toBe("1990-01-02");
    const cleared = await api.patch(`/organisations/${organisationId}/users/${id}`, { birthDate: null });
    expect(cleared.status).toBe(200);
    expect(field(cleared.body, "birthDate")).toBeNull();
    const bad = await api.post("/users", {
      organisationId,
      firstName: "Yann",
      lastName: "Api",
      birthDate: "1990-02-30",
    });
    expect(bad.status).toBe(422);
    expect(apiError(bad.body).fields?.birthDate).toContain("n'existe pas");
  });
});
