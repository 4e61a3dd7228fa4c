import { describe, expect, it } from "vitest";
import type { Author } from "../../../src/domain/author.ts";
import type {
  AbsenceSnapshot,
  ChangeCause,
  DomainChange,
  PlageSnapshot,
  RdvChange,
  RdvSnapshot,
} from "../../../src/domain/changes.ts";
import { type ChangeNames, historyDataOf } from "../../../src/domain/history/change-history.ts";
import { type HistoryData, historyDataSchema, readHistoryData } from "../../../src/domain/history/history-data.ts";
import { historySentence } from "../../../src/web/presenters/history.ts";

const PARIS = "Europe/Paris";
const author: Author = { kind: "agent", agentId: "a1" };
const at = new Date("2027-03-01T10:00:00Z");
const names: ChangeNames = {
  motifs: new Map([
    ["m1", "Premier accueil"],
    ["m2", "Suivi"],
  ]),
  lieux: new Map([
    ["l1", "Lieu principal"],
    ["l2", "Annexe"],
  ]),
  agents: new Map([
    ["a1", "Bruno Martin"],
    ["a2", "Chloé Petit"],
    ["a3", "Denis Roux"],
  ]),
  users: new Map([
    ["u1", "Jeanne Lefèvre"],
    ["u2", "Paul Girard"],
  ]),
};

const rdv: RdvSnapshot = {
  id: "r1",
  organisationId: "o1",
  uid: "rdv-r1",
  sequence: 0,
  motifId: "m1",
  lieuId: "l1",
  // lundi 29 mars 2027 à 09:00 in Paris, the day after the change to summer time.
  startsAt: new Date("2027-03-29T07:00:00Z"),
  durationInMin: 30,
  status: "unknown",
  notes: null,
  agentIds: ["a1"],
  userIds: ["u1"],
};

/** The sentence of a change, through the stored form: built, checked by the schema, read back from JSON. */
function sentence(change: DomainChange, when: Date = at): string {
  const stored: unknown = JSON.parse(JSON.stringify(historyDataOf(change, names)));
  return historySentence(historyDataSchema.parse(stored), { timezone: PARIS, at: when });
}

const rdvUpdate = (
  after: Partial<RdvSnapshot>,
  extra: { before?: RdvSnapshot; cause?: ChangeCause } = {},
): RdvChange => ({
  kind: "rdv",
  action: "updated",
  author,
  at,
  before: extra.before ?? rdv,
  after: { ...rdv, ...after },
  ...(extra.cause && { cause: extra.cause }),
});

describe("RDV history", () => {
  it("says when, how long, where, what, with whom and for whom an RDV was created", () => {
    expect(sentence({ kind: "rdv", action: "created", author, at, before: null, after: rdv })).toBe(
      "RDV créé pour le lundi 29 mars 2027 à 09:00 (30 min) à Lieu principal : Premier accueil, avec Bruno Martin, pour Jeanne Lefèvre",
    );
  });

  it("says where an RDV was moved from and to, in the organisation's zone across a daylight-saving change", () => {
    const change = rdvUpdate({ startsAt: new Date("2027-03-26T09:30:00Z") });
    expect(sentence(change)).toBe("RDV déplacé du lundi 29 mars 2027 à 09:00 au vendredi 26 mars 2027 à 10:30");
  });

  it("lists every field that changed, with the names as they were", () => {
    const change = rdvUpdate({
      durationInMin: 45,
      motifId: "m2",
      lieuId: null,
      agentIds: ["a2"],
      userIds: ["u1", "u2"],
      notes: "Apporter le livret",
    });
    expect(sentence(change)).toBe(
      "Durée : 30 min → 45 min ; Motif : Premier accueil → Suivi ; Lieu : Lieu principal → aucun ; " +
        "Agents ajoutés : Chloé Petit ; Agents retirés : Bruno Martin ; Usagers ajoutés : Paul Girard ; Notes modifiées",
    );
    expect(sentence(rdvUpdate({ notes: null }, { before: { ...rdv, notes: "x" } }))).toBe("Notes effacées");
    expect(sentence(rdvUpdate({ userIds: [] }))).toBe("Usagers retirés : Jeanne Lefèvre");
  });

  it.each<[RdvSnapshot["status"], string]>([
    ["seen", "Statut : honoré"],
    ["noshow", "Statut : absence non excusée"],
    ["excused", "Statut : annulé (à la demande de l'usager)"],
    ["revoked", "Statut : annulé (par le service)"],
  ])("says the new status %s", (status, expected) => {
    expect(sentence(rdvUpdate({ status }))).toBe(expected);
  });

  it("says « à venir » for a status reset before the RDV, « à renseigner » after it started", () => {
    const reset = rdvUpdate({ status: "unknown" }, { before: { ...rdv, status: "seen" } });
    expect(sentence(reset, new Date("2027-03-28T10:00:00Z"))).toBe("Statut : à venir");
    expect(sentence(reset, new Date("2027-03-29T08:00:00Z"))).toBe("Statut : à renseigner");
  });

  it("says an RDV was saved unchanged", () => {
    expect(sentence(rdvUpdate({}))).toBe("RDV enregistré sans modification");
  });

  it("says when a deleted RDV was planned", () => {
    expect(sentence({ kind: "rdv", action: "deleted", author, at, before: rdv, after: null })).toBe(
      "RDV supprimé (il était prévu le lundi 29 mars 2027 à 09:00)",
    );
  });

  it("says what an agent's removal did to each of its RDVs", () => {
    const cause: { cause: ChangeCause } = { cause: { type: "agent_removed", agentId: "a1" } };
    expect(sentence(rdvUpdate({ status: "revoked" }, cause))).toBe(
      "RDV annulé par le service (Bruno Martin retiré de l'organisation).",
    );
    expect(sentence(rdvUpdate({ agentIds: ["a2"] }, cause))).toBe(
      "RDV réassigné à Chloé Petit (Bruno Martin retiré de l'organisation).",
    );
    const shared = { ...rdv, agentIds: ["a1", "a2", "a3"] };
    expect(sentence(rdvUpdate({ agentIds: ["a2", "a3"] }, { ...cause, before: shared }))).toBe(
      "RDV gardé par Chloé Petit, Denis Roux (Bruno Martin retiré de l'organisation).",
    );
  });
});

const plage: PlageSnapshot = {
  id: "p1",
  organisationId: "o1",
  agentId: "a1",
  uid: "plage-p1",
  sequence: 0,
  title: "Permanence école",
  lieuId: "l1",
  motifIds: ["m1"],
  firstDay: new Date("2027-01-04T00:00:00Z"),
  startTime: "09:00",
  endTime: "12:00",
  recurrenceFrequency: "week",
  recurrenceInterval: 2,
  recurrenceWeekdays: ["mo", "th"],
  recurrenceUntil: new Date("2027-06-30T00:00:00Z"),
};

describe("plage d'ouverture history", () => {
  const series =
    "Toutes les 2 semaines, les lundis et jeudis de 09:00 à 12:00, à partir du 4 janvier 2027, jusqu'au 30 juin 2027";

  it("says what was created, changed and deleted, with its days", () => {
    const base = { kind: "plage_ouverture" as const, author, at };
    expect(sentence({ ...base, action: "created", before: null, after: plage })).toBe(
      `Plage d'ouverture « Permanence école » créée : ${series}.`,
    );
    const after = { ...plage, title: "Permanence", motifIds: ["m1", "m2"], startTime: "08:30" };
    expect(sentence({ ...base, action: "updated", before: plage, after })).toBe(
      `Plage d'ouverture « Permanence » modifiée (titre, motifs, horaires) : ${series.replace("09:00", "08:30")}.`,
    );
    expect(sentence({ ...base, action: "deleted", before: plage, after: null })).toBe(
      `Plage d'ouverture « Permanence école » supprimée (${series}).`,
    );
    const removal = { cause: { type: "agent_removed" as const, agentId: "a1" } };
    expect(sentence({ ...base, action: "deleted", before: plage, after: null, ...removal })).toBe(
      `Plage d'ouverture « Permanence école » supprimée (${series}) : Bruno Martin retiré de l'organisation.`,
    );
  });
});

describe("absence history", () => {
  const absence: AbsenceSnapshot = {
    id: "ab1",
    organisationId: "o1",
    agentId: "a1",
    uid: "absence-ab1",
    sequence: 0,
    title: "Congés",
    firstDay: new Date("2027-02-08T00:00:00Z"),
    startTime: "08:00",
    endDay: new Date("2027-02-12T00:00:00Z"),
    endTime: "18:00",
    recurrenceFrequency: null,
    recurrenceInterval: 1,
    recurrenceWeekdays: [],
    recurrenceUntil: null,
  };

  it("says what was created, changed and deleted, with its days", () => {
    const base = { kind: "absence" as const, author, at };
    expect(sentence({ ...base, action: "created", before: null, after: absence })).toBe(
      "Absence « Congés » créée : Du 8 février 2027 à 08:00 au 12 février 2027 à 18:00.",
    );
    const after = { ...absence, endDay: new Date("2027-02-13T00:00:00Z"), endTime: "12:00" };
    expect(sentence({ ...base, action: "updated", before: absence, after })).toBe(
      "Absence « Congés » modifiée (fin) : Du 8 février 2027 à 08:00 au 13 février 2027 à 12:00.",
    );
    expect(sentence({ ...base, action: "deleted", before: absence, after: null })).toBe(
      "Absence « Congés » supprimée (Du 8 février 2027 à 08:00 au 12 février 2027 à 18:00).",
    );
  });
});

describe("history of the organisation's records", () => {
  const reading = { timezone: PARIS, at };
  it.each<[HistoryData, string]>([
    [
      { type: "agent", action: "role_changed", agent: "Bruno Martin", role: { from: "agent", to: "secretary" } },
      "Rôle de Bruno Martin changé : Agent → Secrétariat",
    ],
    [
      { type: "agent", action: "invited", agent: "Élodie Durand", email: "elodie@example.fr", role: "agent" },
      "Agent invité : Élodie Durand (elodie@example.fr), rôle « Agent »",
    ],
    [
      { type: "agent", action: "added", agent: "Élodie Durand", email: "elodie@example.fr", role: "admin" },
      "Agent ajouté : Élodie Durand (elodie@example.fr), rôle « Administrateur »",
    ],
    [{ type: "agent", action: "invitation_accepted", agent: "Élodie Durand" }, "Invitation acceptée : Élodie Durand"],
    [
      { type: "agent", action: "removed", agent: "Bruno Martin", reassigned: 2, cancelled: 1, plagesDeleted: 3 },
      "Bruno Martin retiré de l'organisation (2 RDV réassigné(s), 1 RDV annulé(s), 3 plage(s) d'ouverture supprimée(s)).",
    ],
    [{ type: "lieu", action: "created", lieu: { name: "Annexe", address: "1 rue A" } }, "Lieu créé : Annexe (1 rue A)"],
    [
      {
        type: "lieu",
        action: "updated",
        lieu: { from: { name: "Annexe", address: "1 rue A" }, to: { name: "Annexe B", address: "2 rue B" } },
      },
      "Lieu modifié : Annexe (1 rue A) → Annexe B (2 rue B)",
    ],
    [
      { type: "lieu", action: "deleted", lieu: { name: "Annexe", address: "1 rue A" } },
      "Lieu supprimé : Annexe (1 rue A)",
    ],
    [{ type: "lieu", action: "disabled", lieu: { name: "Annexe", address: "1 rue A" } }, "Lieu désactivé : Annexe"],
    [{ type: "lieu", action: "enabled", lieu: { name: "Annexe", address: "1 rue A" } }, "Lieu réactivé : Annexe"],
    [
      { type: "motif", action: "created", motif: { name: "Suivi", defaultDurationInMin: 45 } },
      "Motif créé : Suivi (45 min)",
    ],
    [
      { type: "motif", action: "updated", motif: { name: "Suivi" }, changed: ["nom", "durée"] },
      "Motif modifié : Suivi (nom, durée)",
    ],
    [{ type: "motif", action: "updated", motif: { name: "Suivi" }, changed: [] }, "Motif modifié : Suivi"],
    [{ type: "motif", action: "disabled", motif: { name: "Suivi" } }, "Motif désactivé : Suivi"],
    [{ type: "motif", action: "enabled", motif: { name: "Suivi" } }, "Motif réactivé : Suivi"],
    [{ type: "user", action: "created", user: "Jeanne Lefèvre" }, "Usager créé : Jeanne Lefèvre"],
    [{ type: "user", action: "updated", user: "Jeanne Lefèvre" }, "Usager modifié : Jeanne Lefèvre"],
    [
      { type: "organisation", action: "updated", changed: ["nom", "fuseau horaire"] },
      "Paramètres de l'organisation modifiés : nom, fuseau horaire",
    ],
    [
      { type: "legacy", summary: "RDV créé pour le lundi 29 mars 2027 à 09:00" },
      "RDV créé pour le lundi 29 mars 2027 à 09:00",
    ],
  ])("%j reads « %s »", (data, expected) => {
    expect(historySentence(historyDataSchema.parse(data), reading)).toBe(expected);
  });

  it("refuses facts that do not match their record type's schema, and reads such a stored row as unreadable", () => {
    const wrong = { type: "rdv", action: "created", rdv: { startsAt: "demain" } };
    expect(historyDataSchema.safeParse(wrong).success).toBe(false);
    expect(historySentence(readHistoryData(wrong), { timezone: PARIS, at })).toBe(
      "Modification enregistrée (détails illisibles).",
    );
  });
});
