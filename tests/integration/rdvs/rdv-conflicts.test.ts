// Conflicts (issue 11): an RDV booked or moved onto an absence or another RDV of one of its agents is refused with the
// list of conflicts until it is confirmed; the form shows them and a « Confirmer quand même » button; records of
// another organisation are never described; two simultaneous bookings of one agent cannot both pass unconfirmed.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../../src/db/client.ts";
import type { Weekday } from "../../../src/generated/prisma/enums.ts";
import { apiClient, apiError, field, idOf } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createOrganisation, createUser } from "../../support/factories.ts";
import { signedInClient } from "../../support/http.ts";
import { apiBody, bookRdv, createRdvTeam, decodeHtml, rdvFormFields, rowCounts, type Team } from "./rdv-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const day = (date: string) => new Date(`${date}T00:00:00.000Z`);

/** An absence of an agent, stored as the absence actions store it (local days and times). */
async function createAbsence(
  db: Db,
  options: {
    organisationId: string;
    agentId: string;
    title: string;
    firstDay: string;
    startTime: string;
    endDay?: string;
    endTime: string;
    weekly?: Weekday[];
  },
) {
  return db.absence.create({
    data: {
      organisationId: options.organisationId,
      agentId: options.agentId,
      title: options.title,
      firstDay: day(options.firstDay),
      startTime: options.startTime,
      endDay: day(options.endDay ?? options.firstDay),
      endTime: options.endTime,
      ...(options.weekly && {
        recurrenceFrequency: "week",
        recurrenceInterval: 1,
        recurrenceWeekdays: options.weekly,
      }),
      uid: `absence-${randomUUID()}@rdv-agents.fr`,
    },
  });
}

const conflictsOf = (body: unknown): Record<string, unknown>[] => {
  const conflicts = field(apiError(body), "conflicts");
  return Array.isArray(conflicts) ? conflicts : [];
};

/** The fields of the new-RDV form, at 15:00. */
const formFor = (team: Team, overrides: Record<string, string | string[]> = {}) =>
  rdvFormFields(team, { time: "15:00", ...overrides });

const decode = decodeHtml;

describe("an RDV onto an absence of its agent", () => {
  it("is refused with 409 and the absence described, writes nothing, and is booked with allowConflicts", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const absence = await createAbsence(db, {
      organisationId: team.organisation.id,
      agentId: team.agent1.id,
      title: "Formation",
      firstDay: "2027-03-29",
      startTime: "14:00",
      endTime: "18:00",
    });
    const api = await apiClient(app.url, team.secretary.email);
    const before = await rowCounts(db, team.organisation.id);
    const refused = await api.post("/rdvs", apiBody(team, { startsAt: "2027-03-29T15:00:00+02:00" }));
    expect(refused.status).toBe(409);
    expect(apiError(refused.body).code).toBe("conflict");
    expect(apiError(refused.body).message).toContain("confirmez pour enregistrer le RDV quand même");
    expect(conflictsOf(refused.body)).toEqual([
      {
        type: "absence",
        agentId: team.agent1.id,
        absenceId: absence.id,
        title: "Formation",
        startsAt: "2027-03-29T12:00:00.000Z",
        endsAt: "2027-03-29T16:00:00.000Z",
        message: `Bruno ${team.agent1.lastName} est absent (Formation) de 14:00 à 18:00`,
      },
    ]);
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);

    // Just before the absence (13:30–14:00, half-open intervals): no conflict.
    const before14 = await api.post("/rdvs", apiBody(team, { startsAt: "2027-03-29T13:30:00+02:00" }));
    expect(before14.status).toBe(201);
    const confirmed = await api.post(
      "/rdvs",
      apiBody(team, { startsAt: "2027-03-29T15:00:00+02:00", allowConflicts: true }),
    );
    expect(confirmed.status).toBe(201);
    expect(field(confirmed.body, "startsAt")).toBe("2027-03-29T13:00:00.000Z");
  });

  it("finds a weekly absence across the daylight-saving change, at its wall-clock time", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    // Every Monday 09:00–12:00 Paris time, from a winter Monday (UTC+1) on.
    await createAbsence(db, {
      organisationId: team.organisation.id,
      agentId: team.agent1.id,
      title: "Permanence extérieure",
      firstDay: "2027-03-22",
      startTime: "09:00",
      endTime: "12:00",
      weekly: ["mo"],
    });
    const api = await apiClient(app.url, team.secretary.email);
    // 2027-03-29 is the Monday after clocks went forward (UTC+2): 10:00 local is 08:00 UTC.
    const summer = await api.post("/rdvs", apiBody(team, { startsAt: "2027-03-29T10:00:00+02:00" }));
    expect(summer.status).toBe(409);
    expect(conflictsOf(summer.body)).toMatchObject([
      {
        type: "absence",
        startsAt: "2027-03-29T07:00:00.000Z",
        endsAt: "2027-03-29T10:00:00.000Z",
        message: `Bruno ${team.agent1.lastName} est absent (Permanence extérieure) de 09:00 à 12:00`,
      },
    ]);
    const winter = await api.post("/rdvs", apiBody(team, { startsAt: "2027-03-22T11:45:00+01:00" }));
    expect(winter.status).toBe(409);
    expect(conflictsOf(winter.body)).toMatchObject([
      { type: "absence", startsAt: "2027-03-22T08:00:00.000Z", endsAt: "2027-03-22T11:00:00.000Z" },
    ]);
    // 12:00 in summer is 10:00 UTC: the end of the absence, free. A UTC-minded expansion would say 11:00 UTC.
    expect((await api.post("/rdvs", apiBody(team, { startsAt: "2027-03-29T12:00:00+02:00" }))).status).toBe(201);
    // A Tuesday is free.
    expect((await api.post("/rdvs", apiBody(team, { startsAt: "2027-03-30T10:00:00+02:00" }))).status).toBe(201);
  });
});

describe("an RDV onto another RDV of its agent", () => {
  it("is refused with the other RDV described; a cancelled or adjacent RDV is no conflict", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const existing = await bookRdv(team, { startsAt: "2027-03-29T10:00:00+02:00", durationInMin: 30 });
    const cancelled = await bookRdv(team, { startsAt: "2027-03-29T11:00:00+02:00" });
    await db.rdv.update({ where: { id: cancelled.after.id }, data: { status: "revoked" } });
    const api = await apiClient(app.url, team.secretary.email);
    // Four identical RDVs (the defect of the issue): the first passes, the others are refused.
    const first = await api.post("/rdvs", apiBody(team, { startsAt: "2027-03-29T16:00:00+02:00" }));
    expect(first.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const again = await api.post("/rdvs", apiBody(team, { startsAt: "2027-03-29T16:00:00+02:00" }));
      expect(again.status).toBe(409);
    }

    const refused = await api.post("/rdvs", apiBody(team, { startsAt: "2027-03-29T10:15:00+02:00" }));
    expect(refused.status).toBe(409);
    expect(conflictsOf(refused.body)).toEqual([
      {
        type: "rdv",
        agentId: team.agent1.id,
        rdvId: existing.after.id,
        startsAt: "2027-03-29T08:00:00.000Z",
        endsAt: "2027-03-29T08:30:00.000Z",
        message: `Bruno ${team.agent1.lastName} a déjà un RDV de 10:00 à 10:30 : confirmer quand même ?`,
      },
    ]);
    expect((await api.post("/rdvs", apiBody(team, { startsAt: "2027-03-29T10:30:00+02:00" }))).status).toBe(201);
    expect((await api.post("/rdvs", apiBody(team, { startsAt: "2027-03-29T11:00:00+02:00" }))).status).toBe(201);
    // Another agent at the same time is free.
    const agent2 = await api.post(
      "/rdvs",
      apiBody(team, { startsAt: "2027-03-29T10:15:00+02:00", agentIds: [team.agent2.id] }),
    );
    expect(agent2.status).toBe(201);
  });

  it("refuses a move onto a conflict unless allowed, and never asks again for a change that moves nothing", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    await bookRdv(team, { startsAt: "2027-03-29T10:00:00+02:00" });
    const moving = await bookRdv(team, { startsAt: "2027-03-29T14:00:00+02:00" });
    const api = await apiClient(app.url, team.secretary.email);
    const path = `/rdvs/${moving.after.id}`;
    const refused = await api.patch(path, { startsAt: "2027-03-29T10:00:00+02:00" });
    expect(refused.status).toBe(409);
    expect(conflictsOf(refused.body)).toMatchObject([
      { type: "rdv", message: expect.stringContaining("10:00 à 10:30") },
    ]);
    expect((await db.rdv.findUniqueOrThrow({ where: { id: moving.after.id } })).startsAt.toISOString()).toBe(
      "2027-03-29T12:00:00.000Z",
    );
    const moved = await api.patch(path, { startsAt: "2027-03-29T10:00:00+02:00", allowConflicts: true });
    expect(moved.status).toBe(200);
    // Now in conflict, confirmed: changing its notes is not a new conflict.
    expect((await api.patch(path, { notes: "Rappeler la veille" })).status).toBe(200);
    // Adding agent2, free at that time, is not either; the move of both onto agent2's absence is.
    expect((await api.patch(path, { agentIds: [team.agent1.id, team.agent2.id] })).status).toBe(200);
    await createAbsence(db, {
      organisationId: team.organisation.id,
      agentId: team.agent2.id,
      title: "Congés",
      firstDay: "2027-03-30",
      startTime: "00:00",
      endDay: "2027-04-02",
      endTime: "23:59",
    });
    const ontoHolidays = await api.patch(path, { startsAt: "2027-03-31T09:00:00+02:00" });
    expect(ontoHolidays.status).toBe(409);
    expect(conflictsOf(ontoHolidays.body)).toMatchObject([
      {
        type: "absence",
        agentId: team.agent2.id,
        message: `Chloé ${team.agent2.lastName} est absent (Congés) du mar. 30 mars 00:00 au ven. 2 avr. 23:59`,
      },
    ]);
  });

  it("refuses bad allowConflicts values with 422", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const api = await apiClient(app.url, team.secretary.email);
    const bad = await api.post("/rdvs", apiBody(team, { allowConflicts: "yes" }));
    expect(bad.status).toBe(422);
    expect(apiError(bad.body).fields).toEqual({ allowConflicts: "allowConflicts vaut true ou false." });
  });
});

describe("records of another organisation", () => {
  it("are never described: only « Cet agent n'est pas disponible sur ce créneau. »", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    // agent1 also works for another organisation, where it has an RDV and an absence.
    const other = await createOrganisation(db, { name: "Autre service" });
    await db.agentRole.create({ data: { agentId: team.agent1.id, organisationId: other.id, level: "agent" } });
    const otherUser = await createUser(db, other.id, { lastName: "Confidentiel" });
    const otherRdv = await db.rdv.create({
      data: {
        organisationId: other.id,
        motifId: other.motif.id,
        lieuId: other.lieu.id,
        startsAt: new Date("2027-03-29T08:00:00.000Z"),
        durationInMin: 30,
        uid: `rdv-${randomUUID()}@rdv-agents.fr`,
        agents: { create: { agentId: team.agent1.id } },
        users: { create: { userId: otherUser.id } },
      },
    });
    const otherAbsence = await createAbsence(db, {
      organisationId: other.id,
      agentId: team.agent1.id,
      title: "Rendez-vous médical",
      firstDay: "2027-03-29",
      startTime: "09:45",
      endTime: "11:00",
    });
    const api = await apiClient(app.url, team.secretary.email);
    const refused = await api.post("/rdvs", apiBody(team, { startsAt: "2027-03-29T10:00:00+02:00" }));
    expect(refused.status).toBe(409);
    // Two hidden records, one sentence: counting them would describe them.
    expect(conflictsOf(refused.body)).toEqual([
      {
        type: "unavailable",
        agentId: team.agent1.id,
        startsAt: "2027-03-29T08:00:00.000Z",
        endsAt: "2027-03-29T08:30:00.000Z",
        message: "Cet agent n'est pas disponible sur ce créneau.",
      },
    ]);
    const text = JSON.stringify(refused.body);
    for (const secret of [otherRdv.id, otherAbsence.id, "Rendez-vous médical", "Confidentiel", other.id]) {
      expect(text).not.toContain(secret);
    }

    // The form says the same, naming the agent when the RDV has several.
    const client = await signedInClient(app.url, team.secretary.email);
    await client.get("/rdvs/nouveau");
    const page = await client.post(
      "/rdvs/nouveau",
      formFor(team, { time: "10:00", agentIds: [team.agent1.id, team.agent2.id] }),
    );
    expect(page.status).toBe(409);
    const html = decode(page.html);
    expect(html).toContain(`<li>Bruno ${team.agent1.lastName} n'est pas disponible sur ce créneau.</li>`);
    expect(html).not.toContain("Rendez-vous médical");
    expect(html).not.toContain(otherRdv.id);

    // agent1 itself belongs to both organisations: it is told what the records are.
    const own = await apiClient(app.url, team.agent1.email);
    const described = await own.post("/rdvs", apiBody(team, { startsAt: "2027-03-29T10:00:00+02:00" }));
    expect(conflictsOf(described.body).map((c) => c.type)).toEqual(["absence", "rdv"]);
  });
});

describe("the RDV form", () => {
  it("re-renders with the values, the conflicts and « Confirmer quand même », which books it", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    await createAbsence(db, {
      organisationId: team.organisation.id,
      agentId: team.agent1.id,
      title: "Formation <b>interne</b>",
      firstDay: "2027-03-29",
      startTime: "14:00",
      endTime: "18:00",
    });
    const client = await signedInClient(app.url, team.secretary.email);
    const blank = await client.get("/rdvs/nouveau");
    const key = /name="submissionKey" value="([^"]+)"/.exec(blank.html)?.[1] ?? "";
    const before = await rowCounts(db, team.organisation.id);
    const warned = await client.post("/rdvs/nouveau", formFor(team, { submissionKey: key, notes: "Dossier CAF" }));
    expect(warned.status).toBe(409);
    const html = decode(warned.html);
    expect(html).toContain(
      `Bruno ${team.agent1.lastName} est absent (Formation &lt;b&gt;interne&lt;/b&gt;) de 14:00 à 18:00`,
    );
    expect(html).toContain('name="intent" value="confirm"');
    expect(html).toContain("Confirmer quand même");
    expect(html).toContain("Créneau hors des plages d'ouverture de Bruno");
    expect(html).toContain('value="15:00"');
    expect(html).toContain("Dossier CAF</textarea>");
    // The same key comes back: the failed submission did not use it up.
    expect(html).toContain(`name="submissionKey" value="${key}"`);
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);

    const confirmed = await client.post(
      "/rdvs/nouveau",
      formFor(team, { submissionKey: key, notes: "Dossier CAF", intent: "confirm" }),
    );
    expect(confirmed.status).toBe(302);
    const rdv = await db.rdv.findFirstOrThrow({ where: { organisationId: team.organisation.id } });
    expect(confirmed.location).toBe(`/rdvs/${rdv.id}`);
    expect(rdv.startsAt.toISOString()).toBe("2027-03-29T13:00:00.000Z");
  });

  it("warns when an edit moves the RDV onto another RDV, and saves it once confirmed", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    await bookRdv(team, { startsAt: "2027-03-29T10:00:00+02:00" });
    const moving = await bookRdv(team, { startsAt: "2027-03-29T14:00:00+02:00" });
    const client = await signedInClient(app.url, team.secretary.email);
    await client.get(`/rdvs/${moving.after.id}/modifier`);
    const form = formFor(team, { time: "10:15", notes: "" });
    const warned = await client.post(`/rdvs/${moving.after.id}/modifier`, form);
    expect(warned.status).toBe(409);
    expect(decode(warned.html)).toContain("a déjà un RDV de 10:00 à 10:30 : confirmer quand même ?");
    expect(warned.html).not.toContain('name="submissionKey"');
    const saved = await client.post(`/rdvs/${moving.after.id}/modifier`, { ...form, intent: "confirm" });
    expect(saved.status).toBe(302);
    const row = await db.rdv.findUniqueOrThrow({ where: { id: moving.after.id } });
    expect(row.startsAt.toISOString()).toBe("2027-03-29T08:15:00.000Z");
  });
});

describe("two bookings of one agent at one time, at the same moment", () => {
  it("cannot both pass unconfirmed: one is booked, the other is told of it", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const [secretary, admin] = await Promise.all([
      apiClient(app.url, team.secretary.email),
      apiClient(app.url, team.admin.email),
    ]);
    for (let round = 0; round < 5; round++) {
      const startsAt = `2027-04-0${round + 1}T09:00:00+02:00`;
      const answers = await Promise.all([
        secretary.post("/rdvs", apiBody(team, { startsAt })),
        admin.post("/rdvs", apiBody(team, { startsAt, agentIds: [team.agent2.id, team.agent1.id] })),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const winner = answers.find((a) => a.status === 201);
      const loser = answers.find((a) => a.status === 409);
      expect(conflictsOf(loser?.body)).toMatchObject([
        { type: "rdv", agentId: team.agent1.id, rdvId: idOf(winner?.body) },
      ]);
    }
    expect(await db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(5);
  });
});
