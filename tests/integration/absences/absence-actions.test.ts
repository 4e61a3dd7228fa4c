// createAbsence, updateAbsence and deleteAbsence on the real database.
import { describe, expect, it } from "vitest";
import { absencePatchSchema } from "../../../src/domain/absences/absence.schemas.ts";
import { createAbsence } from "../../../src/domain/absences/create-absence.ts";
import { deleteAbsence } from "../../../src/domain/absences/delete-absence.ts";
import { updateAbsence } from "../../../src/domain/absences/update-absence.ts";
import { agentAuthor } from "../../../src/domain/author.ts";
import { AppError } from "../../../src/domain/errors.ts";
import { parseInput } from "../../../src/domain/validation.ts";
import { testDb } from "../../support/db.ts";
import { createAgent, createOrganisation } from "../../support/factories.ts";
import { withSummary } from "../../support/history.ts";
import {
  absenceBody,
  domainContext,
  newAbsence,
  rowCounts,
  type ScheduleTeam,
  scheduleTeam,
} from "../plages/schedule-fixtures.ts";

const context = domainContext();

async function refusal(action: Promise<unknown>): Promise<AppError> {
  try {
    await action;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the action to be refused");
}

type Who = "admin" | "secretary" | "agent1" | "agent2";

async function createFor(team: ScheduleTeam, who: Who, overrides: Record<string, unknown> = {}) {
  const actor = team.actors[who];
  return createAbsence(context, { actor, author: agentAuthor(actor.agentId), absence: newAbsence(team, overrides) });
}

async function update(team: ScheduleTeam, absenceId: string, raw: unknown, who: Who = "agent1") {
  const actor = team.actors[who];
  const patch = parseInput(absencePatchSchema, raw);
  return updateAbsence(context, { actor, author: agentAuthor(actor.agentId), id: absenceId, patch });
}

describe("createAbsence", () => {
  it("stores a multi-day absence with an absence UID, sequence 0 and a history row", async () => {
    const team = await scheduleTeam();
    const { record: absence, change } = await createFor(team, "agent1");
    expect(absence).toMatchObject({
      organisationId: team.organisation.id,
      agentId: team.agent1.id,
      title: "Congés",
      firstDay: "2027-02-08",
      startTime: "08:00",
      endDay: "2027-02-12",
      endTime: "18:00",
      recurrence: null,
      sequence: 0,
    });
    expect(absence.uid).toMatch(/^absence-[0-9a-f-]{36}@rdv-agents\.fr$/);
    expect(change).toMatchObject({ kind: "absence", action: "created", before: null, after: { id: absence.id } });
    const history = withSummary(await testDb().historyEntry.findFirstOrThrow({ where: { recordId: absence.id } }));
    expect(history).toMatchObject({
      recordType: "absence",
      action: "created",
      authorAgentId: team.agent1.id,
      summary: "Absence « Congés » créée : Du 8 février 2027 à 08:00 au 12 février 2027 à 18:00.",
    });
  });

  it("stores a weekly recurring absence of one day", async () => {
    const team = await scheduleTeam();
    const { record: absence } = await createFor(team, "agent1", {
      title: "Formation",
      firstDay: "2027-03-03",
      endDay: "2027-03-03",
      startTime: "14:00",
      endTime: "17:00",
      recurrence: { every: "week", interval: 1, weekdays: ["we"], until: "2027-06-30" },
    });
    expect(absence.recurrence).toEqual({ every: "week", interval: 1, weekdays: ["we"], until: "2027-06-30" });
  });

  it.each([
    [
      "a multi-day absence that recurs",
      { recurrence: { every: "week", weekdays: ["mo"] } },
      "recurrence",
      "Une absence sur plusieurs jours ne peut pas se répéter : choisissez « Aucune » ou une absence sur un seul jour.",
    ],
    [
      "an end day before the first day",
      { endDay: "2027-02-07" },
      "endDay",
      "Le dernier jour doit être le premier jour ou après.",
    ],
    [
      "an end time before the start on the same day",
      { endDay: "2027-02-08", endTime: "07:00" },
      "endTime",
      "La fin doit être après le début.",
    ],
    ["29 February 2027", { endDay: "2027-02-29" }, "endDay", "La date doit être une date valide (AAAA-MM-JJ)."],
    ["a missing end day", { endDay: undefined }, "endDay", "Indiquez le dernier jour."],
    [
      "a recurrence ending on its first day",
      { endDay: "2027-02-08", recurrence: { every: "month", until: "2027-02-08" } },
      "recurrence.until",
      "La date de fin de récurrence doit être après le premier jour.",
    ],
    ["a huge title", { title: "é".repeat(5000) }, "title", "Le titre ne peut pas dépasser 200 caractères."],
  ])("refuses %s with a French message on the field and writes nothing", async (_case, overrides, field, message) => {
    const team = await scheduleTeam();
    const before = await rowCounts(team.organisation.id);
    const error = await refusal(createFor(team, "agent1", overrides));
    expect(error.code).toBe("invalid");
    expect(error.fields?.[field]).toBe(message);
    expect(await rowCounts(team.organisation.id)).toEqual(before);
  });

  it("lets an admin create an absence for a colleague but not for an agent of another organisation", async () => {
    const team = await scheduleTeam();
    const { record: absence } = await createFor(team, "admin", { agentId: team.agent2.id });
    expect(absence.agentId).toBe(team.agent2.id);
    const other = await createOrganisation(testDb());
    const stranger = await createAgent(testDb(), { organisationId: other.id });
    const error = await refusal(createFor(team, "admin", { agentId: stranger.id }));
    expect(error.fields).toEqual({ agentId: "Cet agent ne fait pas partie de l'organisation." });
  });

  it("refuses a secretary or an agent creating for a colleague (403) and another organisation (404)", async () => {
    const team = await scheduleTeam();
    const other = await createOrganisation(testDb());
    expect((await refusal(createFor(team, "secretary", { agentId: team.agent1.id }))).code).toBe("forbidden");
    expect((await refusal(createFor(team, "agent1", { agentId: team.agent2.id }))).code).toBe("forbidden");
    expect((await refusal(createFor(team, "agent1", { organisationId: other.id }))).code).toBe("not_found");
    expect((await rowCounts(team.organisation.id)).absences).toBe(0);
  });
});

describe("updateAbsence", () => {
  it("bumps the sequence for every change and records what changed", async () => {
    const team = await scheduleTeam();
    const { record: absence } = await createFor(team, "agent1");
    const first = await update(team, absence.id, { endDay: "2027-02-15" });
    expect(first.record).toMatchObject({ endDay: "2027-02-15", sequence: 1 });
    const second = await update(team, absence.id, { title: "Congés d'hiver" });
    expect(second.record.sequence).toBe(2);
    const history = await testDb().historyEntry.findMany({
      where: { recordId: absence.id, action: "updated" },
      orderBy: { createdAt: "asc" },
    });
    expect(history.map((h) => withSummary(h).summary)).toEqual([
      "Absence « Congés » modifiée (fin) : Du 8 février 2027 à 08:00 au 15 février 2027 à 18:00.",
      "Absence « Congés d'hiver » modifiée (titre) : Du 8 février 2027 à 08:00 au 15 février 2027 à 18:00.",
    ]);
  });

  it("refuses to make a recurring absence span several days, saying why", async () => {
    const team = await scheduleTeam();
    const { record: absence } = await createFor(team, "agent1", {
      endDay: "2027-02-08",
      recurrence: { every: "week", weekdays: ["mo"] },
    });
    const before = await rowCounts(team.organisation.id);
    const error = await refusal(update(team, absence.id, { endDay: "2027-02-09" }));
    expect(Object.keys(error.fields ?? {})).toEqual(["recurrence"]);
    expect(await rowCounts(team.organisation.id)).toEqual(before);
    // Removing the recurrence in the same change makes it valid.
    const { record: updated } = await update(team, absence.id, { endDay: "2027-02-09", recurrence: null });
    expect(updated).toMatchObject({ endDay: "2027-02-09", recurrence: null, sequence: 1 });
  });

  it("writes nothing when nothing changes", async () => {
    const team = await scheduleTeam();
    const { record: absence } = await createFor(team, "agent1");
    const before = await rowCounts(team.organisation.id);
    const { change } = await update(team, absence.id, absenceBody(team));
    expect(change).toBeNull();
    expect(await rowCounts(team.organisation.id)).toEqual(before);
  });

  it("lets the admin edit a colleague's absence, not the secretary (403), and hides other organisations' (404)", async () => {
    const team = await scheduleTeam();
    const otherTeam = await scheduleTeam();
    const { record: absence } = await createFor(team, "agent2");
    const { record: foreign } = await createFor(otherTeam, "agent1");
    expect((await update(team, absence.id, { title: "Admin" }, "admin")).record.title).toBe("Admin");
    expect((await refusal(update(team, absence.id, { title: "Secrétaire" }, "secretary"))).code).toBe("forbidden");
    expect((await refusal(update(team, foreign.id, { title: "Intrus" }, "admin"))).code).toBe("not_found");
  });
});

describe("deleteAbsence", () => {
  it("deletes the absence and records it as it was", async () => {
    const team = await scheduleTeam();
    const { record: absence } = await createFor(team, "agent1");
    const { record: deleted, change } = await deleteAbsence(context, {
      actor: team.actors.agent1,
      author: agentAuthor(team.agent1.id),
      id: absence.id,
    });
    expect(deleted).toEqual(absence);
    expect(change).toMatchObject({ action: "deleted", before: { id: absence.id }, after: null });
    expect(await testDb().absence.count({ where: { id: absence.id } })).toBe(0);
    const history = withSummary(
      await testDb().historyEntry.findFirstOrThrow({ where: { recordId: absence.id, action: "deleted" } }),
    );
    expect(history.summary).toBe(
      "Absence « Congés » supprimée (Du 8 février 2027 à 08:00 au 12 février 2027 à 18:00).",
    );
  });
});
