import ICAL from "ical.js";
import { afterEach, describe, expect, it } from "vitest";
import { buildIcs, icsFilename } from "../../../src/notifications/ics.ts";
import { baseInput, parseBack, property, text, time, unfoldedLines } from "./parse-back.ts";

afterEach(() => ICAL.TimezoneService.reset());

describe("an RDV invitation", () => {
  it("is a REQUEST calendar with one confirmed, opaque event in UTC", () => {
    const ics = buildIcs(
      baseInput({
        description: "Usager : Jean Dupont",
        location: "Mairie annexe, 3 rue des Lilas",
        url: "https://rdv-agents.fr/agents/rdvs/42",
      }),
    );
    const { calendar, event } = parseBack(ics);

    expect(text(calendar, "method")).toBe("REQUEST");
    expect(text(calendar, "version")).toBe("2.0");
    expect(text(calendar, "calscale")).toBe("GREGORIAN");
    expect(text(calendar, "prodid")).toMatch(/rdv-agents/);
    expect(calendar.getFirstSubcomponent("vtimezone")).toBeNull();

    expect(text(event, "uid")).toBe("rdv-7f1c2b9e-5d3a-4c8e-9a61-0b2f4e6d8c10@rdv-agents.fr");
    expect(event.getFirstPropertyValue("sequence")).toBe(0);
    expect(time(event, "dtstamp").toJSDate().toISOString()).toBe("2027-03-01T08:00:00.000Z");
    expect(time(event, "dtstart").zone).toBe(ICAL.Timezone.utcTimezone);
    expect(time(event, "dtstart").toJSDate().toISOString()).toBe("2027-03-15T09:30:00.000Z");
    expect(time(event, "dtend").toJSDate().toISOString()).toBe("2027-03-15T10:00:00.000Z");
    expect(text(event, "summary")).toBe("RDV Carte d'identité");
    expect(text(event, "description")).toBe("Usager : Jean Dupont");
    expect(text(event, "location")).toBe("Mairie annexe, 3 rue des Lilas");
    expect(text(event, "url")).toBe("https://rdv-agents.fr/agents/rdvs/42");
    expect(text(event, "status")).toBe("CONFIRMED");
    expect(text(event, "transp")).toBe("OPAQUE");
    expect(event.hasProperty("rrule")).toBe(false);
    expect(unfoldedLines(ics)).toContain("DTSTART:20270315T093000Z");
  });

  it("names the no-reply organizer and the agent as an accepted attendee who need not answer", () => {
    const ics = buildIcs(baseInput());
    const { event } = parseBack(ics);

    const organizer = property(event, "organizer");
    expect(organizer.getFirstValue()).toBe("mailto:no-reply@rdv-agents.fr");
    expect(organizer.getParameter("cn")).toBe("RDV Agents");

    expect(event.getAllProperties("attendee")).toHaveLength(1);
    const attendee = property(event, "attendee");
    expect(attendee.getFirstValue()).toBe("mailto:camille.martin@mairie-exemple.fr");
    expect(attendee.getParameter("cn")).toBe("Camille Martin");
    expect(attendee.getParameter("role")).toBe("REQ-PARTICIPANT");
    expect(attendee.getParameter("partstat")).toBe("ACCEPTED");
    expect(attendee.getParameter("rsvp")).toBe("FALSE");
    // Parameters before the colon: Gmail ignores them when they follow it.
    expect(unfoldedLines(ics)).toContain(
      "ATTENDEE;CN=Camille Martin;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:camille.martin@mairie-exemple.fr",
    );
  });

  it("leaves out description, location and url when there are none", () => {
    const { event } = parseBack(buildIcs(baseInput()));

    expect(event.hasProperty("description")).toBe(false);
    expect(event.hasProperty("location")).toBe(false);
    expect(event.hasProperty("url")).toBe(false);
  });

  it("is withdrawn by a CANCEL with the same UID, a higher SEQUENCE and STATUS:CANCELLED", () => {
    const request = parseBack(buildIcs(baseInput({ sequence: 2 })));
    const cancel = parseBack(buildIcs(baseInput({ method: "CANCEL", sequence: 3 })));

    expect(text(cancel.calendar, "method")).toBe("CANCEL");
    expect(text(cancel.event, "status")).toBe("CANCELLED");
    expect(text(cancel.event, "uid")).toBe(text(request.event, "uid"));
    expect(cancel.event.getFirstPropertyValue("sequence")).toBe(3);
    expect(request.event.getFirstPropertyValue("sequence")).toBe(2);
    expect(property(cancel.event, "attendee").getFirstValue()).toBe("mailto:camille.martin@mairie-exemple.fr");
    expect(property(cancel.event, "organizer").getFirstValue()).toBe("mailto:no-reply@rdv-agents.fr");
  });

  it("marks a plage d'ouverture as transparent so that it does not make the agent busy", () => {
    const { event } = parseBack(buildIcs(baseInput({ transparent: true })));

    expect(text(event, "transp")).toBe("TRANSPARENT");
  });

  it("is the same file whatever the server's time zone", () => {
    const input = baseInput({ start: { local: "2027-03-15T10:30" }, end: { utc: new Date("2027-03-15T10:00:00Z") } });
    const inUtc = buildIcs(input);
    const previous = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      expect(new Date(2027, 0, 1).getTimezoneOffset()).toBe(300); // the change took effect
      expect(buildIcs(input)).toBe(inUtc);
    } finally {
      process.env.TZ = previous;
    }
  });

  it("stamps the file with the current time when none is given", () => {
    const before = Date.now();
    const { event } = parseBack(buildIcs(baseInput({ now: undefined })));
    const stamp = time(event, "dtstamp").toJSDate().getTime();

    expect(stamp).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(stamp).toBeLessThanOrEqual(Date.now());
  });

  it.each([
    ["an unknown time zone", { timezone: "Europe/Atlantis" }],
    ["an end before the start", { end: { utc: new Date("2027-03-15T09:00:00Z") } }],
    ["a malformed local time", { start: { local: "2027-02-30T09:00" } }],
    ["an UNTIL that is not UTC", { start: { local: "2027-01-04T09:00" }, rrule: "FREQ=WEEKLY;UNTIL=20270630T235959" }],
    ["an RRULE smuggling a property", { rrule: "FREQ=WEEKLY\r\nATTENDEE:mailto:evil@x" }],
    ["an attendee email with a line break", { attendee: { name: "X", email: "x@y.fr\r\nATTENDEE:mailto:evil@x" } }],
    ["a URL with a line break", { url: "https://rdv-agents.fr/\r\nATTENDEE:mailto:evil@x" }],
    ["a negative sequence", { sequence: -1 }],
  ])("refuses %s", (_label, overrides) => {
    expect(() => buildIcs(baseInput(overrides))).toThrow(RangeError);
  });
});

describe("icsFilename", () => {
  it("gives each kind of item its own attachment name", () => {
    expect([icsFilename("rdv"), icsFilename("plage"), icsFilename("absence")]).toEqual([
      "rdv.ics",
      "plage-ouverture.ics",
      "absence.ics",
    ]);
  });
});
