// The one-time key of the new-RDV form (issue 11): a double click, a reload or a second tab sending the same form
// creates one RDV, and every submission lands on it; a submission that failed leaves the key usable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { signedInClient } from "../../support/http.ts";
import { createRdvTeam, rdvFormFields } from "./rdv-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const formFor = rdvFormFields;

const keyIn = (html: string) => /name="submissionKey" value="([0-9a-f-]{36})"/.exec(html)?.[1] ?? "";

describe("the new-RDV form's one-time key", () => {
  it("turns concurrent submissions of one form into one RDV, and every one of them lands on it", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const client = await signedInClient(app.url, team.secretary.email);
    const page = await client.get("/rdvs/nouveau");
    const key = keyIn(page.html);
    expect(key).not.toBe("");
    // A new page is a new form: another key.
    expect(keyIn((await client.get("/rdvs/nouveau")).html)).not.toBe(key);

    // Five submissions at once (a double click, a second tab, an impatient user), a new usager created inline too.
    const form = formFor(team, {
      submissionKey: key,
      userIds: [],
      newUserFirstName: "Rémi",
      newUserLastName: "Garnier",
    });
    const answers = await Promise.all(Array.from({ length: 5 }, () => client.post("/rdvs/nouveau", form)));
    const rdvs = await db.rdv.findMany({ where: { organisationId: team.organisation.id }, select: { id: true } });
    expect(rdvs).toHaveLength(1);
    expect(answers.map((a) => [a.status, a.location])).toEqual(
      Array.from({ length: 5 }, () => [302, `/rdvs/${rdvs[0]?.id}`]),
    );
    expect(await db.user.count({ where: { organisationId: team.organisation.id, lastName: "Garnier" } })).toBe(1);
    expect(
      await db.historyEntry.count({
        where: { organisationId: team.organisation.id, recordType: "rdv", recordId: rdvs[0]?.id },
      }),
    ).toBe(1);

    // A reload later posts the form again: still the same RDV.
    const reload = await client.post("/rdvs/nouveau", form);
    expect(reload.location).toBe(`/rdvs/${rdvs[0]?.id}`);
    expect(await db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(1);
  });

  it("stays usable after a refused submission, and is the same on the form that comes back", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const client = await signedInClient(app.url, team.secretary.email);
    const key = keyIn((await client.get("/rdvs/nouveau")).html);
    const refused = await client.post("/rdvs/nouveau", formFor(team, { submissionKey: key, motifId: "" }));
    expect(refused.status).toBe(422);
    expect(keyIn(refused.html)).toBe(key);
    const searched = await client.post(
      "/rdvs/nouveau",
      formFor(team, { submissionKey: key, intent: "search", q: "Lefèvre" }),
    );
    expect(keyIn(searched.html)).toBe(key);
    const created = await client.post("/rdvs/nouveau", formFor(team, { submissionKey: key }));
    expect(created.status).toBe(302);
    expect(await db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(1);
    // Another form (another key) is another RDV: here a conflict with the first one, confirmed.
    const other = await client.post(
      "/rdvs/nouveau",
      formFor(team, { submissionKey: keyIn((await client.get("/rdvs/nouveau")).html), intent: "confirm" }),
    );
    expect(other.status).toBe(302);
    expect(other.location).not.toBe(created.location);
    expect(await db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(2);
  });

  it("refuses a key that is not one of ours with a French message, and books without one (older pages)", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const client = await signedInClient(app.url, team.secretary.email);
    await client.get("/rdvs/nouveau");
    const forged = await client.post("/rdvs/nouveau", formFor(team, { submissionKey: "'; DROP TABLE" }));
    expect(forged.status).toBe(422);
    expect(forged.html).toContain("Ce formulaire a expiré : rechargez la page puis envoyez-le à nouveau.");
    expect(await db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(0);
    expect((await client.post("/rdvs/nouveau", formFor(team))).status).toBe(302);
  });
});
