import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/domain/errors.ts";
import { createLieu } from "../../../src/domain/lieux/create-lieu.ts";
import { deleteLieu, LIEU_IN_USE_MESSAGE } from "../../../src/domain/lieux/delete-lieu.ts";
import { setLieuDisabled } from "../../../src/domain/lieux/disable-lieu.ts";
import { listLieux } from "../../../src/domain/lieux/lieu.queries.ts";
import { lieuPatchSchema } from "../../../src/domain/lieux/lieu.schemas.ts";
import { updateLieu } from "../../../src/domain/lieux/update-lieu.ts";
import { createMotif } from "../../../src/domain/motifs/create-motif.ts";
import { setMotifDisabled } from "../../../src/domain/motifs/disable-motif.ts";
import { motifPatchSchema, motifSchema } from "../../../src/domain/motifs/motif.schemas.ts";
import { updateMotif } from "../../../src/domain/motifs/update-motif.ts";
import { organisationSettingsPatchSchema } from "../../../src/domain/organisations/organisation.schemas.ts";
import { updateOrganisationSettings } from "../../../src/domain/organisations/update-organisation-settings.ts";
import { parseInput } from "../../../src/domain/validation.ts";
import { parseLieuForm } from "../../../src/web/forms/lieu-form.ts";
import { parseMotifForm } from "../../../src/web/forms/motif-form.ts";
import { parseOrganisationForm } from "../../../src/web/forms/organisation-form.ts";
import { testDb } from "../../support/db.ts";
import { createTeam } from "../../support/factories.ts";
import { withSummary } from "../../support/history.ts";
import { actorIn, domainContext, inDays, insertPlage, insertRdv } from "./support.ts";

async function adminScope() {
  const team = await createTeam(testDb());
  return {
    team,
    scope: { actor: actorIn(team.admin, team.organisation.id, "admin"), organisationId: team.organisation.id },
  };
}

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      return error;
    },
  );

describe("lieux", () => {
  it("creates, edits and writes each change to the history with its author", async () => {
    const db = testDb();
    const { team, scope } = await adminScope();
    const lieu = await createLieu(domainContext(db), {
      ...scope,
      lieu: parseLieuForm({ name: " Antenne Sud ", address: "3 rue Basse" }),
    });
    expect(lieu).toMatchObject({ name: "Antenne Sud", address: "3 rue Basse", disabledAt: null });
    const patched = await updateLieu(domainContext(db), {
      ...scope,
      lieuId: lieu.id,
      patch: parseInput(lieuPatchSchema, { address: "5 rue Haute" }),
    });
    expect(patched.record).toMatchObject({ name: "Antenne Sud", address: "5 rue Haute" });
    const history = await db.historyEntry.findMany({
      where: { recordType: "lieu", recordId: lieu.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, authorAgentId: true },
    });
    expect(history).toEqual([
      { action: "created", authorAgentId: team.admin.id },
      { action: "updated", authorAgentId: team.admin.id },
    ]);
  });

  it("never deletes a lieu used by RDVs: it can only be disabled, and stays on its RDVs", async () => {
    const db = testDb();
    const { team, scope } = await adminScope();
    const { organisation, agent1 } = team;
    const rdv = await insertRdv(db, {
      organisationId: organisation.id,
      motifId: organisation.motif.id,
      lieuId: organisation.lieu.id,
      startsAt: inDays(-10),
      agentIds: [agent1.id],
    });
    const refused = await refusalOf(deleteLieu(domainContext(db), { ...scope, lieuId: organisation.lieu.id }));
    expect(refused.code).toBe("conflict");
    expect(refused.message).toBe(LIEU_IN_USE_MESSAGE);

    const disabled = await setLieuDisabled(domainContext(db), {
      ...scope,
      lieuId: organisation.lieu.id,
      disabled: true,
    });
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    expect((await db.rdv.findUniqueOrThrow({ where: { id: rdv.id } })).lieuId).toBe(organisation.lieu.id);
    const listed = await listLieux(db, scope);
    expect(listed.find((l) => l.id === organisation.lieu.id)?.disabledAt).not.toBeNull();

    const enabled = await setLieuDisabled(domainContext(db), {
      ...scope,
      lieuId: organisation.lieu.id,
      disabled: false,
    });
    expect(enabled.disabledAt).toBeNull();
  });

  it("refuses to delete a lieu used by a plage too, but deletes an unused one", async () => {
    const db = testDb();
    const { team, scope } = await adminScope();
    const used = await createLieu(domainContext(db), {
      ...scope,
      lieu: parseLieuForm({ name: "Avec plage", address: "1 rue" }),
    });
    await insertPlage(db, {
      organisationId: team.organisation.id,
      agentId: team.agent1.id,
      lieuId: used.id,
      motifId: team.organisation.motif.id,
    });
    expect((await refusalOf(deleteLieu(domainContext(db), { ...scope, lieuId: used.id }))).code).toBe("conflict");
    const typo = await createLieu(domainContext(db), {
      ...scope,
      lieu: parseLieuForm({ name: "Faute de frappe", address: "2 rue" }),
    });
    await deleteLieu(domainContext(db), { ...scope, lieuId: typo.id });
    expect(await db.lieu.count({ where: { id: typo.id } })).toBe(0);
  });

  it("finds nothing with another organisation's lieu id", async () => {
    const db = testDb();
    const { scope } = await adminScope();
    const other = await createTeam(db);
    const refused = await refusalOf(
      updateLieu(domainContext(db), {
        ...scope,
        lieuId: other.organisation.lieu.id,
        patch: parseLieuForm({ name: "Volé", address: "x" }),
      }),
    );
    expect(refused.code).toBe("not_found");
    expect((await db.lieu.findUniqueOrThrow({ where: { id: other.organisation.lieu.id } })).name).toBe(
      "Lieu principal",
    );
  });
});

describe("motifs", () => {
  it("creates a motif with its colour and online booking flag, then edits and disables it", async () => {
    const db = testDb();
    const { scope } = await adminScope();
    const motif = await createMotif(domainContext(db), {
      ...scope,
      motif: parseMotifForm({
        name: "Dossier RSA",
        defaultDurationInMin: "45",
        locationType: "home",
        color: "#AA00CC",
        bookableOnline: "on",
      }),
    });
    expect(motif).toMatchObject({
      defaultDurationInMin: 45,
      locationType: "home",
      color: "#aa00cc",
      bookableOnline: true,
    });
    // A form posts every field; an unticked box is absent.
    const edited = await updateMotif(domainContext(db), {
      ...scope,
      motifId: motif.id,
      patch: parseMotifForm({
        name: "Dossier RSA",
        defaultDurationInMin: "60",
        locationType: "home",
        color: "#aa00cc",
      }),
    });
    expect(edited.record).toMatchObject({ defaultDurationInMin: 60, bookableOnline: false });
    // The API patches one field.
    const patched = await updateMotif(domainContext(db), {
      ...scope,
      motifId: motif.id,
      patch: parseInput(motifPatchSchema, { bookableOnline: true }),
    });
    expect(patched.record).toMatchObject({ defaultDurationInMin: 60, bookableOnline: true });
    const disabled = await setMotifDisabled(domainContext(db), { ...scope, motifId: motif.id, disabled: true });
    expect(disabled.disabledAt).not.toBeNull();
    const actions = await db.historyEntry.findMany({
      where: { recordType: "motif", recordId: motif.id },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(["created", "updated", "updated", "disabled"]);
  });

  it("explains wrong values in French, per field", async () => {
    const { scope } = await adminScope();
    const refused = await refusalOf(
      (async () =>
        createMotif(domainContext(testDb()), {
          ...scope,
          motif: parseInput(motifSchema, {
            name: "",
            defaultDurationInMin: 2,
            locationType: "visio",
            color: "bleu",
            bookableOnline: "peut-être",
          }),
        }))(),
    );
    expect(refused.fields).toEqual({
      name: "Saisissez le nom du motif.",
      defaultDurationInMin: "La durée doit être un nombre entier de minutes, entre 5 et 480.",
      locationType: "Choisissez : sur place, par téléphone ou à domicile.",
      color: "La couleur doit être au format #RRGGBB, par exemple #3a6ea5.",
      bookableOnline: "Indiquez oui ou non.",
    });
  });
});

describe("organisation settings", () => {
  it("saves the name, an overseas time zone, the booking delays and the sender name", async () => {
    const db = testDb();
    const { team, scope } = await adminScope();
    const saved = await updateOrganisationSettings(domainContext(db), {
      ...scope,
      patch: parseOrganisationForm({
        name: "MDS de Basse-Terre",
        timezone: "America/Guadeloupe",
        bookingMinDelayHours: "24",
        bookingMaxDelayDays: "30",
        emailSenderName: "MDS Basse-Terre",
      }),
    });
    expect(saved.record).toMatchObject({
      name: "MDS de Basse-Terre",
      timezone: "America/Guadeloupe",
      bookingMinDelayMinutes: 24 * 60,
      bookingMaxDelayMinutes: 30 * 24 * 60,
      emailSenderName: "MDS Basse-Terre",
    });
    const history = await db.historyEntry.findFirstOrThrow({
      where: { recordType: "organisation", recordId: team.organisation.id },
      select: { data: true, createdAt: true, authorAgentId: true },
    });
    expect(history.authorAgentId).toBe(team.admin.id);
    expect(withSummary(history).summary).toContain("fuseau horaire");
  });

  it("has the documented defaults: 2 hours and 6 weeks", async () => {
    const { team } = await adminScope();
    const organisation = await testDb().organisation.findUniqueOrThrow({ where: { id: team.organisation.id } });
    expect(organisation.bookingMinDelayMinutes).toBe(120);
    expect(organisation.bookingMaxDelayMinutes).toBe(6 * 7 * 24 * 60);
  });

  it("refuses an unknown time zone and a maximum delay shorter than the minimum", async () => {
    const { scope } = await adminScope();
    const refused = await refusalOf(
      (async () =>
        updateOrganisationSettings(domainContext(testDb()), {
          ...scope,
          patch: parseInput(organisationSettingsPatchSchema, {
            timezone: "Europe/Atlantide",
            bookingMinDelayMinutes: 600,
            bookingMaxDelayMinutes: 300,
          }),
        }))(),
    );
    expect(refused.fields).toEqual({
      timezone: "Choisissez un fuseau horaire de la liste.",
      bookingMaxDelayMinutes: "Le délai maximum doit être plus long que le délai minimum.",
    });
    const order = await refusalOf(
      updateOrganisationSettings(domainContext(testDb()), {
        ...scope,
        patch: parseInput(organisationSettingsPatchSchema, { bookingMaxDelayMinutes: 60 }),
      }),
    );
    // The delay not sent keeps its value (2 hours), which the new maximum must exceed.
    expect(order.fields).toEqual({
      bookingMaxDelayMinutes: "Le délai maximum doit être plus long que le délai minimum.",
    });
  });

  it("is for admins only", async () => {
    const { team } = await adminScope();
    const refused = await refusalOf(
      updateOrganisationSettings(domainContext(testDb()), {
        actor: actorIn(team.agent1, team.organisation.id, "agent"),
        organisationId: team.organisation.id,
        patch: { name: "Pirate" },
      }),
    );
    expect(refused.code).toBe("forbidden");
  });
});
