import ICAL from "ical.js";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { buildIcs, type IcsEventInput } from "../../../src/notifications/ics.ts";
import { baseInput, occurrences, parseBack, text, time, unfoldedLines } from "./parse-back.ts";

afterEach(() => ICAL.TimezoneService.reset());

function weeklyPlage(overrides: Partial<IcsEventInput> = {}): IcsEventInput {
  return baseInput({
    uid: "plage-3b6e0f4a-2c1d-4e5f-8a9b-7c6d5e4f3a2b@rdv-agents.fr",
    summary: "Plage d'ouverture : permanence du lundi",
    start: { local: "2027-01-04T09:00" },
    end: { local: "2027-01-04T12:00" },
    rrule: "FREQ=WEEKLY;BYDAY=MO",
    transparent: true,
    ...overrides,
  });
}

function occurrenceOn(list: Array<[string, string]>, date: string): [string, string] | undefined {
  return list.find(([local]) => local.startsWith(date));
}

function observances(ics: string, kind: "STANDARD" | "DAYLIGHT") {
  return parseBack(ics)
    .calendar.getFirstSubcomponent("vtimezone")
    ?.getAllSubcomponents(kind.toLowerCase())
    .map((observance) => ({
      start: observance.getFirstProperty("dtstart")?.toICALString(),
      from: observance.getFirstProperty("tzoffsetfrom")?.toICALString(),
      to: observance.getFirstProperty("tzoffsetto")?.toICALString(),
    }));
}

describe("a weekly plage d'ouverture in Europe/Paris", () => {
  it("is written in local wall-clock time with its time zone and rule", () => {
    const ics = buildIcs(weeklyPlage());
    const { calendar, event } = parseBack(ics);

    expect(unfoldedLines(ics)).toEqual(
      expect.arrayContaining([
        "DTSTART;TZID=Europe/Paris:20270104T090000",
        "DTEND;TZID=Europe/Paris:20270104T120000",
        "RRULE:FREQ=WEEKLY;BYDAY=MO",
      ]),
    );
    expect(text(calendar.getFirstSubcomponent("vtimezone") ?? calendar, "tzid")).toBe("Europe/Paris");
    expect(time(event, "dtstart").zone.tzid).toBe("Europe/Paris");
  });

  it("stays at 09:00 local on both sides of daylight saving time", () => {
    const list = occurrences(parseBack(buildIcs(weeklyPlage())).event);

    expect(occurrenceOn(list, "2027-01-04")).toEqual(["2027-01-04 09:00", "2027-01-04T08:00:00.000Z"]);
    expect(occurrenceOn(list, "2027-03-22")).toEqual(["2027-03-22 09:00", "2027-03-22T08:00:00.000Z"]);
    expect(occurrenceOn(list, "2027-04-05")).toEqual(["2027-04-05 09:00", "2027-04-05T07:00:00.000Z"]);
    expect(occurrenceOn(list, "2027-10-25")).toEqual(["2027-10-25 09:00", "2027-10-25T07:00:00.000Z"]);
    expect(occurrenceOn(list, "2027-11-01")).toEqual(["2027-11-01 09:00", "2027-11-01T08:00:00.000Z"]);
  });

  it("keeps every occurrence of an open-ended series at the right instant for ten years", () => {
    const list = occurrences(parseBack(buildIcs(weeklyPlage())).event, 52 * 11);
    const inWindow = list.filter(([local]) => local < "2038");

    expect(inWindow.length).toBeGreaterThan(52 * 10);
    for (const [local, utc] of inWindow) {
      expect(local.slice(11)).toBe("09:00");
      const expected = DateTime.fromFormat(local, "yyyy-MM-dd HH:mm", { zone: "Europe/Paris" }).toUTC().toISO();
      expect(utc, local).toBe(expected);
    }
    expect(occurrenceOn(list, "2037-07-06")).toEqual(["2037-07-06 09:00", "2037-07-06T07:00:00.000Z"]);
  });

  it("carries a VTIMEZONE with each change of offset from the start year to ten years later when open-ended", () => {
    const daylight = observances(buildIcs(weeklyPlage()), "DAYLIGHT") ?? [];

    expect(daylight).toHaveLength(11);
    expect(daylight[0]).toEqual({
      start: "DTSTART:20270328T020000",
      from: "TZOFFSETFROM:+0100",
      to: "TZOFFSETTO:+0200",
    });
    expect(daylight[10]?.start).toBe("DTSTART:20370329T020000");
    expect(observances(buildIcs(weeklyPlage()), "STANDARD")?.[1]).toEqual({
      start: "DTSTART:20271031T030000",
      from: "TZOFFSETFROM:+0200",
      to: "TZOFFSETTO:+0100",
    });
  });

  it("ends at UNTIL, and its VTIMEZONE stops at the UNTIL year", () => {
    const ics = buildIcs(weeklyPlage({ rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20270630T215959Z" }));
    const list = occurrences(parseBack(ics).event);

    expect(list).toHaveLength(26);
    expect(list[1]).toEqual(["2027-01-07 09:00", "2027-01-07T08:00:00.000Z"]);
    expect(list[2]?.[0]).toBe("2027-01-18 09:00");
    expect(list.at(-1)).toEqual(["2027-06-24 09:00", "2027-06-24T07:00:00.000Z"]);
    expect(observances(ics, "DAYLIGHT")).toHaveLength(1);
  });

  it("is given in local time even when the caller passes a UTC instant with a rule", () => {
    const ics = buildIcs(
      weeklyPlage({
        start: { utc: new Date("2027-06-07T07:00:00Z") },
        end: { utc: new Date("2027-06-07T10:00:00Z") },
      }),
    );
    const list = occurrences(parseBack(ics).event, 30);

    expect(unfoldedLines(ics)).toContain("DTSTART;TZID=Europe/Paris:20270607T090000");
    expect(occurrenceOn(list, "2027-12-06")).toEqual(["2027-12-06 09:00", "2027-12-06T08:00:00.000Z"]);
  });
});

describe("an absence on the night clocks go forward in Paris", () => {
  it("keeps its local start and end and their true instants", () => {
    const ics = buildIcs(
      baseInput({
        uid: "absence-1@rdv-agents.fr",
        summary: "Absence",
        start: { local: "2027-03-28T01:30" },
        end: { local: "2027-03-28T04:00" },
      }),
    );
    const { event } = parseBack(ics);

    expect(unfoldedLines(ics)).toContain("DTSTART;TZID=Europe/Paris:20270328T013000");
    expect(time(event, "dtstart").toJSDate().toISOString()).toBe("2027-03-28T00:30:00.000Z");
    expect(time(event, "dtend").toJSDate().toISOString()).toBe("2027-03-28T02:00:00.000Z");
    expect(text(event, "transp")).toBe("OPAQUE");
  });
});

describe("overseas organisations", () => {
  it("follows Miquelon's own daylight saving dates (second Sunday of March, first Sunday of November)", () => {
    const ics = buildIcs(weeklyPlage({ timezone: "America/Miquelon" }));
    const list = occurrences(parseBack(ics).event, 60);

    expect(occurrenceOn(list, "2027-01-04")).toEqual(["2027-01-04 09:00", "2027-01-04T12:00:00.000Z"]);
    expect(occurrenceOn(list, "2027-03-08")).toEqual(["2027-03-08 09:00", "2027-03-08T12:00:00.000Z"]);
    expect(occurrenceOn(list, "2027-03-15")).toEqual(["2027-03-15 09:00", "2027-03-15T11:00:00.000Z"]);
    expect(occurrenceOn(list, "2027-11-01")).toEqual(["2027-11-01 09:00", "2027-11-01T11:00:00.000Z"]);
    expect(occurrenceOn(list, "2027-11-08")).toEqual(["2027-11-08 09:00", "2027-11-08T12:00:00.000Z"]);
    expect(observances(ics, "DAYLIGHT")?.[0]).toEqual({
      start: "DTSTART:20270314T020000",
      from: "TZOFFSETFROM:-0300",
      to: "TZOFFSETTO:-0200",
    });
  });

  it("gives La Réunion, which has no daylight saving, a single STANDARD observance", () => {
    const ics = buildIcs(weeklyPlage({ timezone: "Indian/Reunion" }));
    const list = occurrences(parseBack(ics).event, 60);

    expect(observances(ics, "DAYLIGHT")).toEqual([]);
    expect(observances(ics, "STANDARD")).toEqual([
      { start: "DTSTART:19700101T000000", from: "TZOFFSETFROM:+0400", to: "TZOFFSETTO:+0400" },
    ]);
    expect(occurrenceOn(list, "2027-01-04")).toEqual(["2027-01-04 09:00", "2027-01-04T05:00:00.000Z"]);
    expect(occurrenceOn(list, "2027-07-05")).toEqual(["2027-07-05 09:00", "2027-07-05T05:00:00.000Z"]);
  });

  it.each([
    ["America/Cayenne", "2027-07-05T12:00:00.000Z"],
    ["Pacific/Tahiti", "2027-07-05T19:00:00.000Z"],
    ["Pacific/Noumea", "2027-07-04T22:00:00.000Z"],
  ])("places a Monday 09:00 plage in %s at %s", (timezone, utc) => {
    const list = occurrences(parseBack(buildIcs(weeklyPlage({ timezone }))).event, 30);

    expect(occurrenceOn(list, "2027-07-05")).toEqual(["2027-07-05 09:00", utc]);
  });
});
