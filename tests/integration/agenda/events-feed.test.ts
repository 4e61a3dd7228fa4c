import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CalendarEvent } from "../../../src/web/presenters/agenda-events.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createAgent, createTeam, createUser } from "../../support/factories.ts";
import { signedInClient, type WebClient } from "../../support/http.ts";
import { insertAbsence, insertPlage, insertRdv } from "./agenda-fixtures.ts";

type Feed = { status: number; body: unknown };

describe("the agenda's events feed (/agenda/evenements)", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const signedIn = (email: string) => signedInClient(app.url, email);

  async function feed(client: WebClient, params: Record<string, string>): Promise<Feed> {
    const page = await client.get(`/agenda/evenements?${new URLSearchParams(params)}`);
    return { status: page.status, body: JSON.parse(page.html) };
  }

  async function events(client: WebClient, params: Record<string, string>): Promise<CalendarEvent[]> {
    const { status, body } = await feed(client, params);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(Array.isArray(body)).toBe(true);
    return Array.isArray(body) ? body : [];
  }

  it("keeps a weekly plage at 09:00 local time on both sides of the 28 March 2027 change to summer time", async () => {
    const db = testDb();
    const { organisation, agent1 } = await createTeam(db);
    await insertPlage(db, {
      organisationId: organisation.id,
      agentId: agent1.id,
      lieuId: organisation.lieu.id,
      title: "Permanence",
      firstDay: "2027-03-22",
      startTime: "09:00",
      endTime: "12:00",
      recurrence: { every: "week", interval: 1, weekdays: ["mo", "fr", "su"] },
    });
    const client = await signedIn(agent1.email);
    // As FullCalendar asks for a named zone: wall-clock times in the organisation's zone, without offset.
    const plages = await events(client, { start: "2027-03-22T00:00:00", end: "2027-04-05T00:00:00" });
    expect(plages.map((event) => [event.start, event.end])).toEqual([
      ["2027-03-22T09:00:00+01:00", "2027-03-22T12:00:00+01:00"],
      ["2027-03-26T09:00:00+01:00", "2027-03-26T12:00:00+01:00"],
      ["2027-03-28T09:00:00+02:00", "2027-03-28T12:00:00+02:00"],
      ["2027-03-29T09:00:00+02:00", "2027-03-29T12:00:00+02:00"],
      ["2027-04-02T09:00:00+02:00", "2027-04-02T12:00:00+02:00"],
      ["2027-04-04T09:00:00+02:00", "2027-04-04T12:00:00+02:00"],
    ]);
    // Same instants, one hour apart in UTC: the local time is what stays put.
    expect(new Date(plages[0]!.start).toISOString()).toBe("2027-03-22T08:00:00.000Z");
    expect(new Date(plages[3]!.start).toISOString()).toBe("2027-03-29T07:00:00.000Z");
    for (const plage of plages) {
      expect(plage).toMatchObject({
        display: "background",
        title: `Permanence · ${organisation.lieu.name}`,
        classNames: ["agenda-plage"],
        extendedProps: { kind: "plage" },
      });
    }
    expect(new Set(plages.map((plage) => plage.id)).size).toBe(plages.length);
  });

  it("shows times in the organisation's own zone, whatever the offsets of the requested range", async () => {
    const db = testDb();
    const { organisation, agent1 } = await createTeam(db, { timezone: "America/Guadeloupe" });
    await insertPlage(db, {
      organisationId: organisation.id,
      agentId: agent1.id,
      lieuId: organisation.lieu.id,
      title: "Accueil",
      firstDay: "2027-03-23",
      startTime: "08:30",
      endTime: "11:00",
      recurrence: null,
    });
    const client = await signedIn(agent1.email);
    const withOffsets = await events(client, { start: "2027-03-22T00:00:00-04:00", end: "2027-03-29T00:00:00-04:00" });
    expect(withOffsets.map((event) => event.start)).toEqual(["2027-03-23T08:30:00-04:00"]);
    const asDays = await events(client, { start: "2027-03-22", end: "2027-03-29" });
    expect(asDays).toEqual(withOffsets);
  });

  it("lists the agent's RDVs with the motif's colour, « motif — usagers » and a link, and leaves others' out", async () => {
    const db = testDb();
    const { organisation, agent1, agent2 } = await createTeam(db);
    const [marie, paul] = await Promise.all([
      createUser(db, organisation.id, { firstName: "Marie", lastName: "Curie" }),
      createUser(db, organisation.id, { firstName: "Paul", lastName: "Bert" }),
    ]);
    await db.motif.update({ where: { id: organisation.motif.id }, data: { color: "#ffd700" } });
    const rdv = await insertRdv(db, {
      organisationId: organisation.id,
      motifId: organisation.motif.id,
      lieuId: organisation.lieu.id,
      startsAt: "2027-03-29T08:30:00Z",
      durationInMin: 45,
      agentIds: [agent1.id, agent2.id],
      userIds: [marie.id, paul.id],
    });
    // Started the evening before the range, still going on when it begins.
    const lateEvening = await insertRdv(db, {
      organisationId: organisation.id,
      motifId: organisation.motif.id,
      lieuId: null,
      startsAt: "2027-03-28T21:45:00Z",
      durationInMin: 60,
      agentIds: [agent1.id],
      userIds: [],
      status: "revoked",
    });
    await Promise.all([
      insertRdv(db, {
        organisationId: organisation.id,
        motifId: organisation.motif.id,
        lieuId: null,
        startsAt: "2027-03-29T10:00:00Z",
        durationInMin: 30,
        agentIds: [agent2.id],
        userIds: [marie.id],
      }),
      insertRdv(db, {
        organisationId: organisation.id,
        motifId: organisation.motif.id,
        lieuId: null,
        startsAt: "2027-03-28T20:00:00Z",
        durationInMin: 30,
        agentIds: [agent1.id],
        userIds: [],
      }),
    ]);
    const client = await signedIn(agent1.email);
    const rdvs = await events(client, { start: "2027-03-29T00:00:00", end: "2027-04-05T00:00:00" });
    expect(rdvs).toEqual([
      {
        id: `rdv-${lateEvening.id}`,
        title: organisation.motif.name,
        start: "2027-03-28T23:45:00+02:00",
        end: "2027-03-29T00:45:00+02:00",
        url: `/rdvs/${lateEvening.id}`,
        backgroundColor: "#ffd700",
        borderColor: "#ffd700",
        textColor: "#161616",
        classNames: ["agenda-rdv", "agenda-rdv-revoked", "agenda-rdv-annule"],
        extendedProps: { kind: "rdv", status: "revoked", lieu: null },
      },
      {
        id: `rdv-${rdv.id}`,
        title: `${organisation.motif.name} — Paul Bert, Marie Curie`,
        start: "2027-03-29T10:30:00+02:00",
        end: "2027-03-29T11:15:00+02:00",
        url: `/rdvs/${rdv.id}`,
        backgroundColor: "#ffd700",
        borderColor: "#ffd700",
        textColor: "#161616",
        classNames: ["agenda-rdv", "agenda-rdv-unknown"],
        extendedProps: { kind: "rdv", status: "unknown", lieu: organisation.lieu.name },
      },
    ]);
  });

  it("follows an RDV moved to another week, and the agents added to it or taken off it", async () => {
    const db = testDb();
    const { organisation, agent1, agent2 } = await createTeam(db);
    const rdv = await insertRdv(db, {
      organisationId: organisation.id,
      motifId: organisation.motif.id,
      lieuId: null,
      startsAt: "2027-03-23T09:00:00Z",
      durationInMin: 30,
      agentIds: [agent1.id],
      userIds: [],
    });
    const client = await signedIn(agent1.email);
    const ids = async (agentId: string, start: string, end: string) =>
      (await events(client, { agentId, start, end })).map((event) => event.id);
    const [thisWeek, nextWeek] = [
      ["2027-03-22", "2027-03-29"],
      ["2027-03-29", "2027-04-05"],
    ] as const;
    expect(await ids(agent1.id, ...thisWeek)).toEqual([`rdv-${rdv.id}`]);

    await db.rdv.update({ where: { id: rdv.id }, data: { startsAt: new Date("2027-03-30T09:00:00Z") } });
    expect(await ids(agent1.id, ...thisWeek)).toEqual([]);
    expect(await ids(agent1.id, ...nextWeek)).toEqual([`rdv-${rdv.id}`]);

    await db.rdvAgent.create({ data: { rdvId: rdv.id, agentId: agent2.id } });
    await db.rdvAgent.delete({ where: { rdvId_agentId: { rdvId: rdv.id, agentId: agent1.id } } });
    expect(await ids(agent1.id, ...nextWeek)).toEqual([]);
    expect(await ids(agent2.id, ...nextWeek)).toEqual([`rdv-${rdv.id}`]);
    // Moved back by plain SQL, as any other writer could: the link follows all the same.
    await db.$executeRaw`UPDATE "Rdv" SET "startsAt" = '2027-03-23T10:00:00Z' WHERE "id" = ${rdv.id}`;
    expect(await ids(agent2.id, ...nextWeek)).toEqual([]);
    expect(await events(client, { agentId: agent2.id, start: thisWeek[0], end: thisWeek[1] })).toMatchObject([
      { id: `rdv-${rdv.id}`, start: "2027-03-23T11:00:00+01:00", end: "2027-03-23T11:30:00+01:00" },
    ]);
  });

  it("keeps the plages and absences of the first and last local days of a range in zones far from UTC", async () => {
    for (const timezone of ["Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
      const db = testDb();
      const { organisation, agent1 } = await createTeam(db, { timezone });
      const plage = (firstDay: string, startTime: string, endTime: string) =>
        insertPlage(db, {
          organisationId: organisation.id,
          agentId: agent1.id,
          lieuId: organisation.lieu.id,
          title: `${firstDay} ${startTime}`,
          firstDay,
          startTime,
          endTime,
          recurrence: null,
        });
      await plage("2027-03-22", "19:00", "19:30");
      await plage("2027-03-22", "23:00", "23:30");
      await plage("2027-03-29", "00:30", "01:00");
      await plage("2027-03-29", "05:00", "05:30");
      // A weekly absence whose last occurrence is on the first day of the range, a one-off on its last day.
      await insertAbsence(db, {
        organisationId: organisation.id,
        agentId: agent1.id,
        title: "Fin",
        firstDay: "2027-03-01",
        startTime: "22:00",
        endDay: "2027-03-01",
        endTime: "23:00",
        recurrence: { every: "week", interval: 1, weekdays: ["mo"], until: "2027-03-22" },
      });
      await insertAbsence(db, {
        organisationId: organisation.id,
        agentId: agent1.id,
        title: "Début",
        firstDay: "2027-03-29",
        startTime: "02:00",
        endDay: "2027-03-29",
        endTime: "03:00",
        recurrence: null,
      });
      const client = await signedIn(agent1.email);
      // From 20:00 local, a day later in UTC at -11, to 04:00 local, a day earlier in UTC at +14.
      const range = await events(client, { start: "2027-03-22T20:00:00", end: "2027-03-29T04:00:00" });
      const lieu = organisation.lieu.name;
      expect(
        range.map((event) => [event.title, event.start.slice(0, 19)]),
        timezone,
      ).toEqual([
        ["Fin", "2027-03-22T22:00:00"],
        [`2027-03-22 23:00 · ${lieu}`, "2027-03-22T23:00:00"],
        [`2027-03-29 00:30 · ${lieu}`, "2027-03-29T00:30:00"],
        ["Début", "2027-03-29T02:00:00"],
      ]);
    }
  });

  it("shows absences as grey blocks with their title, one-off over several days and recurring alike", async () => {
    const db = testDb();
    const { organisation, agent1 } = await createTeam(db);
    await insertAbsence(db, {
      organisationId: organisation.id,
      agentId: agent1.id,
      title: "Congés",
      firstDay: "2027-03-24",
      startTime: "14:00",
      endDay: "2027-03-26",
      endTime: "18:00",
      recurrence: null,
    });
    await insertAbsence(db, {
      organisationId: organisation.id,
      agentId: agent1.id,
      title: "Formation",
      firstDay: "2027-03-01",
      startTime: "08:00",
      endDay: "2027-03-01",
      endTime: "10:00",
      recurrence: { every: "week", interval: 1, weekdays: ["mo"], until: "2027-03-29" },
    });
    // Ended before the range: not asked for, not sent.
    await insertAbsence(db, {
      organisationId: organisation.id,
      agentId: agent1.id,
      title: "Ancienne absence",
      firstDay: "2027-03-01",
      startTime: "08:00",
      endDay: "2027-03-02",
      endTime: "10:00",
      recurrence: null,
    });
    const client = await signedIn(agent1.email);
    const absences = await events(client, { start: "2027-03-22", end: "2027-04-05" });
    expect(absences.map((event) => [event.title, event.start, event.end])).toEqual([
      ["Formation", "2027-03-22T08:00:00+01:00", "2027-03-22T10:00:00+01:00"],
      ["Congés", "2027-03-24T14:00:00+01:00", "2027-03-26T18:00:00+01:00"],
      ["Formation", "2027-03-29T08:00:00+02:00", "2027-03-29T10:00:00+02:00"],
    ]);
    for (const absence of absences) {
      expect(absence).toMatchObject({ classNames: ["agenda-absence"], extendedProps: { kind: "absence" } });
      expect(absence.display).toBeUndefined();
      expect(absence.url).toBeUndefined();
    }
  });

  it("lets every member of the organisation read a colleague's agenda", async () => {
    const db = testDb();
    const { organisation, admin, secretary, agent1, agent2 } = await createTeam(db);
    await insertPlage(db, {
      organisationId: organisation.id,
      agentId: agent1.id,
      lieuId: organisation.lieu.id,
      title: "Permanence de Bruno",
      firstDay: "2027-03-23",
      startTime: "14:00",
      endTime: "17:00",
      recurrence: null,
    });
    for (const viewer of [admin, secretary, agent2]) {
      const client = await signedIn(viewer.email);
      const seen = await events(client, { agentId: agent1.id, start: "2027-03-22", end: "2027-03-29" });
      expect(seen.map((event) => event.title)).toEqual([`Permanence de Bruno · ${organisation.lieu.name}`]);
    }
    const own = await events(await signedIn(agent2.email), { start: "2027-03-22", end: "2027-03-29" });
    expect(own).toEqual([]);
  });

  it("answers 404 for an agent of another organisation, or an unknown one, without revealing anything", async () => {
    const db = testDb();
    const ours = await createTeam(db);
    const theirs = await createTeam(db);
    await insertPlage(db, {
      organisationId: theirs.organisation.id,
      agentId: theirs.agent1.id,
      lieuId: theirs.organisation.lieu.id,
      title: "Secret",
      firstDay: "2027-03-23",
      startTime: "09:00",
      endTime: "10:00",
      recurrence: null,
    });
    const client = await signedIn(ours.agent1.email);
    for (const agentId of [theirs.agent1.id, "00000000-0000-4000-8000-000000000000", "pas-un-id"]) {
      const { status, body } = await feed(client, { agentId, start: "2027-03-22", end: "2027-03-29" });
      expect(status).toBe(404);
      expect(body).toMatchObject({ error: { code: "not_found" } });
      expect(JSON.stringify(body)).not.toContain("Secret");
    }
  });

  it("keeps another organisation's events of a shared agent out of the current organisation's agenda", async () => {
    const db = testDb();
    const { organisation, agent1 } = await createTeam(db);
    const other = await createTeam(db);
    await db.agentRole.create({ data: { agentId: agent1.id, organisationId: other.organisation.id, level: "agent" } });
    await insertPlage(db, {
      organisationId: other.organisation.id,
      agentId: agent1.id,
      lieuId: other.organisation.lieu.id,
      title: "Ailleurs",
      firstDay: "2027-03-23",
      startTime: "09:00",
      endTime: "10:00",
      recurrence: null,
    });
    const client = await signedIn(agent1.email);
    await client.get("/agenda");
    await client.post("/organisation-courante", { organisationId: organisation.id });
    expect(await events(client, { start: "2027-03-22", end: "2027-03-29" })).toEqual([]);
    await client.post("/organisation-courante", { organisationId: other.organisation.id });
    const there = await events(client, { start: "2027-03-22", end: "2027-03-29" });
    expect(there.map((event) => event.title)).toEqual([`Ailleurs · ${other.organisation.lieu.name}`]);
  });

  it("refuses bad ranges with 400 and French messages per parameter", async () => {
    const { agent1 } = await createTeam(testDb());
    const client = await signedIn(agent1.email);
    const cases: [Record<string, string>, string][] = [
      [{ end: "2027-03-29" }, "start"],
      [{ start: "2027-03-22" }, "end"],
      [{ start: "demain", end: "2027-03-29" }, "start"],
      [{ start: "2027-02-30", end: "2027-03-29" }, "start"],
      [{ start: "2027-W12", end: "2027-03-29" }, "start"],
      [{ start: "2027-03-29", end: "2027-03-22" }, "end"],
      [{ start: "2027-03-22", end: "2027-03-22" }, "end"],
      [{ start: "2027-01-01", end: "2027-03-05" }, "end"],
    ];
    for (const [params, field] of cases) {
      const { status, body } = await feed(client, params);
      expect(status, JSON.stringify(params)).toBe(400);
      expect(body).toMatchObject({ error: { code: "bad_request", fields: { [field]: expect.any(String) } } });
    }
    const longest = await feed(client, { start: "2027-01-01", end: "2027-03-04" });
    expect(longest.status).toBe(200);
  });

  it("answers JSON with its length, which neither the browser nor a proxy keeps", async () => {
    const db = testDb();
    const { organisation, agent1 } = await createTeam(db);
    await insertPlage(db, {
      organisationId: organisation.id,
      agentId: agent1.id,
      lieuId: organisation.lieu.id,
      title: "Accueil « café »",
      firstDay: "2027-03-23",
      startTime: "09:00",
      endTime: "10:00",
      recurrence: null,
    });
    const client = await signedIn(agent1.email);
    const response = await client.fetch("/agenda/evenements?start=2027-03-22&end=2027-03-29");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get("content-length")).toBe(String(body.length));
    expect(JSON.parse(body.toString("utf8"))).toMatchObject([
      { title: `Accueil « café » · ${organisation.lieu.name}` },
    ]);
  });

  it("answers 401 in JSON without a session", async () => {
    const response = await fetch(`${app.url}/agenda/evenements?start=2027-03-22&end=2027-03-29`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("does not count an agent of the organisation without events as missing", async () => {
    const db = testDb();
    const { organisation, agent1 } = await createTeam(db);
    const newcomer = await createAgent(db, { organisationId: organisation.id });
    const client = await signedIn(agent1.email);
    expect(await events(client, { agentId: newcomer.id, start: "2027-03-22", end: "2027-03-29" })).toEqual([]);
  });
});
