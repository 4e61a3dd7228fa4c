import { describe, expect, it } from "vitest";
import type { AgendaRdv } from "../../../src/domain/agenda/list-agenda-events.ts";
import { agendaListDays } from "../../../src/web/presenters/agenda-events.ts";
import { currentStatusLabel, statusChangedMessage, statusChoices } from "../../../src/web/presenters/rdvs.ts";

// lundi 29 mars 2027 à 09:00 in Paris.
const startsAt = new Date("2027-03-29T07:00:00Z");
const before = new Date("2027-03-29T06:00:00Z");
const after = new Date("2027-03-29T08:00:00Z");

describe("the RDV status as pages show it", () => {
  it("reads « À venir » until the RDV starts and « À renseigner » after, on its page, the list and the usager page", () => {
    expect(currentStatusLabel({ status: "unknown", startsAt }, before)).toBe("À venir");
    expect(currentStatusLabel({ status: "unknown", startsAt }, after)).toBe("À renseigner");
    expect(currentStatusLabel({ status: "seen", startsAt }, after)).toBe("Honoré");
  });

  it("offers the status form the same labels, in the order of the statuses", () => {
    expect(statusChoices({ past: false })).toEqual([
      { value: "unknown", label: "À venir" },
      { value: "seen", label: "Honoré" },
      { value: "excused", label: "Annulé (à la demande de l'usager)" },
      { value: "revoked", label: "Annulé (par le service)" },
      { value: "noshow", label: "Absence non excusée" },
    ]);
    expect(statusChoices({ past: true })[0]).toEqual({ value: "unknown", label: "À renseigner" });
  });

  it("confirms a status change in a sentence", () => {
    expect(statusChangedMessage({ status: "noshow", startsAt }, after)).toBe("Statut du RDV : absence non excusée.");
    expect(statusChangedMessage({ status: "unknown", startsAt }, before)).toBe("Statut du RDV : à venir.");
  });

  it("uses the same labels in the agenda list (« Honoré », not « Vu »; « Absence non excusée », not « Absent »)", () => {
    const rdv = (id: string, status: AgendaRdv["status"], start: Date): AgendaRdv => ({
      kind: "rdv",
      id,
      startsAt: start,
      endsAt: new Date(start.getTime() + 30 * 60_000),
      status,
      motif: { name: "Premier accueil", color: "#3a6ea5" },
      lieuName: "Lieu principal",
      usagers: [],
    });
    const events = [
      rdv("past", "unknown", new Date("2027-03-29T06:00:00Z")),
      rdv("seen", "seen", new Date("2027-03-29T06:30:00Z")),
      rdv("noshow", "noshow", new Date("2027-03-29T07:00:00Z")),
      rdv("future", "unknown", new Date("2027-03-29T09:00:00Z")),
    ];
    const [day] = agendaListDays(events, ["2027-03-29"], "Europe/Paris", new Date("2027-03-29T08:00:00Z"));
    expect(day?.events.map((event) => event.detail)).toEqual([
      "À renseigner · Lieu principal",
      "Honoré · Lieu principal",
      "Absence non excusée · Lieu principal",
      "À venir · Lieu principal",
    ]);
  });
});
