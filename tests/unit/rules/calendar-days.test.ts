// "Today or tomorrow" is counted in calendar days of the organisation's zone at the moment of the change:
// midnight, daylight-saving nights and overseas zones where the UTC day is not the local day.
import { describe, expect, it } from "vitest";
import { decideRdvEmail } from "../../../src/notifications/rules.ts";
import { at, authors, RECIPIENT } from "./fixtures.ts";

/** What a colleague's booking at `startsAt`, made at `now`, sends to an agent at the default level `soon`. */
function colleagueBooks(startsAt: Date, now: Date, timezone: string) {
  return decideRdvEmail({
    level: "soon",
    recipientAgentId: RECIPIENT,
    author: authors.colleague,
    event: { type: "created", startsAt },
    now,
    timezone,
  });
}

describe("last minute around midnight (Paris)", () => {
  it("at 23:59, an RDV tomorrow at 23:59 is last minute", () => {
    expect(colleagueBooks(at("2027-06-16T23:59"), at("2027-06-15T23:59"), "Europe/Paris")).toBe("rdv_created");
  });

  it("at 23:59, an RDV the day after tomorrow at 00:00 is not, although it is only 24 hours and a minute away", () => {
    expect(colleagueBooks(at("2027-06-17T00:00"), at("2027-06-15T23:59"), "Europe/Paris")).toBeNull();
  });

  it("just after midnight, an RDV tomorrow at 23:59 is last minute, although it is almost 48 hours away", () => {
    expect(colleagueBooks(at("2027-06-17T23:59"), at("2027-06-16T00:00"), "Europe/Paris")).toBe("rdv_created");
  });

  it("an RDV starting right now is not past and is last minute", () => {
    const now = at("2027-06-15T00:00");
    expect(colleagueBooks(now, now, "Europe/Paris")).toBe("rdv_created");
  });

  it("an RDV that started a millisecond ago is past: nobody is emailed, even at level all", () => {
    const now = at("2027-06-15T10:00");
    const startsAt = new Date(now.getTime() - 1);
    const decision = decideRdvEmail({
      level: "all",
      recipientAgentId: RECIPIENT,
      author: authors.self,
      event: { type: "created", startsAt },
      now,
      timezone: "Europe/Paris",
    });
    expect(decision).toBeNull();
  });
});

describe("last minute on daylight-saving nights (Paris)", () => {
  it("at 23:30 the night before the spring change, an RDV the next day at 14:00 is tomorrow", () => {
    expect(colleagueBooks(at("2027-03-28T14:00"), at("2027-03-27T23:30"), "Europe/Paris")).toBe("rdv_created");
  });

  it("at 23:30 the night before the spring change, the last minute of the 23-hour day is still tomorrow", () => {
    expect(colleagueBooks(at("2027-03-28T23:59"), at("2027-03-27T23:30"), "Europe/Paris")).toBe("rdv_created");
  });

  it("at 23:30 the night before the spring change, an RDV exactly 24 hours later is the day after tomorrow", () => {
    const now = at("2027-03-27T23:30");
    const startsAt = at("2027-03-29T00:30");
    expect(startsAt.getTime() - now.getTime()).toBe(24 * 3600_000);
    expect(colleagueBooks(startsAt, now, "Europe/Paris")).toBeNull();
  });

  it("just after midnight before the autumn change, an RDV 49 hours later is still tomorrow", () => {
    const now = at("2027-10-30T00:01");
    const startsAt = at("2027-10-31T23:59");
    expect(startsAt.getTime() - now.getTime()).toBe(49 * 3600_000 - 2 * 60_000);
    expect(colleagueBooks(startsAt, now, "Europe/Paris")).toBe("rdv_created");
  });

  it("on the autumn night itself, an RDV the next evening is tomorrow", () => {
    expect(colleagueBooks(at("2027-11-01T23:30"), at("2027-10-31T00:30"), "Europe/Paris")).toBe("rdv_created");
  });

  it("where the spring change skips midnight (São Paulo, 2018), the skipped day still counts as one day", () => {
    const now = at("2018-11-03T23:30", "America/Sao_Paulo");
    expect(colleagueBooks(at("2018-11-04T01:30", "America/Sao_Paulo"), now, "America/Sao_Paulo")).toBe("rdv_created");
    expect(colleagueBooks(at("2018-11-05T00:30", "America/Sao_Paulo"), now, "America/Sao_Paulo")).toBeNull();
  });
});

describe("last minute overseas, where the UTC day is not the local day", () => {
  it("in Nouméa (UTC+11), at 09:00 an RDV tomorrow evening is last minute, though two UTC days away", () => {
    const now = at("2027-06-15T09:00", "Pacific/Noumea");
    const startsAt = at("2027-06-16T20:00", "Pacific/Noumea");
    expect([now.toISOString().slice(0, 10), startsAt.toISOString().slice(0, 10)]).toEqual(["2027-06-14", "2027-06-16"]);
    expect(colleagueBooks(startsAt, now, "Pacific/Noumea")).toBe("rdv_created");
  });

  it("in Nouméa, at 23:30 an RDV the day after tomorrow at 08:00 is not last minute, though it is tomorrow in UTC", () => {
    const now = at("2027-06-15T23:30", "Pacific/Noumea");
    const startsAt = at("2027-06-17T08:00", "Pacific/Noumea");
    expect([now.toISOString().slice(0, 10), startsAt.toISOString().slice(0, 10)]).toEqual(["2027-06-15", "2027-06-16"]);
    expect(colleagueBooks(startsAt, now, "Pacific/Noumea")).toBeNull();
  });

  it("in Cayenne (UTC−3), at 22:00 an RDV the day after tomorrow at 08:00 is not last minute, though tomorrow in UTC", () => {
    const now = at("2027-06-15T22:00", "America/Cayenne");
    const startsAt = at("2027-06-17T08:00", "America/Cayenne");
    expect([now.toISOString().slice(0, 10), startsAt.toISOString().slice(0, 10)]).toEqual(["2027-06-16", "2027-06-17"]);
    expect(colleagueBooks(startsAt, now, "America/Cayenne")).toBeNull();
  });

  it("in Cayenne, at 20:00 an RDV tomorrow at 22:00 is last minute, though two UTC days away", () => {
    const now = at("2027-06-15T20:00", "America/Cayenne");
    const startsAt = at("2027-06-16T22:00", "America/Cayenne");
    expect([now.toISOString().slice(0, 10), startsAt.toISOString().slice(0, 10)]).toEqual(["2027-06-15", "2027-06-17"]);
    expect(colleagueBooks(startsAt, now, "America/Cayenne")).toBe("rdv_created");
  });

  it("the same two instants are last minute in Paris and not in Nouméa: the organisation's zone decides", () => {
    const now = new Date("2027-06-15T12:30:00Z");
    const startsAt = new Date("2027-06-16T21:00:00Z");
    expect(colleagueBooks(startsAt, now, "Europe/Paris")).toBe("rdv_created");
    expect(colleagueBooks(startsAt, now, "Pacific/Noumea")).toBeNull();
  });
});

describe("bad input is refused rather than guessed", () => {
  it("an unknown time zone throws", () => {
    expect(() => colleagueBooks(at("2027-06-16T09:00"), at("2027-06-15T10:00"), "Europe/Nowhere")).toThrow(RangeError);
  });

  it("an invalid date throws", () => {
    expect(() => colleagueBooks(new Date(Number.NaN), at("2027-06-15T10:00"), "Europe/Paris")).toThrow(RangeError);
  });
});
