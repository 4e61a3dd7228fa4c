import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser, unique } from "../../support/factories.ts";
import { signedInClient, WebClient } from "../../support/http.ts";
import { inDays, insertRdv } from "./support.ts";

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

async function adminOfNewTeam() {
  const team = await createTeam(testDb());
  return { team, admin: await signedIn(team.admin.email) };
}

describe("« Administration › Agents » pages", () => {
  it("lists the agents with email, role and last sign-in, under the administration sub-navigation", async () => {
    const { team, admin } = await adminOfNewTeam();
    const page = await admin.get("/admin/agents");
    expect(page.status).toBe(200);
    expect(page.html).toContain('aria-label="Administration"');
    expect(page.html).toMatch(/<a class="nav-link active" href="\/admin\/agents" aria-current="page">Agents<\/a>/);
    for (const agent of [team.admin, team.secretary, team.agent1, team.agent2]) {
      expect(page.html).toContain(agent.email);
    }
    expect(page.html).toContain('<option value="secretary" selected>Secrétariat</option>');
    expect(page.html).toContain("Jamais");
  });

  it("re-renders the invitation form with the values typed and French messages (422)", async () => {
    const { admin } = await adminOfNewTeam();
    await admin.get("/admin/agents/invitation");
    const page = await admin.post("/admin/agents/invitation", {
      email: "nadia@",
      firstName: "Nadia",
      lastName: "",
      role: "secretary",
    });
    expect(page.status).toBe(422);
    expect(page.html).toContain("Saisissez une adresse email valide.");
    expect(page.html).toContain("Saisissez le nom.");
    expect(page.html).toContain('value="nadia@"');
    expect(page.html).toContain('value="Nadia"');
    expect(page.html).toContain('<option value="secretary" selected>Secrétariat</option>');
  });

  it("invites an agent: flash message, pending invitation in the list, email in the outbox", async () => {
    const { team, admin } = await adminOfNewTeam();
    const email = `nadia-${unique()}@test.rdv-agents.fr`;
    await admin.get("/admin/agents/invitation");
    const response = await admin.post("/admin/agents/invitation", {
      email,
      firstName: "Nadia",
      lastName: "Nouvelle",
      role: "agent",
    });
    expect(response.status).toBe(302);
    expect(response.location).toBe("/admin/agents");
    const list = await admin.get("/admin/agents");
    expect(list.html).toContain(`Invitation envoyée à Nadia Nouvelle (${email}).`);
    expect(list.html).toContain("Invitation en attente");
    const queued = await testDb().outboxMessage.count({
      where: { toEmail: email, kind: "invitation", organisationId: team.organisation.id },
    });
    expect(queued).toBe(1);
  });

  it("changes a role from the list, and explains why the last admin keeps hers", async () => {
    const { team, admin } = await adminOfNewTeam();
    await admin.get("/admin/agents");
    const changed = await admin.post(`/admin/agents/${team.agent1.id}/role`, { role: "admin" });
    expect(changed.location).toBe("/admin/agents");
    expect((await admin.get("/admin/agents")).html).toContain(
      `Rôle de ${team.agent1.firstName} ${team.agent1.lastName} modifié.`,
    );
    await admin.post(`/admin/agents/${team.agent1.id}/role`, { role: "agent" });
    const refused = await admin.post(`/admin/agents/${team.admin.id}/role`, { role: "agent" });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("L&#39;organisation doit garder au moins un administrateur.");
  });

  it("removes an agent only once each future RDV is reassigned or cancelled, keeping the choices made", async () => {
    const db = testDb();
    const { team, admin } = await adminOfNewTeam();
    const { organisation, agent1, agent2 } = team;
    const usager = await createUser(db, organisation.id);
    const base = { organisationId: organisation.id, motifId: organisation.motif.id, lieuId: organisation.lieu.id };
    const first = await insertRdv(db, { ...base, startsAt: inDays(2), agentIds: [agent1.id], userIds: [usager.id] });
    const second = await insertRdv(db, { ...base, startsAt: inDays(5), agentIds: [agent1.id], userIds: [usager.id] });

    const page = await admin.get(`/admin/agents/${agent1.id}/retrait`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("RDV à venir (2)");
    expect(page.html).toContain(`name="rdvs[${first.id}]"`);
    expect(page.html).toContain(`name="rdvs[${second.id}]"`);

    const refused = await admin.post(`/admin/agents/${agent1.id}/retrait`, { [`rdvs[${first.id}]`]: agent2.id });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("a encore des RDV à venir");
    expect(refused.html).toContain("Choisissez : réassigner ce RDV à un autre agent, ou l&#39;annuler.");
    expect(refused.html).toContain(`<option value="${agent2.id}" selected>`);
    expect(await db.agentRole.count({ where: { agentId: agent1.id } })).toBe(1);

    const done = await admin.post(`/admin/agents/${agent1.id}/retrait`, {
      [`rdvs[${first.id}]`]: agent2.id,
      [`rdvs[${second.id}]`]: "cancel",
    });
    expect(done.status).toBe(302);
    const list = await admin.get("/admin/agents");
    expect(list.html).toContain("a été retiré de l&#39;organisation\u00a0: 1 RDV réassigné(s), 1 RDV annulé(s)");
    expect(list.html).not.toContain(agent1.email);
  });
});

describe("« Retirer de l'organisation » page", () => {
  it("offers, for an RDV shared with a colleague, to leave it to them rather than to reassign it to them", async () => {
    const db = testDb();
    const { team, admin } = await adminOfNewTeam();
    const { organisation, agent1, agent2 } = team;
    const base = { organisationId: organisation.id, motifId: organisation.motif.id, lieuId: organisation.lieu.id };
    const alone = await insertRdv(db, { ...base, startsAt: inDays(2), agentIds: [agent1.id] });
    const shared = await insertRdv(db, { ...base, startsAt: inDays(3), agentIds: [agent1.id, agent2.id] });

    const page = await admin.get(`/admin/agents/${agent1.id}/retrait`);
    const selectOf = (rdvId: string) =>
      new RegExp(`<select[^>]*name="rdvs\\[${rdvId}\\]"[\\s\\S]*?</select>`).exec(page.html)?.[0] ?? "";
    expect(selectOf(alone.id)).toContain(`<option value="${agent2.id}"`);
    expect(selectOf(alone.id)).not.toContain('value="leave"');
    expect(selectOf(shared.id)).not.toContain(`<option value="${agent2.id}"`);
    expect(selectOf(shared.id)).toContain(
      `<option value="leave" >Le laisser à ${agent2.firstName} ${agent2.lastName}</option>`,
    );

    const done = await admin.post(`/admin/agents/${agent1.id}/retrait`, {
      [`rdvs[${alone.id}]`]: agent2.id,
      [`rdvs[${shared.id}]`]: "leave",
    });
    expect(done.status).toBe(302);
    const agents = await db.rdvAgent.findMany({ where: { rdvId: shared.id }, select: { agentId: true } });
    expect(agents).toEqual([{ agentId: agent2.id }]);
  });
});

describe("« Administration › Lieux, Motifs, Usagers, Organisation » pages", () => {
  it("re-renders a lieu form with its values (422), then creates, edits and disables the lieu", async () => {
    const { admin } = await adminOfNewTeam();
    await admin.get("/admin/lieux/nouveau");
    const bad = await admin.post("/admin/lieux", { name: "Antenne Est", address: "" });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('value="Antenne Est"');
    expect(bad.html).toContain("Saisissez l&#39;adresse du lieu.");
    expect((await admin.post("/admin/lieux", { name: "Antenne Est", address: "9 rue de l'Est" })).location).toBe(
      "/admin/lieux",
    );
    const list = await admin.get("/admin/lieux");
    expect(list.html).toContain("Lieu «\u00a0Antenne Est\u00a0» créé.");
    const lieu = await testDb().lieu.findFirstOrThrow({ where: { name: "Antenne Est", address: "9 rue de l'Est" } });
    const edit = await admin.get(`/admin/lieux/${lieu.id}/modifier`);
    expect(edit.html).toContain('value="9 rue de l&#39;Est"');
    await admin.post(`/admin/lieux/${lieu.id}`, { name: "Antenne Est-Ouest", address: "9 rue de l'Est" });
    await admin.post(`/admin/lieux/${lieu.id}/desactiver`, {});
    const after = await testDb().lieu.findUniqueOrThrow({ where: { id: lieu.id } });
    expect(after.name).toBe("Antenne Est-Ouest");
    expect(after.disabledAt).not.toBeNull();
  });

  it("offers « Supprimer » only on unused lieux, and deletes after a confirmation page", async () => {
    const db = testDb();
    const { team, admin } = await adminOfNewTeam();
    const { organisation, agent1 } = team;
    await insertRdv(db, {
      organisationId: organisation.id,
      motifId: organisation.motif.id,
      lieuId: organisation.lieu.id,
      startsAt: inDays(1),
      agentIds: [agent1.id],
    });
    const unused = await db.lieu.create({
      data: { organisationId: organisation.id, name: "Faute de frappe", address: "1 rue" },
      select: { id: true },
    });
    const list = await admin.get("/admin/lieux");
    expect(list.html).toContain(`href="/admin/lieux/${unused.id}/supprimer"`);
    expect(list.html).not.toContain(`/admin/lieux/${organisation.lieu.id}/supprimer`);
    expect(list.html).toContain(`action="/admin/lieux/${organisation.lieu.id}/desactiver"`);

    const confirm = await admin.get(`/admin/lieux/${unused.id}/supprimer`);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain("Supprimer le lieu «&nbsp;Faute de frappe&nbsp;»&#8239;?");
    expect(confirm.html).toContain(`action="/admin/lieux/${unused.id}/supprimer"`);
    expect(await db.lieu.count({ where: { id: unused.id } })).toBe(1);
    const deleted = await admin.post(`/admin/lieux/${unused.id}/supprimer`, {});
    expect(deleted.location).toBe("/admin/lieux");
    expect((await admin.get("/admin/lieux")).html).toContain("Lieu «\u00a0Faute de frappe\u00a0» supprimé.");
    expect(await db.lieu.count({ where: { id: unused.id } })).toBe(0);
  });

  it("explains why a lieu in use cannot be deleted, offering to disable it, and flashes a refusal on the list", async () => {
    const db = testDb();
    const { team, admin } = await adminOfNewTeam();
    const { organisation, agent1 } = team;
    await insertRdv(db, {
      organisationId: organisation.id,
      motifId: organisation.motif.id,
      lieuId: organisation.lieu.id,
      startsAt: inDays(1),
      agentIds: [agent1.id],
    });
    const page = await admin.get(`/admin/lieux/${organisation.lieu.id}/supprimer`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("ne peut pas être supprimé, désactivez-le");
    expect(page.html).toContain(`action="/admin/lieux/${organisation.lieu.id}/desactiver"`);
    expect(page.html).not.toContain(`action="/admin/lieux/${organisation.lieu.id}/supprimer"`);

    // Posted anyway (an RDV booked after the list was shown): back to the list with the reason, the lieu kept.
    const refused = await admin.post(`/admin/lieux/${organisation.lieu.id}/supprimer`, {});
    expect(refused.status).toBe(302);
    expect(refused.location).toBe("/admin/lieux");
    const list = await admin.get("/admin/lieux");
    // A refusal, shown as such (not as a green confirmation).
    expect(list.html).toMatch(
      /<div class="alert alert-danger" role="alert">Lieu «\u00a0Lieu principal\u00a0» non supprimé/,
    );
    expect(list.html).toContain("ne peut pas être supprimé, désactivez-le");
    expect(await db.lieu.count({ where: { id: organisation.lieu.id } })).toBe(1);
  });

  it("keeps the motif form's values, the checkbox included, on error", async () => {
    const { admin } = await adminOfNewTeam();
    await admin.get("/admin/motifs/nouveau");
    const bad = await admin.post("/admin/motifs", {
      name: "Visite",
      defaultDurationInMin: "1000",
      locationType: "home",
      color: "#112233",
      bookableOnline: "on",
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("La durée doit être un nombre entier de minutes, entre 5 et 480.");
    expect(bad.html).toContain('value="1000"');
    expect(bad.html).toContain('<option value="home" selected>À domicile</option>');
    expect(bad.html).toMatch(/name="bookableOnline" checked/);
    const ok = await admin.post("/admin/motifs", {
      name: "Visite",
      defaultDurationInMin: "60",
      locationType: "home",
      color: "#112233",
    });
    expect(ok.location).toBe("/admin/motifs");
    const list = await admin.get("/admin/motifs");
    expect(list.html).toContain('fill="#112233"');
    expect(list.html).toContain("À domicile");
  });

  it("refuses a duplicate usager with a link to the existing one, keeping the values typed", async () => {
    const db = testDb();
    const { team, admin } = await adminOfNewTeam();
    const existing = await createUser(db, team.organisation.id, { firstName: "Lucie", lastName: "Moreau" });
    await admin.get("/admin/usagers/nouveau");
    const page = await admin.post("/admin/usagers", {
      firstName: "Lucie",
      lastName: "Moreau-Bis",
      email: existing.email ?? "",
      phone: "",
    });
    expect(page.status).toBe(422);
    expect(page.html).toContain(`href="/admin/usagers/${existing.id}"`);
    expect(page.html).toContain('value="Moreau-Bis"');
    expect(page.html).toContain("Lucie Moreau.");
  });

  it("searches usagers, explains a query too short, and shows a usager with its RDVs", async () => {
    const db = testDb();
    const { team, admin } = await adminOfNewTeam();
    const user = await createUser(db, team.organisation.id, { firstName: "Héloïse", lastName: `Zed${unique()}` });
    await insertRdv(db, {
      organisationId: team.organisation.id,
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      startsAt: inDays(4),
      agentIds: [team.agent1.id],
      userIds: [user.id],
    });
    const short = await admin.get("/admin/usagers?q=z");
    expect(short.status).toBe(422);
    expect(short.html).toContain("Saisissez au moins 2 caractères.");
    const found = await admin.get(`/admin/usagers?q=${encodeURIComponent(user.lastName)}`);
    expect(found.html).toContain(`href="/admin/usagers/${user.id}"`);
    const show = await admin.get(`/admin/usagers/${user.id}`);
    expect(show.html).toContain("RDV (1)");
    expect(show.html).toContain(team.organisation.motif.name);
  });

  it("saves the organisation's settings, and keeps the values on error", async () => {
    const { team, admin } = await adminOfNewTeam();
    const page = await admin.get("/admin/organisation");
    expect(page.html).toContain('<option value="America/Guadeloupe" >Guadeloupe (America/Guadeloupe)</option>');
    expect(page.html).toContain('value="2"');
    expect(page.html).toContain('value="42"');
    const bad = await admin.post("/admin/organisation", {
      name: "MDS Nouméa",
      timezone: "Pacific/Noumea",
      bookingMinDelayHours: "48",
      bookingMaxDelayDays: "1",
      emailSenderName: "",
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Le délai maximum doit être plus long que le délai minimum.");
    expect(bad.html).toContain('value="MDS Nouméa"');
    expect(bad.html).toContain('<option value="Pacific/Noumea" selected>');
    const ok = await admin.post("/admin/organisation", {
      name: "MDS Nouméa",
      timezone: "Pacific/Noumea",
      bookingMinDelayHours: "48",
      bookingMaxDelayDays: "60",
      emailSenderName: "MDS",
    });
    expect(ok.location).toBe("/admin/organisation");
    expect((await admin.get("/admin/organisation")).html).toContain("Paramètres de l&#39;organisation enregistrés.");
    const saved = await testDb().organisation.findUniqueOrThrow({ where: { id: team.organisation.id } });
    expect(saved).toMatchObject({ name: "MDS Nouméa", timezone: "Pacific/Noumea", bookingMinDelayMinutes: 2880 });
  });
});

describe("who reaches the administration", () => {
  it("refuses every page and form to secretaries and agents (403), and finds no other organisation's record (404)", async () => {
    const db = testDb();
    const { team, admin } = await adminOfNewTeam();
    const other = await createTeam(db);
    const user = await createUser(db, team.organisation.id);
    const { organisation, agent1 } = team;
    const pages = [
      "/admin",
      "/admin/agents",
      "/admin/agents/invitation",
      `/admin/agents/${agent1.id}/retrait`,
      "/admin/lieux",
      "/admin/lieux/nouveau",
      `/admin/lieux/${organisation.lieu.id}/modifier`,
      `/admin/lieux/${organisation.lieu.id}/supprimer`,
      "/admin/motifs",
      "/admin/motifs/nouveau",
      `/admin/motifs/${organisation.motif.id}/modifier`,
      "/admin/usagers",
      "/admin/usagers/nouveau",
      `/admin/usagers/${user.id}`,
      `/admin/usagers/${user.id}/modifier`,
      "/admin/organisation",
    ];
    const forms = [
      "/admin/agents/invitation",
      `/admin/agents/${agent1.id}/role`,
      `/admin/agents/${agent1.id}/retrait`,
      "/admin/lieux",
      `/admin/lieux/${organisation.lieu.id}`,
      `/admin/lieux/${organisation.lieu.id}/desactiver`,
      `/admin/lieux/${organisation.lieu.id}/supprimer`,
      "/admin/motifs",
      `/admin/motifs/${organisation.motif.id}`,
      `/admin/motifs/${organisation.motif.id}/desactiver`,
      "/admin/usagers",
      `/admin/usagers/${user.id}`,
      "/admin/organisation",
    ];
    for (const email of [team.secretary.email, team.agent1.email]) {
      const client = await signedIn(email);
      const agenda = await client.get("/agenda");
      expect(agenda.html).not.toContain('href="/admin"');
      for (const path of pages) {
        const page = await client.get(path);
        expect(page.status, `GET ${path}`).toBe(403);
        expect(page.html).toContain("Accès refusé");
      }
      for (const path of forms) {
        expect((await client.post(path, { role: "admin", name: "Piraté", address: "x" })).status, `POST ${path}`).toBe(
          403,
        );
      }
    }
    expect((await admin.get("/agenda")).html).toContain('href="/admin"');

    // The admin of another organisation: this organisation's records are not found.
    const foreign = await signedIn(other.admin.email);
    const foreignPaths = pages.filter(
      (path) => path.split("/").length > 3 && !path.endsWith("nouveau") && !path.endsWith("invitation"),
    );
    for (const path of foreignPaths) {
      expect((await foreign.get(path)).status, `GET ${path}`).toBe(404);
    }
    expect((await foreign.post(`/admin/lieux/${organisation.lieu.id}`, { name: "Piraté", address: "x" })).status).toBe(
      404,
    );
    expect((await foreign.post(`/admin/agents/${agent1.id}/role`, { role: "admin" })).status).toBe(404);
    const lieu = await db.lieu.findUniqueOrThrow({ where: { id: organisation.lieu.id } });
    expect(lieu.name).toBe("Lieu principal");
    expect((await db.agentRole.findFirstOrThrow({ where: { agentId: agent1.id } })).level).toBe("agent");
  });

  it("sends anonymous visitors to the sign-in page", async () => {
    const page = await new WebClient(app.url).get("/admin/agents");
    expect(page.status).toBe(302);
    expect(page.location).toBe("/connexion?retour=%2Fadmin%2Fagents");
  });
});
