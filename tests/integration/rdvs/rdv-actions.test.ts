import { describe, expect, it } from "vitest";
import { agentAuthor } from "../../../src/domain/author.ts";
import { AppError } from "../../../src/domain/errors.ts";
import { changeRdvStatus } from "../../../src/domain/rdvs/change-rdv-status.ts";
import { createRdv } from "../../../src/domain/rdvs/create-rdv.ts";
import { deleteRdv } from "../../../src/domain/rdvs/delete-rdv.ts";
import { parseNewRdvBody, parseRdvPatchBody, parseRdvStatus } from "../../../src/domain/rdvs/rdv.schemas.ts";
import { updateRdv } from "../../../src/domain/rdvs/update-rdv.ts";
import { DuplicateUserError } from "../../../src/domain/usagers/user-duplicates.ts";
import { testDb } from "../../support/db.ts";
import { createAgent, createOrganisation, createUser } from "../../support/factories.ts";
import { withSummary } from "../../support/history.ts";
import {
  actorOf,
  apiBody,
  bookRdv,
  bookRdvFromForm,
  createRdvTeam,
  domainContext,
  rowCounts,
  type Team,
} from "./rdv-fixtures.ts";

/** The AppError an action rejects with. */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

async function historyOf(rdvId: string) {
  const rows = await testDb().historyEntry.findMany({
    where: { recordType: "rdv", recordId: rdvId },
    orderBy: { createdAt: "asc" },
    select: { action: true, data: true, createdAt: true, authorAgentId: true, organisationId: true },
  });
  return rows.map((row) => withSummary(row));
}

/** Change an RDV as the API does (a PATCH body); resolves to `{ record, change }`. */
async function updateResult(team: Team, rdvId: string, raw: Record<string, unknown>, byAgentId = team.secretary.id) {
  return updateRdv(domainContext(), {
    actor: await actorOf(testDb(), byAgentId),
    author: agentAuthor(byAgentId),
    rdvId,
    patch: parseRdvPatchBody(raw),
  });
}

/** The change made by an update that must change something. */
async function update(team: Team, rdvId: string, raw: Record<string, unknown>, byAgentId = team.secretary.id) {
  const { change } = await updateResult(team, rdvId, raw, byAgentId);
  if (!change) throw new Error("expected a change");
  return change;
}

/** Set an RDV's status as the API does; resolves to `{ record, change }`. */
async function statusResult(team: Team, rdvId: string, status: string, byAgentId = team.secretary.id) {
  return changeRdvStatus(domainContext(), {
    actor: await actorOf(testDb(), byAgentId),
    author: agentAuthor(byAgentId),
    rdvId,
    status: parseRdvStatus({ status }),
  });
}

/** The change made by a status that must change something. */
async function setStatus(team: Team, rdvId: string, status: string, byAgentId = team.secretary.id) {
  const { change } = await statusResult(team, rdvId, status, byAgentId);
  if (!change) throw new Error("expected a change");
  return change;
}

describe("creating an RDV", () => {
  it("stores it with a stable uid, sequence 0, its agents and usagers, and writes the history with its author", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const change = await bookRdv(team);
    expect(change.action).toBe("created");
    expect(change.before).toBeNull();
    expect(change.author).toEqual({ kind: "agent", agentId: team.secretary.id });
    const stored = await db.rdv.findUniqueOrThrow({
      where: { id: change.after.id },
      include: { agents: true, users: true },
    });
    expect(stored.uid).toMatch(/^rdv-[0-9a-f-]{36}@rdv-agents\.fr$/);
    expect(stored.sequence).toBe(0);
    expect(stored.startsAt.toISOString()).toBe("2027-03-29T07:00:00.000Z");
    expect(stored.durationInMin).toBe(30);
    expect(stored.status).toBe("unknown");
    expect(stored.createdByAgentId).toBe(team.secretary.id);
    expect(stored.agents.map((a) => a.agentId)).toEqual([team.agent1.id]);
    expect(stored.users.map((u) => u.userId)).toEqual([team.usager.id]);
    expect(change.after).toMatchObject({ uid: stored.uid, sequence: 0, agentIds: [team.agent1.id] });
    const history = await historyOf(stored.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: "created", authorAgentId: team.secretary.id });
    expect(history[0]?.summary).toBe(
      `RDV créé pour le lundi 29 mars 2027 à 09:00 (30 min) à Lieu principal : Premier accueil, avec Bruno ${team.agent1.lastName}, pour Jeanne Lefèvre`,
    );
  });

  it("reads a form's local date and time in the organisation's zone, across daylight saving", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const book = (date: string) =>
      bookRdvFromForm(team, {
        organisationId: team.organisation.id,
        motifId: team.organisation.motif.id,
        lieuId: team.organisation.lieu.id,
        date,
        time: "09:00",
        durationInMin: "",
        agentIds: team.agent1.id,
        userIds: team.usager.id,
      });
    const summer = await book("2027-03-29");
    const winter = await book("2027-03-26");
    expect(summer.after.startsAt.toISOString()).toBe("2027-03-29T07:00:00.000Z");
    expect(winter.after.startsAt.toISOString()).toBe("2027-03-26T08:00:00.000Z");
  });

  it("reads local times in the organisation's own zone, not the server's", async () => {
    const db = testDb();
    const team = await createRdvTeam(db, { timezone: "Pacific/Noumea" });
    const change = await bookRdvFromForm(team, {
      organisationId: team.organisation.id,
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      date: "2027-03-29",
      time: "09:00",
      agentIds: [team.agent1.id],
      userIds: [team.usager.id],
    });
    expect(change.after.startsAt.toISOString()).toBe("2027-03-28T22:00:00.000Z");
  });

  it("refuses a local time skipped by the spring-forward change, and writes nothing", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const before = await rowCounts(db, team.organisation.id);
    const error = await refusal(
      bookRdvFromForm(team, {
        organisationId: team.organisation.id,
        motifId: team.organisation.motif.id,
        lieuId: team.organisation.lieu.id,
        date: "2027-03-28",
        time: "02:30",
        agentIds: [team.agent1.id],
        userIds: [team.usager.id],
      }),
    );
    expect(error.code).toBe("invalid");
    expect(error.fields?.time).toContain("02:30 n'existe pas ce jour-là");
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);
  });

  it("takes the motif's duration by default and the given one otherwise", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    expect((await bookRdv(team)).after.durationInMin).toBe(30);
    expect((await bookRdv(team, { durationInMin: 45 })).after.durationInMin).toBe(45);
  });

  it("needs a lieu for a motif on site but not for a phone motif", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const phone = team.organisation.motifs.find((m) => m.locationType === "phone");
    if (!phone) throw new Error("no phone motif");
    const error = await refusal(bookRdv(team, { lieuId: null }));
    expect(error.fields).toEqual({ lieuId: "Choisissez un lieu : ce motif se déroule sur place." });
    const byPhone = await bookRdv(team, { lieuId: null, motifId: phone.id });
    expect(byPhone.after.lieuId).toBeNull();
    expect(byPhone.after.durationInMin).toBe(20);
  });

  it("refuses an RDV that would end the next day in the organisation's calendar, but allows one ending at midnight", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const before = await rowCounts(db, team.organisation.id);
    const error = await refusal(bookRdv(team, { startsAt: "2027-03-29T23:30:00+02:00", durationInMin: 60 }));
    expect(error.fields?.durationInMin).toContain("Le RDV doit se terminer le jour même");
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);
    const late = await bookRdv(team, { startsAt: "2027-03-29T23:30:00+02:00", durationInMin: 30 });
    expect(late.after.durationInMin).toBe(30);
  });

  it("refuses motif, lieu, agent and usager ids of another organisation with a message per field, and writes nothing", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const other = await createOrganisation(db);
    const stranger = await createAgent(db, { organisationId: other.id });
    const foreignUser = await createUser(db, other.id);
    const before = await rowCounts(db, team.organisation.id);
    const error = await refusal(
      bookRdv(team, {
        motifId: other.motif.id,
        lieuId: other.lieu.id,
        agentIds: [team.agent1.id, stranger.id],
        userIds: [foreignUser.id],
      }),
    );
    expect(error.code).toBe("invalid");
    expect(error.fields).toEqual({
      motifId: "Ce motif n'existe pas dans votre organisation.",
      lieuId: "Ce lieu n'existe pas dans votre organisation.",
      agentIds: "Un des agents choisis ne fait pas partie de l'organisation.",
      userIds: "Un des usagers choisis n'est pas un usager de l'organisation.",
    });
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);
  });

  it("refuses a disabled motif or lieu for a new RDV", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    await db.motif.update({ where: { id: team.organisation.motif.id }, data: { disabledAt: new Date() } });
    await db.lieu.update({ where: { id: team.organisation.lieu.id }, data: { disabledAt: new Date() } });
    const error = await refusal(bookRdv(team));
    expect(error.fields).toEqual({ motifId: "Ce motif est désactivé.", lieuId: "Ce lieu est désactivé." });
  });

  it("lets an agent book an RDV for colleagues only, without itself", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const change = await bookRdv(team, { agentIds: [team.agent2.id] }, team.agent1.id);
    expect(change.after.agentIds).toEqual([team.agent2.id]);
  });

  it("creates a usager typed in the form in the same transaction, and refuses an email already used", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const raw = (email: string) => ({
      organisationId: team.organisation.id,
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      date: "2027-04-02",
      time: "14:00",
      agentIds: [team.agent1.id],
      newUserFirstName: "Karim",
      newUserLastName: "Benali",
      newUserEmail: email,
      newUserPhone: "06 12 34 56 78",
    });
    const change = await bookRdvFromForm(team, raw("Karim.Benali@Example.org"));
    const created = await db.user.findFirstOrThrow({
      where: { organisationId: team.organisation.id, lastName: "Benali" },
    });
    expect(created).toMatchObject({ email: "karim.benali@example.org", phone: "0612345678" });
    expect(change.after.userIds).toEqual([created.id]);
    expect(await db.historyEntry.count({ where: { recordType: "user", recordId: created.id } })).toBe(1);

    const before = await rowCounts(db, team.organisation.id);
    const error = await refusal(bookRdvFromForm(team, raw("KARIM.benali@example.org")));
    expect(error.code).toBe("conflict");
    expect(error).toBeInstanceOf(DuplicateUserError);
    expect(error.fields?.newUserEmail).toContain("Karim Benali est déjà enregistré(e)");
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);
  });
});

describe("updating an RDV", () => {
  it("moves it: the sequence grows, the change has before and after, the history says from when to when", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const created = await bookRdv(team);
    const change = await update(team, created.after.id, { startsAt: "2027-03-30T10:30:00+02:00" });
    expect(change.action).toBe("updated");
    expect(change.before?.startsAt.toISOString()).toBe("2027-03-29T07:00:00.000Z");
    expect(change.after?.startsAt.toISOString()).toBe("2027-03-30T08:30:00.000Z");
    expect(change.after?.sequence).toBe(1);
    const history = await historyOf(created.after.id);
    expect(history.map((h) => h.summary)).toContain(
      "RDV déplacé du lundi 29 mars 2027 à 09:00 au mardi 30 mars 2027 à 10:30",
    );
    expect(history.at(-1)?.authorAgentId).toBe(team.secretary.id);
  });

  it("bumps the sequence for duration, lieu, motif and agents, but not for notes or usagers", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const other = await createUser(db, team.organisation.id, { firstName: "Lucie", lastName: "Moreau" });
    const secondLieu = await db.lieu.create({
      data: { organisationId: team.organisation.id, name: "Antenne Nord", address: "4 place du Marché" },
    });
    const [firstMotif, secondMotif] = team.organisation.motifs;
    if (!firstMotif || !secondMotif) throw new Error("two motifs expected");
    const { after } = await bookRdv(team);
    const id = after.id;
    const sequenceAfter = async (raw: Record<string, unknown>) => (await update(team, id, raw)).after?.sequence;
    expect(await sequenceAfter({ notes: "Nouvelle note" })).toBe(0);
    expect(await sequenceAfter({ userIds: [team.usager.id, other.id] })).toBe(0);
    expect(await sequenceAfter({ durationInMin: 45 })).toBe(1);
    expect(await sequenceAfter({ lieuId: secondLieu.id })).toBe(2);
    expect(await sequenceAfter({ motifId: secondMotif.id, durationInMin: 45 })).toBe(3);
    expect(await sequenceAfter({ agentIds: [team.agent1.id, team.agent2.id] })).toBe(4);
    const summaries = (await historyOf(id)).map((h) => h.summary);
    expect(summaries).toEqual([
      expect.stringMatching(/^RDV créé/),
      "Notes modifiées",
      "Usagers ajoutés : Lucie Moreau",
      "Durée : 30 min → 45 min",
      "Lieu : Lieu principal → Antenne Nord",
      `Motif : ${firstMotif.name} → ${secondMotif.name}`,
      `Agents ajoutés : Chloé ${team.agent2.lastName}`,
    ]);
  });

  it("gives a new motif's duration when the duration is not given, and keeps the current one otherwise", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const phone = team.organisation.motifs.find((m) => m.locationType === "phone");
    if (!phone) throw new Error("no phone motif");
    const { after } = await bookRdv(team, { durationInMin: 40 });
    expect((await update(team, after.id, { notes: "x" })).after?.durationInMin).toBe(40);
    expect((await update(team, after.id, { motifId: phone.id })).after?.durationInMin).toBe(20);
  });

  it("writes nothing when nothing changes", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const { after } = await bookRdv(team);
    const before = await rowCounts(db, team.organisation.id);
    const result = await updateResult(team, after.id, { startsAt: "2027-03-29T07:00:00Z", notes: after.notes });
    expect(result.change).toBeNull();
    expect(result.record).toEqual(after);
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);
  });

  it("refuses bad changes with a message per field and leaves the RDV as it was", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const other = await createOrganisation(db);
    const { after } = await bookRdv(team);
    const before = await rowCounts(db, team.organisation.id);
    for (const [raw, field] of [
      [{ durationInMin: 0 }, "durationInMin"],
      [{ durationInMin: 10000 }, "durationInMin"],
      [{ startsAt: "2027-03-29T09:00:00" }, "startsAt"],
      [{ agentIds: [] }, "agentIds"],
      [{ lieuId: other.lieu.id }, "lieuId"],
      [{ organisationId: other.id }, "organisationId"],
      [{ notes: "x".repeat(5001) }, "notes"],
      [{ status: "seen" }, "_"],
    ] as const) {
      const error = await refusal(update(team, after.id, raw));
      expect(error.code, JSON.stringify(raw)).toBe("invalid");
      expect(Object.keys(error.fields ?? {}), JSON.stringify(raw)).toContain(field);
    }
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);
  });

  it("keeps a motif that was disabled after the RDV was booked", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const { after } = await bookRdv(team);
    await db.motif.update({ where: { id: after.motifId }, data: { disabledAt: new Date() } });
    const change = await update(team, after.id, { durationInMin: 50 });
    expect(change.after?.durationInMin).toBe(50);
  });
});

describe("changing the status of an RDV", () => {
  it("bumps the sequence only when the RDV enters or leaves the cancelled statuses", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const { after } = await bookRdv(team);
    const sequences: number[] = [];
    for (const status of ["seen", "noshow", "excused", "revoked", "unknown", "revoked"]) {
      const change = await setStatus(team, after.id, status);
      expect(change.after?.status).toBe(status);
      sequences.push(change.after?.sequence ?? -1);
    }
    expect(sequences).toEqual([0, 0, 1, 1, 2, 3]);
    const summaries = (await historyOf(after.id)).map((h) => h.summary).slice(1);
    expect(summaries).toEqual([
      "Statut : honoré",
      "Statut : absence non excusée",
      "Statut : annulé (à la demande de l'usager)",
      "Statut : annulé (par le service)",
      "Statut : à venir",
      "Statut : annulé (par le service)",
    ]);
  });

  it("writes nothing when the status is already the one asked for, and refuses an unknown status", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const { after } = await bookRdv(team);
    const before = await rowCounts(db, team.organisation.id);
    expect((await statusResult(team, after.id, "unknown")).change).toBeNull();
    const error = await refusal(statusResult(team, after.id, "cancelled"));
    expect(error.fields?.status).toContain("Choisissez un statut");
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);
  });
});

describe("deleting an RDV", () => {
  it("removes the RDV and its links, keeps its history, and returns the RDV as it was", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const { after } = await bookRdv(team);
    const change = await deleteRdv(domainContext(), {
      actor: await actorOf(db, team.admin.id),
      author: agentAuthor(team.admin.id),
      rdvId: after.id,
    });
    expect(change.action).toBe("deleted");
    expect(change.after).toBeNull();
    expect(change.before).toEqual(after);
    expect(await db.rdv.count({ where: { id: after.id } })).toBe(0);
    expect(await db.rdvAgent.count({ where: { rdvId: after.id } })).toBe(0);
    const history = await historyOf(after.id);
    expect(history.at(-1)).toMatchObject({
      action: "deleted",
      authorAgentId: team.admin.id,
      summary: "RDV supprimé (il était prévu le lundi 29 mars 2027 à 09:00)",
    });
  });

  it("answers 404 for an id of another organisation or a forged one", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const otherTeam = await createRdvTeam(db);
    const { after } = await bookRdv(otherTeam);
    for (const rdvId of [after.id, "pas-un-id", "00000000-0000-4000-8000-000000000000"]) {
      const error = await refusal(
        deleteRdv(domainContext(), {
          actor: await actorOf(db, team.admin.id),
          author: agentAuthor(team.admin.id),
          rdvId,
        }),
      );
      expect(error.code).toBe("not_found");
    }
    expect(await db.rdv.count({ where: { id: after.id } })).toBe(1);
  });
});

describe("the sequence of an RDV", () => {
  it("only grows, whatever the succession of changes", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const { after } = await bookRdv(team);
    let last = after.sequence;
    const steps: (() => Promise<{ after: { sequence: number } | null }>)[] = [
      () => update(team, after.id, { startsAt: "2027-04-01T09:00:00+02:00" }),
      () => setStatus(team, after.id, "excused"),
      () => update(team, after.id, { notes: "annulé par téléphone" }),
      () => setStatus(team, after.id, "unknown"),
      () => update(team, after.id, { startsAt: "2027-03-29T09:00:00+02:00" }),
      () => setStatus(team, after.id, "seen"),
    ];
    for (const step of steps) {
      const sequence = (await step()).after?.sequence ?? -1;
      expect(sequence).toBeGreaterThanOrEqual(last);
      last = sequence;
    }
    expect(last).toBe(4);
    const stored = await db.rdv.findUniqueOrThrow({ where: { id: after.id } });
    expect(stored.sequence).toBe(4);
    expect(stored.uid).toBe(after.uid);
  });
});

describe("concurrent changes of one RDV", () => {
  it("are applied one after the other: each sees the previous one, and the sequence counts them all", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const { after } = await bookRdv(team);
    const starts = ["2027-04-01T09:00:00+02:00", "2027-04-02T09:00:00+02:00", "2027-04-03T09:00:00+02:00"];
    const changes = await Promise.all(starts.map((startsAt) => update(team, after.id, { startsAt })));
    expect(changes.map((c) => c.after?.sequence).sort()).toEqual([1, 2, 3]);
    const ordered = [...changes].sort((a, b) => (a.after?.sequence ?? 0) - (b.after?.sequence ?? 0));
    for (let i = 1; i < ordered.length; i++) {
      expect(ordered[i]?.before?.startsAt).toEqual(ordered[i - 1]?.after?.startsAt);
    }
    expect((await db.rdv.findUniqueOrThrow({ where: { id: after.id } })).sequence).toBe(3);
    expect(await db.historyEntry.count({ where: { recordId: after.id, action: "updated" } })).toBe(3);
  });
});

describe("two agents creating the same usager at the same moment", () => {
  it("end with one usager and one RDV: the other booking is refused with a conflict", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const book = async (agentId: string) =>
      bookRdvFromForm(
        team,
        {
          organisationId: team.organisation.id,
          motifId: team.organisation.motif.id,
          lieuId: team.organisation.lieu.id,
          date: "2027-04-02",
          time: "14:00",
          agentIds: [agentId],
          newUserFirstName: "Nina",
          newUserLastName: "Simon",
          newUserEmail: "nina.simon@example.org",
        },
        agentId,
      );
    const results = await Promise.allSettled([book(team.agent1.id), book(team.agent2.id)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason instanceof AppError && rejected.reason.code).toBe(
      "conflict",
    );
    expect(await db.user.count({ where: { organisationId: team.organisation.id, lastName: "Simon" } })).toBe(1);
    expect(await db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(1);
  });
});

describe("the API body of a new RDV", () => {
  it("is refused field by field when malformed, and nothing is written", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const before = await rowCounts(db, team.organisation.id);
    const actor = await actorOf(db, team.secretary.id);
    const cases: [Record<string, unknown>, string][] = [
      [{ motifId: undefined }, "motifId"],
      [{ motifId: 12 }, "motifId"],
      [{ startsAt: "2027-03-29T09:00:00" }, "startsAt"],
      [{ startsAt: "2027-03-29T09:00:00+25:00" }, "startsAt"],
      [{ startsAt: "2027-02-30T09:00:00+01:00" }, "startsAt"],
      [{ startsAt: "demain" }, "startsAt"],
      [{ durationInMin: 0 }, "durationInMin"],
      [{ durationInMin: 10000 }, "durationInMin"],
      [{ durationInMin: "30" }, "durationInMin"],
      [{ durationInMin: 12.5 }, "durationInMin"],
      [{ agentIds: [] }, "agentIds"],
      [{ agentIds: "x" }, "agentIds"],
      [{ userIds: [] }, "userIds"],
      [{ notes: "x".repeat(100_000) }, "notes"],
      [{ extra: true }, "_"],
    ];
    for (const [overrides, field] of cases) {
      const error = await refusal(
        (async () =>
          createRdv(domainContext(), {
            actor,
            author: agentAuthor(actor.agentId),
            rdv: parseNewRdvBody(apiBody(team, overrides)),
          }))(),
      );
      expect(error.code, JSON.stringify(overrides).slice(0, 80)).toBe("invalid");
      expect(Object.keys(error.fields ?? {}), JSON.stringify(overrides).slice(0, 80)).toContain(field);
    }
    expect(await rowCounts(db, team.organisation.id)).toEqual(before);
  });

  it("names the organisation field when the actor does not belong to that organisation", async () => {
    const db = testDb();
    const team = await createRdvTeam(db);
    const other = await createRdvTeam(db);
    const error = await refusal(bookRdv(team, { organisationId: other.organisation.id }));
    expect(error.fields).toEqual({ organisationId: "Vous n'appartenez pas à cette organisation." });
    expect(await db.rdv.count({ where: { organisationId: other.organisation.id } })).toBe(0);
  });
});
