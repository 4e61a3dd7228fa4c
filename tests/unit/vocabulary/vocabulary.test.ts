import { describe, expect, it } from "vitest";
import type { RdvStatus } from "../../../src/generated/prisma/enums.ts";
import {
  formatDate,
  formatDateTime,
  formatShortDateTime,
  formatShortDayTime,
  formatTime,
  isoInZone,
  localDateInput,
  localTimeInput,
  zoneOf,
} from "../../../src/vocabulary/dates.ts";
import { authorName, fullName } from "../../../src/vocabulary/names.ts";
import {
  CANCELLED_STATUSES,
  isCancelledStatus,
  isPastRdv,
  rdvStatusInSentence,
  rdvStatusLabel,
} from "../../../src/vocabulary/rdv-statuses.ts";

describe("RDV status labels", () => {
  it.each<[RdvStatus, string, string]>([
    ["unknown", "À venir", "À renseigner"],
    ["seen", "Honoré", "Honoré"],
    ["noshow", "Absence non excusée", "Absence non excusée"],
    ["excused", "Annulé (à la demande de l'usager)", "Annulé (à la demande de l'usager)"],
    ["revoked", "Annulé (par le service)", "Annulé (par le service)"],
  ])("%s reads « %s » before the RDV and « %s » once it has started", (status, future, past) => {
    expect(rdvStatusLabel(status, { past: false })).toBe(future);
    expect(rdvStatusLabel(status, { past: true })).toBe(past);
  });

  it("lower-cases only the first letter inside a sentence", () => {
    expect(rdvStatusInSentence("unknown", { past: true })).toBe("à renseigner");
    expect(rdvStatusInSentence("excused", { past: false })).toBe("annulé (à la demande de l'usager)");
  });

  it("counts an RDV as past from its start", () => {
    const startsAt = new Date("2027-03-29T07:00:00Z");
    expect(isPastRdv(startsAt, new Date("2027-03-29T06:59:59Z"))).toBe(false);
    expect(isPastRdv(startsAt, startsAt)).toBe(true);
  });

  it("knows excused and revoked, and only them, as cancelled", () => {
    const all: RdvStatus[] = ["unknown", "seen", "noshow", "excused", "revoked"];
    expect(all.filter(isCancelledStatus)).toEqual([...CANCELLED_STATUSES]);
    expect(CANCELLED_STATUSES).toEqual(["excused", "revoked"]);
  });
});

describe("names", () => {
  it("joins first and last names on one line", () => {
    expect(fullName({ firstName: "Élodie", lastName: "Martin" })).toBe("Élodie Martin");
    expect(fullName({ firstName: " Jean\r\nBcc: x@y.fr", lastName: "Dupont\u2028 " })).toBe("Jean Bcc: x@y.fr Dupont");
  });

  it("names an agent author, a usager author and a deleted one", () => {
    const person = { firstName: "Marie", lastName: "Curie" };
    expect(authorName(person, null)).toBe("Marie Curie");
    expect(authorName(null, person)).toBe("Marie Curie (usager)");
    expect(authorName(null, null)).toBe("Auteur supprimé");
  });
});

describe("dates in the organisation's zone", () => {
  // Paris moves to summer time on Sunday 28 March 2027 at 02:00 (UTC+1 → UTC+2).
  const beforeChange = new Date("2027-03-27T08:30:00Z");
  const afterChange = new Date("2027-03-29T07:30:00Z");

  it("reads the same wall-clock time on both sides of a daylight-saving change", () => {
    expect(formatDateTime(beforeChange, "Europe/Paris")).toBe("samedi 27 mars 2027 à 09:30");
    expect(formatDateTime(afterChange, "Europe/Paris")).toBe("lundi 29 mars 2027 à 09:30");
    expect(isoInZone(beforeChange, "Europe/Paris")).toBe("2027-03-27T09:30:00+01:00");
    expect(isoInZone(afterChange, "Europe/Paris")).toBe("2027-03-29T09:30:00+02:00");
  });

  it("formats days, times, tables and inputs in French", () => {
    const instant = new Date("2027-01-05T08:30:00Z");
    expect(formatDate(instant, "Europe/Paris")).toBe("mardi 5 janvier 2027");
    expect(formatTime(instant, "Europe/Paris")).toBe("09:30");
    expect(formatShortDateTime(instant, "Europe/Paris")).toBe("5 janv. 2027 09:30");
    expect(formatShortDayTime(instant, "Europe/Paris")).toBe("mar. 5 janv. 09:30");
    expect(localDateInput(instant, "Europe/Paris")).toBe("2027-01-05");
    expect(localTimeInput(instant, "Europe/Paris")).toBe("09:30");
  });

  it("puts an instant on the local day of the zone, not of UTC", () => {
    const instant = new Date("2027-01-05T23:30:00Z");
    expect(localDateInput(instant, "Europe/Paris")).toBe("2027-01-06");
    expect(formatDateTime(instant, "Pacific/Noumea")).toBe("mercredi 6 janvier 2027 à 10:30");
  });

  it("builds each zone once and reuses it", () => {
    expect(zoneOf("Europe/Paris")).toBe(zoneOf("Europe/Paris"));
    expect(zoneOf("Europe/Paris")).not.toBe(zoneOf("Pacific/Noumea"));
  });
});
