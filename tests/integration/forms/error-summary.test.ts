// Forms sent back with errors: one shared summary linking each faulty field, every message once, values kept as typed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser, TEST_PASSWORD } from "../../support/factories.ts";
import { signedInClient, WebClient } from "../../support/http.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** Text of a page as a reader sees it: tags out, no-break spaces and entities as plain characters. */
function readable(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;|&#160;|\u00a0|\u202f/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** The error summary of a page, or "" when there is none. */
function summaryOf(html: string): string {
  const start = html.indexOf("data-error-summary");
  if (start === -1) return "";
  const open = html.lastIndexOf("<div", start);
  return html.slice(open, html.indexOf("</div>", start) + 6);
}

async function signedIn(email: string): Promise<WebClient> {
  const client = await signedInClient(app.url, email);
  await client.get("/agenda");
  return client;
}

describe("the error summary of forms", () => {
  it("lists each faulty field as a link to it, focusable, as an alert, once per field", async () => {
    const team = await createTeam(testDb());
    const admin = await signedIn(team.admin.email);
    await admin.get("/admin/usagers/nouveau");
    const page = await admin.post("/admin/usagers", {
      firstName: "",
      lastName: "",
      email: "pas-une-adresse",
      phone: "",
    });
    expect(page.status).toBe(422);
    const summary = summaryOf(page.html);
    expect(summary).toContain('role="alert"');
    expect(summary).toContain('tabindex="-1"');
    expect(readable(summary)).toContain("Le formulaire contient des erreurs.");
    for (const [id, label] of [
      ["champ-firstName", "Prénom"],
      ["champ-lastName", "Nom"],
      ["champ-email", "Adresse email"],
    ]) {
      expect(summary).toContain(`<a href="#${id}" data-error-link>${label}</a>`);
      expect(page.html).toContain(`id="${id}"`);
    }
    expect(summary).not.toContain("champ-phone");
    // Each message is read once, next to its field.
    expect(occurrences(readable(page.html), "Indiquez le prénom.")).toBe(1);
    expect(occurrences(page.html, 'role="alert"')).toBe(1);
  });

  it("shows a failed sign-in once, not in a banner and again under the field", async () => {
    const team = await createTeam(testDb());
    const client = new WebClient(app.url);
    const page = await client.signIn(team.agent1.email, `${TEST_PASSWORD}-faux`);
    expect(page.status).toBe(422);
    expect(occurrences(readable(page.html), "Email ou mot de passe incorrect")).toBe(1);
    expect(summaryOf(page.html)).toContain('<a href="#champ-password" data-error-link>Mot de passe</a>');
  });

  it("shows a duplicate usager email once, with the link to the existing usager", async () => {
    const db = testDb();
    const team = await createTeam(db);
    const existing = await createUser(db, team.organisation.id, { firstName: "Lina", lastName: "Roux" });
    const admin = await signedIn(team.admin.email);
    await admin.get("/admin/usagers/nouveau");
    const page = await admin.post("/admin/usagers", {
      firstName: "Lina",
      lastName: "Rousse",
      email: existing.email ?? "",
    });
    expect(page.status).toBe(422);
    expect(occurrences(readable(page.html), `a déjà l'adresse ${existing.email}`)).toBe(1);
    expect(occurrences(readable(page.html), "déjà")).toBe(1);
    expect(page.html).toContain(`href="/admin/usagers/${existing.id}"`);
    expect(summaryOf(page.html)).toContain('<a href="#champ-email" data-error-link>Adresse email</a>');
  });
});

describe("the RDV form's fields", () => {
  it("gives the allowed duration as a hint linked to the field, and in the message for « -15 »", async () => {
    const team = await createTeam(testDb());
    const agent = await signedIn(team.agent1.email);
    const form = await agent.get("/rdvs/nouveau");
    expect(form.html).toMatch(/id="champ-durationInMin-aide">[^<]*entre 5 et 480 minutes/);
    expect(form.html).toMatch(/id="champ-durationInMin"[^>]*aria-describedby="champ-durationInMin-aide"/);
    const page = await agent.post("/rdvs/nouveau", {
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      date: "2030-01-15",
      time: "10:00",
      durationInMin: "-15",
      agentIds: [team.agent1.id],
      newUserFirstName: "Zoé",
      newUserLastName: "Durée",
    });
    expect(page.status).toBe(422);
    expect(readable(page.html)).toContain("La durée doit être un nombre entier de minutes, entre 5 et 480.");
    expect(page.html).toMatch(/aria-describedby="champ-durationInMin-aide champ-durationInMin-erreur"/);
    expect(page.html).toContain('value="-15"');
  });

  it("sends « 2026-02-30 » back as typed, with an error, not as an empty date field", async () => {
    const team = await createTeam(testDb());
    const agent = await signedIn(team.agent1.email);
    await agent.get("/rdvs/nouveau");
    const page = await agent.post("/rdvs/nouveau", {
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      date: "2026-02-30",
      time: "10:00",
      agentIds: [team.agent1.id],
      newUserFirstName: "Zoé",
      newUserLastName: "Février",
    });
    expect(page.status).toBe(422);
    // A date input would show « 2026-02-30 » as empty: the value comes back in a text input.
    expect(page.html).toMatch(/id="champ-date" name="date"\s+type="text" value="2026-02-30"/);
    expect(page.html).toMatch(/id="champ-date-erreur">La date doit être une date valide/);
    expect(summaryOf(page.html)).toContain('<a href="#champ-date" data-error-link>Date</a>');
    // A valid date stays a date input.
    const fine = await agent.post("/rdvs/nouveau", {
      motifId: team.organisation.motif.id,
      date: "2026-02-28",
      time: "10:00",
      agentIds: [team.agent1.id],
    });
    expect(fine.status).toBe(422);
    expect(fine.html).toMatch(/id="champ-date" name="date"\s+type="date" value="2026-02-28"/);
  });
});
