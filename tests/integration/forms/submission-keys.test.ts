// The one-time key of the plage, absence and usager create forms (issue 11): a double click, a reload or a second tab
// sending the same form creates one record (and one history row), every submission lands where the first one did, and
// a refused submission leaves the key usable. The RDV form's key is tested in rdvs/rdv-submission-key.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { unique } from "../../support/factories.ts";
import { signedInClient } from "../../support/http.ts";
import { type ScheduleTeam, scheduleTeam } from "../plages/schedule-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

type Form = Record<string, string | string[]>;

const keyIn = (html: string) => /name="submissionKey" value="([0-9a-f-]{36})"/.exec(html)?.[1] ?? "";

/** Each create form: where it is, a valid and a refused body, and how to count what it wrote. */
type CreateForm = {
  name: string;
  page: string;
  action: string;
  signedInAs: (team: ScheduleTeam) => { email: string };
  valid: (team: ScheduleTeam) => Form;
  /** A body that the form refuses with a 422. */
  refused: (team: ScheduleTeam) => Form;
  records: (team: ScheduleTeam) => Promise<{ id: string }[]>;
  /** Where a created record's submission is sent. */
  landing: (team: ScheduleTeam, id: string) => string;
};

const plageForm = (team: ScheduleTeam): Form => ({
  agentId: team.agent1.id,
  title: "Permanence école",
  lieuId: team.organisation.lieu.id,
  motifIds: [team.organisation.motif.id],
  firstDay: "2027-01-05",
  startTime: "09:00",
  endTime: "12:00",
  recurrenceEvery: "week",
  recurrenceInterval: "1",
  recurrenceWeekdays: ["tu"],
  recurrenceUntil: "",
});

const absenceForm = (team: ScheduleTeam): Form => ({
  agentId: team.agent1.id,
  title: "Congés",
  firstDay: "2027-02-08",
  startTime: "08:00",
  endDay: "2027-02-12",
  endTime: "18:00",
  recurrenceEvery: "none",
  recurrenceInterval: "1",
  recurrenceUntil: "",
});

// One email per test: a second creation under another key would be refused as a duplicate, not a second usager.
const usagerForm = (email: string): Form => ({
  firstName: "Rémi",
  lastName: "Garnier",
  email,
  phone: "",
  birthDate: "",
});

const FORMS: CreateForm[] = [
  {
    name: "plage d'ouverture",
    page: "/plages/nouvelle",
    action: "/plages",
    signedInAs: (team) => team.agent1,
    valid: plageForm,
    refused: (team) => ({ ...plageForm(team), title: "", endTime: "08:00" }),
    records: (team) =>
      testDb().plageOuverture.findMany({ where: { organisationId: team.organisation.id }, select: { id: true } }),
    landing: (team) => `/plages?agentId=${team.agent1.id}`,
  },
  {
    name: "absence",
    page: "/absences/nouvelle",
    action: "/absences",
    signedInAs: (team) => team.agent1,
    valid: absenceForm,
    refused: (team) => ({ ...absenceForm(team), endDay: "" }),
    records: (team) =>
      testDb().absence.findMany({ where: { organisationId: team.organisation.id }, select: { id: true } }),
    landing: (team) => `/absences?agentId=${team.agent1.id}`,
  },
  {
    name: "usager",
    page: "/admin/usagers/nouveau",
    action: "/admin/usagers",
    signedInAs: (team) => team.admin,
    valid: (team) => usagerForm(`remi.garnier.${team.organisation.id}@example.fr`),
    refused: (team) => ({ ...usagerForm(`remi.garnier.${team.organisation.id}@example.fr`), lastName: "" }),
    records: (team) =>
      testDb().user.findMany({
        where: { organisationId: team.organisation.id, lastName: "Garnier" },
        select: { id: true },
      }),
    landing: (_team, id) => `/admin/usagers/${id}`,
  },
];

const historyOf = (team: ScheduleTeam, id: string) =>
  testDb().historyEntry.count({ where: { organisationId: team.organisation.id, recordId: id } });

describe.each(FORMS)("the new $name form's one-time key", (form) => {
  it("turns five concurrent submissions and a later reload into one record, and each lands on it", async () => {
    const team = await scheduleTeam();
    const client = await signedInClient(app.url, form.signedInAs(team).email);
    const key = keyIn((await client.get(form.page)).html);
    expect(key).not.toBe("");
    // A new page is a new form: another key.
    expect(keyIn((await client.get(form.page)).html)).not.toBe(key);

    const body = { ...form.valid(team), submissionKey: key };
    const answers = await Promise.all(Array.from({ length: 5 }, () => client.post(form.action, body)));
    const records = await form.records(team);
    expect(records).toHaveLength(1);
    const id = records[0]?.id ?? "";
    expect(answers.map((answer) => [answer.status, answer.location])).toEqual(
      Array.from({ length: 5 }, () => [302, form.landing(team, id)]),
    );
    expect(await historyOf(team, id)).toBe(1);
    const outbox = await testDb().outboxMessage.count({ where: { organisationId: team.organisation.id } });

    // A reload after the first one committed posts the same form again: the same record, nothing written.
    const reload = await client.post(form.action, body);
    expect([reload.status, reload.location]).toEqual([302, form.landing(team, id)]);
    expect(await form.records(team)).toHaveLength(1);
    expect(await historyOf(team, id)).toBe(1);
    expect(await testDb().outboxMessage.count({ where: { organisationId: team.organisation.id } })).toBe(outbox);
  });

  it("stays usable after a refused submission, which comes back with the same key", async () => {
    const team = await scheduleTeam();
    const client = await signedInClient(app.url, form.signedInAs(team).email);
    const key = keyIn((await client.get(form.page)).html);
    const refused = await client.post(form.action, { ...form.refused(team), submissionKey: key });
    expect(refused.status).toBe(422);
    expect(keyIn(refused.html)).toBe(key);
    expect(await form.records(team)).toHaveLength(0);

    const created = await client.post(form.action, { ...form.valid(team), submissionKey: key });
    const records = await form.records(team);
    expect(records).toHaveLength(1);
    expect([created.status, created.location]).toEqual([302, form.landing(team, records[0]?.id ?? "")]);
  });

  it("refuses a key that is not one of ours with a French message, and creates without one (older pages)", async () => {
    const team = await scheduleTeam();
    const client = await signedInClient(app.url, form.signedInAs(team).email);
    await client.get(form.page);
    const forged = await client.post(form.action, { ...form.valid(team), submissionKey: "'; DROP TABLE" });
    expect(forged.status).toBe(422);
    expect(forged.html).toContain("Ce formulaire a expiré : rechargez la page puis envoyez-le à nouveau.");
    expect(await form.records(team)).toHaveLength(0);
    expect((await client.post(form.action, form.valid(team))).status).toBe(302);
    expect(await form.records(team)).toHaveLength(1);
  });
});

describe("the keys of different forms", () => {
  it("keeps one key through the homonym warning of the usager form, and another form is another record", async () => {
    const team = await scheduleTeam();
    const client = await signedInClient(app.url, team.admin.email);
    const first = keyIn((await client.get("/admin/usagers/nouveau")).html);
    const created = await client.post("/admin/usagers", {
      ...usagerForm(`${unique()}@example.fr`),
      submissionKey: first,
    });
    expect(created.status).toBe(302);

    // The same names from another form: the homonym warning keeps that form's key, and « Créer quand même » twice
    // (a double click) creates one more usager.
    const second = keyIn((await client.get("/admin/usagers/nouveau")).html);
    expect(second).not.toBe(first);
    const warned = await client.post("/admin/usagers", { ...usagerForm(""), submissionKey: second });
    expect(warned.status).toBe(409);
    expect(keyIn(warned.html)).toBe(second);
    const confirmed = { ...usagerForm(""), submissionKey: second, homonymes: "confirmer" };
    const answers = await Promise.all([
      client.post("/admin/usagers", confirmed),
      client.post("/admin/usagers", confirmed),
    ]);
    const users = await testDb().user.findMany({
      where: { organisationId: team.organisation.id, lastName: "Garnier" },
      select: { id: true },
      orderBy: { createdAt: "asc" },
    });
    expect(users).toHaveLength(2);
    expect(answers.map((answer) => answer.location)).toEqual([1, 2].map(() => `/admin/usagers/${users[1]?.id}`));
    expect(created.location).toBe(`/admin/usagers/${users[0]?.id}`);
  });

  it("does not let a plage form's key be replayed on the absence form", async () => {
    const team = await scheduleTeam();
    const client = await signedInClient(app.url, team.agent1.email);
    const key = keyIn((await client.get("/plages/nouvelle")).html);
    expect((await client.post("/plages", { ...plageForm(team), submissionKey: key })).status).toBe(302);
    const replayed = await client.post("/absences", { ...absenceForm(team), submissionKey: key });
    expect(replayed.status).toBe(409);
    expect(await testDb().absence.count({ where: { organisationId: team.organisation.id } })).toBe(0);
  });
});
