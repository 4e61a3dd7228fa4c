// createPlage, updatePlage and deletePlage on the real database: what they write, what they refuse, and the change
// and history they leave behind.
import { describe, expect, it } from "vitest";
import { agentAuthor } from "../../../src/domain/author.ts";
import { AppError } from "../../../src/domain/errors.ts";
import { createPlage } from "../../../src/domain/plages/create-plage.ts";
import { deletePlage } from "../../../src/domain/plages/delete-plage.ts";
import { plagePatchSchema } from "../../../src/domain/plages/plage.schemas.ts";
import { updatePlage } from "../../../src/domain/plages/update-plage.ts";
import { parseInput } from "../../../src/domain/validation.ts";
import { testDb } from "../../support/db.ts";
import { createAgent, createOrganisation } from "../../support/factories.ts";
import { withSummary } from "../../support/history.ts";
import { domainContext, newPlage, plageBody, rowCounts, type ScheduleTeam, scheduleTeam } from "./schedule-fixtures.ts";

const context = domainContext();

/** The AppError an action throws, or a failure if it does not throw one. */
async function refusal(action: Promise<unknown>): Promise<AppError> {
  try {
    await action;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the action to be refused");
}

async function createFor(
  team: ScheduleTeam,
  who: "admin" | "agent1" | "agent2",
  overrides: Record<string, unknown> = {},
) {
  const actor = team.actors[who];
  return createPlage(context, { actor, author: agentAuthor(actor.agentId), plage: newPlage(team, overrides) });
}

describe("createPlage", () => {
  it("stores a weekly plage with its motifs, a plage UID, sequence 0 and a history row by its author", async () => {
    const team = await scheduleTeam();
    const { record: plage, change } = await createFor(team, "agent1", {
      title: "Permanence école",
      motifIds: team.organisation.motifs.map((m) => m.id),
      recurrence: { every: "week", interval: 2, weekdays: ["th", "mo"], until: "2027-06-30" },
    });
    expect(plage).toMatchObject({
      organisationId: team.organisation.id,
      agentId: team.agent1.id,
      lieuId: team.organisation.lieu.id,
      title: "Permanence école",
      firstDay: "2027-01-04",
      startTime: "09:00",
      endTime: "12:00",
      recurrence: { every: "week", interval: 2, weekdays: ["mo", "th"], until: "2027-06-30" },
      sequence: 0,
    });
    expect(plage.motifIds.sort()).toEqual(team.organisation.motifs.map((m) => m.id).sort());
    expect(plage.uid).toMatch(/^plage-[0-9a-f-]{36}@rdv-agents\.fr$/);
    expect(change).toMatchObject({ kind: "plage_ouverture", action: "created", before: null });
    expect(change?.author).toEqual({ kind: "agent", agentId: team.agent1.id });

    const stored = await testDb().plageOuverture.findUniqueOrThrow({ where: { id: plage.id } });
    expect(stored.firstDay.toISOString()).toBe("2027-01-04T00:00:00.000Z");
    expect(stored.recurrenceWeekdays).toEqual(["mo", "th"]);
    expect(stored.recurrenceUntil?.toISOString()).toBe("2027-06-30T00:00:00.000Z");
    const history = (await testDb().historyEntry.findMany({ where: { recordId: plage.id } })).map((h) =>
      withSummary(h),
    );
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      recordType: "plage_ouverture",
      action: "created",
      authorAgentId: team.agent1.id,
      summary:
        "Plage d'ouverture « Permanence école » créée : Toutes les 2 semaines, les lundis et jeudis de 09:00 à 12:00, " +
        "à partir du 4 janvier 2027, jusqu'au 30 juin 2027.",
    });
  });

  it("lets an admin create a plage for a colleague, with the admin as author", async () => {
    const team = await scheduleTeam();
    const { record: plage } = await createFor(team, "admin", { agentId: team.agent2.id });
    expect(plage.agentId).toBe(team.agent2.id);
    const history = await testDb().historyEntry.findFirstOrThrow({ where: { recordId: plage.id } });
    expect(history.authorAgentId).toBe(team.admin.id);
  });

  it("refuses a plage overlapping another of the same agent, naming it and the first date both are on", async () => {
    const team = await scheduleTeam();
    await createFor(team, "agent1", { title: "Permanence du lundi" });
    const before = await rowCounts(team.organisation.id);
    const error = await refusal(
      createFor(team, "agent1", {
        title: "Atelier",
        firstDay: "2027-03-01",
        startTime: "11:00",
        endTime: "14:00",
        recurrence: null,
      }),
    );
    expect(error.code).toBe("conflict");
    expect(error.message).toBe(
      "Cette plage chevauche la plage « Permanence du lundi » : toutes deux sont ouvertes le lundi 1 mars 2027 de 11:00 à 12:00.",
    );
    expect(error.fields).toEqual({ startTime: error.message });
    expect(await rowCounts(team.organisation.id)).toEqual(before);
  });

  it("lets only one of two overlapping plages created at the same time through", async () => {
    const team = await scheduleTeam();
    const results = await Promise.allSettled([
      createFor(team, "agent1", { title: "Première" }),
      createFor(team, "agent1", { title: "Seconde", startTime: "10:00", endTime: "11:00" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.reason).toBeInstanceOf(AppError);
    expect((await rowCounts(team.organisation.id)).plages).toBe(1);
  });

  it("accepts plages of one agent that touch without overlapping, and the same hours for two agents", async () => {
    const team = await scheduleTeam();
    await createFor(team, "agent1", { startTime: "09:00", endTime: "12:00" });
    await createFor(team, "agent1", { title: "Après-midi", startTime: "12:00", endTime: "17:00" });
    await createFor(team, "agent2", { startTime: "09:00", endTime: "12:00" });
    expect((await rowCounts(team.organisation.id)).plages).toBe(3);
  });

  it("keeps 09:00 local across daylight saving: a winter weekly plage and a summer one-off compare in local time", async () => {
    const team = await scheduleTeam({ timezone: "Europe/Paris" });
    // Mondays 09:00–10:00 Paris from January (08:00 UTC in winter, 07:00 UTC in summer).
    await createFor(team, "agent1", { title: "Accueil", startTime: "09:00", endTime: "10:00" });
    // 10:00–11:00 on Monday 5 July: right after, not overlapping. A fixed UTC offset would put the weekly plage at
    // 10:00–11:00 summer time and refuse this one.
    await createFor(team, "agent1", {
      title: "Rendez-vous d'été",
      firstDay: "2027-07-05",
      startTime: "10:00",
      endTime: "11:00",
      recurrence: null,
    });
    // 08:30–09:30 on the Monday after the spring change overlaps from 09:00 local.
    const error = await refusal(
      createFor(team, "agent1", {
        title: "Réunion",
        firstDay: "2027-03-29",
        startTime: "08:30",
        endTime: "09:30",
        recurrence: null,
      }),
    );
    expect(error.message).toContain("le lundi 29 mars 2027 de 09:00 à 09:30");
  });

  it("finds the first overlap of a fortnightly plage and a monthly one, and none when the monthly one stops before", async () => {
    const team = await scheduleTeam();
    // Mondays and Thursdays of the weeks of 4 January, 18 January, 1 February… 09:00–12:00.
    await createFor(team, "agent1", {
      title: "Quinzaine",
      recurrence: { every: "week", interval: 2, weekdays: ["mo", "th"] },
    });
    // The 2nd Thursday of each month, 10:00–11:00: 14 January, 11 February, 11 March, 8 April fall in the weeks off;
    // 13 May is the first one in a week on.
    const monthly = { title: "Mensuelle", firstDay: "2027-01-14", startTime: "10:00", endTime: "11:00" };
    const error = await refusal(createFor(team, "agent1", { ...monthly, recurrence: { every: "month", interval: 1 } }));
    expect(error.message).toBe(
      "Cette plage chevauche la plage « Quinzaine » : toutes deux sont ouvertes le jeudi 13 mai 2027 de 10:00 à 11:00.",
    );
    const { record: plage } = await createFor(team, "agent1", {
      ...monthly,
      recurrence: { every: "month", interval: 1, until: "2027-04-30" },
    });
    expect(plage.recurrence).toEqual({ every: "month", interval: 1, until: "2027-04-30" });
  });

  it("checks the agent's plages in its other organisations without revealing their titles", async () => {
    const team = await scheduleTeam();
    const other = await createOrganisation(testDb());
    await testDb().agentRole.create({ data: { agentId: team.agent1.id, organisationId: other.id, level: "agent" } });
    const actorInBoth = {
      agentId: team.agent1.id,
      memberships: [
        { organisationId: team.organisation.id, level: "agent" as const },
        { organisationId: other.id, level: "agent" as const },
      ],
    };
    await createPlage(context, {
      actor: actorInBoth,
      author: agentAuthor(team.agent1.id),
      plage: newPlage(team, {
        organisationId: other.id,
        lieuId: other.lieu.id,
        motifIds: [other.motif.id],
        title: "Secret",
      }),
    });
    const error = await refusal(
      createPlage(context, { actor: actorInBoth, author: agentAuthor(team.agent1.id), plage: newPlage(team) }),
    );
    expect(error.code).toBe("conflict");
    // Nothing of the other organisation's plage: neither its title nor its day and hours.
    expect(error.message).toBe("Cet agent n'est pas disponible sur ce créneau.");
    expect(error.fields).toEqual({ startTime: "Cet agent n'est pas disponible sur ce créneau." });
  });

  it.each([
    [
      "the end before the start",
      { startTime: "12:00", endTime: "09:00" },
      "endTime",
      "L'heure de fin doit être après l'heure de début.",
    ],
    ["an end equal to the start", { endTime: "09:00" }, "endTime", "L'heure de fin doit être après l'heure de début."],
    [
      "a recurrence ending before the first day",
      { recurrence: { every: "week", weekdays: ["mo"], until: "2027-01-01" } },
      "recurrence.until",
      "La date de fin de récurrence doit être après le premier jour.",
    ],
    [
      "weekdays for a monthly recurrence",
      { recurrence: { every: "month", interval: 1, weekdays: ["mo"] } },
      "recurrence.weekdays",
      "Une récurrence mensuelle suit le jour de la première date : ne choisissez pas de jour de la semaine.",
    ],
    ["30 February", { firstDay: "2027-02-30" }, "firstDay", "La date doit être une date valide (AAAA-MM-JJ)."],
    ["no motif", { motifIds: [] }, "motifIds", "Choisissez au moins un motif."],
    ["no title", { title: "   " }, "title", "Saisissez un titre."],
    ["a huge title", { title: "x".repeat(10_000) }, "title", "Le titre ne peut pas dépasser 200 caractères."],
    [
      "a time that is not a time",
      { startTime: "25:00" },
      "startTime",
      "L'heure doit être au format HH:MM, entre 00:00 et 23:59.",
    ],
    ["a number for the title", { title: 42 }, "title", "Saisissez un titre."],
    [
      "a weekly recurrence without weekdays",
      { recurrence: { every: "week", weekdays: [] } },
      "recurrence.weekdays",
      "Choisissez au moins un jour de la semaine.",
    ],
  ])("refuses %s with a French message on the field and writes nothing", async (_case, overrides, field, message) => {
    const team = await scheduleTeam();
    const before = await rowCounts(team.organisation.id);
    const error = await refusal(createFor(team, "agent1", overrides));
    expect(error.code).toBe("invalid");
    expect(error.fields?.[field]).toBe(message);
    expect(await rowCounts(team.organisation.id)).toEqual(before);
  });

  it("refuses a lieu, a motif or an agent of another organisation, and a disabled lieu", async () => {
    const team = await scheduleTeam();
    const other = await createOrganisation(testDb());
    const before = await rowCounts(team.organisation.id);
    const lieu = await refusal(createFor(team, "agent1", { lieuId: other.lieu.id }));
    expect(lieu.fields).toEqual({ lieuId: "Choisissez un lieu de l'organisation." });
    const motif = await refusal(createFor(team, "agent1", { motifIds: [team.organisation.motif.id, other.motif.id] }));
    expect(motif.fields).toEqual({ motifIds: "Choisissez des motifs de l'organisation." });
    const stranger = await createAgent(testDb(), { organisationId: other.id });
    const agent = await refusal(createFor(team, "admin", { agentId: stranger.id }));
    expect(agent.fields).toEqual({ agentId: "Cet agent ne fait pas partie de l'organisation." });
    await testDb().lieu.update({ where: { id: team.organisation.lieu.id }, data: { disabledAt: new Date() } });
    const disabled = await refusal(createFor(team, "agent1"));
    expect(disabled.fields).toEqual({ lieuId: "Ce lieu est désactivé." });
    expect(await rowCounts(team.organisation.id)).toEqual(before);
  });

  it("answers 404 for an organisation the actor does not belong to, 403 for a colleague's plage", async () => {
    const team = await scheduleTeam();
    const other = await createOrganisation(testDb());
    expect((await refusal(createFor(team, "agent1", { organisationId: other.id }))).code).toBe("not_found");
    expect((await refusal(createFor(team, "agent1", { agentId: team.agent2.id }))).code).toBe("forbidden");
    expect(
      (
        await refusal(
          createPlage(context, {
            actor: team.actors.secretary,
            author: agentAuthor(team.secretary.id),
            plage: newPlage(team, { agentId: team.agent1.id }),
          }),
        )
      ).code,
    ).toBe("forbidden");
    expect((await rowCounts(team.organisation.id)).plages).toBe(0);
  });
});

describe("updatePlage", () => {
  async function update(
    team: ScheduleTeam,
    plageId: string,
    raw: unknown,
    who: "admin" | "agent1" | "agent2" = "agent1",
  ) {
    const actor = team.actors[who];
    const patch = parseInput(plagePatchSchema, raw);
    return updatePlage(context, { actor, author: agentAuthor(actor.agentId), id: plageId, patch });
  }

  it("bumps the sequence when the hours change and records what changed", async () => {
    const team = await scheduleTeam();
    const { record: plage } = await createFor(team, "agent1");
    const { record: updated, change } = await update(team, plage.id, { startTime: "08:30" });
    expect(updated).toMatchObject({ startTime: "08:30", endTime: "12:00", sequence: 1, uid: plage.uid });
    expect(change?.action).toBe("updated");
    expect(change?.before?.startTime).toBe("09:00");
    expect(change?.after?.startTime).toBe("08:30");
    const history = (
      await testDb().historyEntry.findMany({
        where: { recordId: plage.id },
        orderBy: { createdAt: "asc" },
      })
    ).map((h) => withSummary(h));
    expect(history.map((h) => h.action)).toEqual(["created", "updated"]);
    expect(history[1]?.summary).toBe(
      "Plage d'ouverture « Permanence » modifiée (horaires) : Toutes les semaines, le lundi de 08:30 à 12:00, à partir du 4 janvier 2027.",
    );
  });

  it.each([
    ["the title", { title: "Nouveau titre" }],
    ["the first day", { firstDay: "2027-01-05", recurrence: { every: "week", weekdays: ["tu"] } }],
    ["the recurrence", { recurrence: { every: "week", interval: 3, weekdays: ["mo"] } }],
    ["the recurrence end", { recurrence: { every: "week", weekdays: ["mo"], until: "2027-12-31" } }],
    ["to no recurrence", { recurrence: null }],
    ["the end time", { endTime: "12:30" }],
  ])("bumps the sequence for a change of %s", async (_case, raw) => {
    const team = await scheduleTeam();
    const { record: plage } = await createFor(team, "agent1");
    const { record: updated } = await update(team, plage.id, raw);
    expect(updated.sequence).toBe(1);
  });

  it("bumps the sequence when the lieu changes", async () => {
    const team = await scheduleTeam();
    const lieu = await testDb().lieu.create({
      data: { organisationId: team.organisation.id, name: "Antenne", address: "2 rue Haute" },
    });
    const { record: plage } = await createFor(team, "agent1");
    expect((await update(team, plage.id, { lieuId: lieu.id })).record).toMatchObject({ lieuId: lieu.id, sequence: 1 });
  });

  it("changes the motifs offered without bumping the sequence, but records the change", async () => {
    const team = await scheduleTeam();
    const { record: plage } = await createFor(team, "agent1");
    const motifIds = team.organisation.motifs.map((m) => m.id);
    const { record: updated, change } = await update(team, plage.id, { motifIds });
    expect(updated.sequence).toBe(0);
    expect(updated.motifIds.sort()).toEqual([...motifIds].sort());
    expect(change?.after?.motifIds.sort()).toEqual([...motifIds].sort());
    expect(await testDb().plageMotif.count({ where: { plageOuvertureId: plage.id } })).toBe(2);
    const last = withSummary(
      await testDb().historyEntry.findFirstOrThrow({ where: { recordId: plage.id, action: "updated" } }),
    );
    expect(last.summary).toContain("modifiée (motifs)");
  });

  it("writes nothing when nothing changes", async () => {
    const team = await scheduleTeam();
    const { record: plage } = await createFor(team, "agent1");
    const before = await rowCounts(team.organisation.id);
    const { record: same, change } = await update(team, plage.id, plageBody(team));
    expect(change).toBeNull();
    expect(same).toEqual(plage);
    expect(await rowCounts(team.organisation.id)).toEqual(before);
  });

  it("does not compare a plage with itself, but refuses a change that makes it overlap another", async () => {
    const team = await scheduleTeam();
    const { record: plage } = await createFor(team, "agent1", { startTime: "09:00", endTime: "12:00" });
    await createFor(team, "agent1", { title: "Après-midi", startTime: "14:00", endTime: "17:00" });
    await update(team, plage.id, { startTime: "08:00", endTime: "11:00" });
    const before = await rowCounts(team.organisation.id);
    const error = await refusal(update(team, plage.id, { endTime: "15:00" }));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("« Après-midi »");
    expect(error.message).toContain("le lundi 4 janvier 2027 de 14:00 à 15:00");
    expect(await rowCounts(team.organisation.id)).toEqual(before);
    const stored = await testDb().plageOuverture.findUniqueOrThrow({ where: { id: plage.id } });
    expect(stored).toMatchObject({ startTime: "08:00", endTime: "11:00", sequence: 1 });
  });

  it("validates the merged plage: an end before a start it does not change is refused", async () => {
    const team = await scheduleTeam();
    const { record: plage } = await createFor(team, "agent1");
    const error = await refusal(update(team, plage.id, { endTime: "08:00" }));
    expect(error.fields).toEqual({ endTime: "L'heure de fin doit être après l'heure de début." });
  });

  it("refuses to move a plage to another agent or organisation", async () => {
    const team = await scheduleTeam();
    const { record: plage } = await createFor(team, "agent1");
    const error = await refusal(update(team, plage.id, { agentId: team.agent2.id }, "admin"));
    expect(Object.keys(error.fields ?? {})).toEqual(["agentId"]);
    // Sending them back unchanged, as a client echoing a GET does, is fine.
    const { record: same } = await update(team, plage.id, {
      agentId: team.agent1.id,
      organisationId: team.organisation.id,
    });
    expect(same.sequence).toBe(0);
  });

  it("keeps a lieu disabled since the plage was made when other fields change", async () => {
    const team = await scheduleTeam();
    const { record: plage } = await createFor(team, "agent1");
    await testDb().lieu.update({ where: { id: team.organisation.lieu.id }, data: { disabledAt: new Date() } });
    expect((await update(team, plage.id, { title: "Renommée" })).record.title).toBe("Renommée");
  });

  it("answers 404 for a plage of another organisation and 403 for a colleague's", async () => {
    const team = await scheduleTeam();
    const otherTeam = await scheduleTeam();
    const { record: plage } = await createFor(team, "agent2");
    const { record: foreign } = await createFor(otherTeam, "agent1");
    expect((await refusal(update(team, foreign.id, { title: "x" }))).code).toBe("not_found");
    expect((await refusal(update(team, plage.id, { title: "x" }))).code).toBe("forbidden");
    expect((await update(team, plage.id, { title: "Par l'admin" }, "admin")).record.title).toBe("Par l'admin");
  });
});

describe("deletePlage", () => {
  it("deletes the plage and its motifs, returning and recording it as it was", async () => {
    const team = await scheduleTeam();
    const { record: plage } = await createFor(team, "agent1");
    await updatePlage(context, {
      actor: team.actors.agent1,
      author: agentAuthor(team.agent1.id),
      id: plage.id,
      patch: { title: "Dernière version" },
    });
    const { record: deleted, change } = await deletePlage(context, {
      actor: team.actors.admin,
      author: agentAuthor(team.admin.id),
      id: plage.id,
    });
    expect(deleted.title).toBe("Dernière version");
    expect(change).toMatchObject({ action: "deleted", after: null, before: { id: plage.id, sequence: 1 } });
    expect(await testDb().plageOuverture.count({ where: { id: plage.id } })).toBe(0);
    expect(await testDb().plageMotif.count({ where: { plageOuvertureId: plage.id } })).toBe(0);
    const history = withSummary(
      await testDb().historyEntry.findFirstOrThrow({ where: { recordId: plage.id, action: "deleted" } }),
    );
    expect(history.authorAgentId).toBe(team.admin.id);
    expect(history.summary).toBe(
      "Plage d'ouverture « Dernière version » supprimée (Toutes les semaines, le lundi de 09:00 à 12:00, à partir du 4 janvier 2027).",
    );
  });

  it("refuses a colleague's plage (403) and another organisation's (404), deleting nothing", async () => {
    const team = await scheduleTeam();
    const otherTeam = await scheduleTeam();
    const { record: plage } = await createFor(team, "agent2");
    const { record: foreign } = await createFor(otherTeam, "agent1");
    const remove = (plageId: string) =>
      deletePlage(context, { actor: team.actors.agent1, author: agentAuthor(team.agent1.id), id: plageId });
    expect((await refusal(remove(plage.id))).code).toBe("forbidden");
    expect((await refusal(remove(foreign.id))).code).toBe("not_found");
    expect(await testDb().plageOuverture.count({ where: { id: { in: [plage.id, foreign.id] } } })).toBe(2);
  });
});
