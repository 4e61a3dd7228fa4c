import ICAL from "ical.js";
import { afterEach, describe, expect, it } from "vitest";
import { buildIcs, escapeText, foldLine } from "../../../src/notifications/ics.ts";
import { baseInput, parseBack, physicalLines, property, text, unfoldedLines } from "./parse-back.ts";

afterEach(() => ICAL.TimezoneService.reset());

const longFrench =
  "Pièce à fournir : carte d'identité périmée depuis moins de cinq ans, justificatif de domicile de moins de trois mois " +
  "(facture d'électricité, de gaz ou d'eau), photo d'identité récente — « conforme aux normes » ; préférez l'accueil " +
  "du rez-de-chaussée, à côté de l'ascenseur. Œuvre déjà réservée ? Écrivez à l'équipe 📅✅ ou appelez le 01 23 45 67 89.";

describe("line endings and folding", () => {
  it("ends every line, including the last, with CRLF and has no bare CR or LF", () => {
    const ics = buildIcs(
      baseInput({ description: "ligne 1\nligne 2\r\nligne 3\rfin", start: { local: "2027-01-04T09:00" } }),
    );

    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    for (const line of physicalLines(ics)) {
      expect(line).not.toMatch(/[\r\n]/);
    }
  });

  it("keeps every physical line within 75 octets and starts continuations with one space", () => {
    const ics = buildIcs(baseInput({ summary: longFrench, description: longFrench.repeat(3), location: longFrench }));
    const lines = physicalLines(ics);

    expect(lines.filter((line) => line.startsWith(" ")).length).toBeGreaterThan(10);
    for (const line of lines) {
      expect(Buffer.byteLength(line, "utf8"), line).toBeLessThanOrEqual(75);
      expect(line).not.toMatch(/^\t/); // the fold is one space; a second one belongs to the text
    }
  });

  it("never cuts a multi-octet character: each physical line is valid UTF-8 on its own", () => {
    const ics = buildIcs(baseInput({ summary: `é${"é".repeat(200)}`, description: "📅".repeat(100) }));
    const bytes = Buffer.from(ics, "utf8");
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let lineStart = 0;
    for (let index = 0; index < bytes.length - 1; index++) {
      if (bytes[index] === 0x0d && bytes[index + 1] === 0x0a) {
        expect(() => decoder.decode(bytes.subarray(lineStart, index))).not.toThrow();
        lineStart = index + 2;
      }
    }
    expect(lineStart).toBe(bytes.length);
  });

  it("round-trips long French text with accents and emoji exactly", () => {
    const { event } = parseBack(
      buildIcs(baseInput({ summary: longFrench, description: `${longFrench}\n\n${longFrench}`, location: longFrench })),
    );

    expect(text(event, "summary")).toBe(longFrench);
    expect(text(event, "description")).toBe(`${longFrench}\n\n${longFrench}`);
    expect(text(event, "location")).toBe(longFrench);
  });

  it("does not split an escape sequence across two physical lines", () => {
    const punctuation = ";,\\\n".repeat(60);
    const ics = buildIcs(baseInput({ description: punctuation }));

    for (const line of physicalLines(ics)) {
      expect(line).not.toMatch(/(^|[^\\])(\\\\)*\\$/);
    }
    expect(text(parseBack(ics).event, "description")).toBe(punctuation);
  });

  it("folds a 75-octet line not at all and a 76-octet line once", () => {
    expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
    expect(foldLine("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
    expect(foldLine(`${"x".repeat(74)}é`)).toBe(`${"x".repeat(74)}\r\n é`);
  });
});

describe("text values", () => {
  it("escapes backslash, semicolon, comma and newline, and drops carriage returns", () => {
    expect(escapeText("a\\b;c,d\r\ne\rf")).toBe("a\\\\b\\;c\\,d\\nef");
  });

  it("keeps a literal backslash followed by n as two characters, not a newline", () => {
    const { event } = parseBack(buildIcs(baseInput({ location: "C:\\nouveau\\dossier" })));

    expect(text(event, "location")).toBe("C:\\nouveau\\dossier");
  });
});

describe("injection attempts", () => {
  const attack = {
    summary: "Réunion; équipe,\r\nATTENDEE:mailto:evil@x",
    description: "Bonjour\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:piège",
    location: "Salle 2\rORGANIZER:mailto:evil@x",
    attendee: { name: "Dupont\r\nATTENDEE:mailto:evil@x", email: "camille.martin@mairie-exemple.fr" },
    organizer: { name: 'Service "RDV"; Paris: Nord, Est ^_^', email: "no-reply@rdv-agents.fr" },
  };

  it("come back as plain text", () => {
    const { event } = parseBack(buildIcs(baseInput(attack)));

    expect(text(event, "summary")).toBe("Réunion; équipe,\nATTENDEE:mailto:evil@x");
    expect(text(event, "description")).toBe("Bonjour\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil\nSUMMARY:piège");
    expect(text(event, "location")).toBe("Salle 2ORGANIZER:mailto:evil@x");
    expect(property(event, "attendee").getParameter("cn")).toBe("Dupont ATTENDEE:mailto:evil@x");
    expect(property(event, "organizer").getParameter("cn")).toBe('Service "RDV"; Paris: Nord, Est ^_^');
  });

  it("add no property and no component", () => {
    const ics = buildIcs(baseInput(attack));
    const { calendar, event } = parseBack(ics);

    expect(calendar.getAllSubcomponents().map((component) => component.name)).toEqual(["vevent"]);
    expect(event.getAllProperties().map((prop) => prop.name)).toEqual([
      "uid",
      "sequence",
      "dtstamp",
      "dtstart",
      "dtend",
      "summary",
      "description",
      "location",
      "organizer",
      "attendee",
      "status",
      "transp",
    ]);
    expect(property(event, "attendee").getFirstValue()).toBe("mailto:camille.martin@mairie-exemple.fr");
    expect(property(event, "organizer").getFirstValue()).toBe("mailto:no-reply@rdv-agents.fr");
    expect(text(event, "uid")).toBe("rdv-7f1c2b9e-5d3a-4c8e-9a61-0b2f4e6d8c10@rdv-agents.fr");
    expect(
      unfoldedLines(ics).filter((line) => /^(ATTENDEE[;:]|ORGANIZER[;:]|UID:|BEGIN:VEVENT$)/.test(line)),
    ).toHaveLength(4);
  });

  it("quote a name only when it holds a colon, semicolon or comma", () => {
    const lines = unfoldedLines(buildIcs(baseInput(attack)));

    expect(lines).toContain(`ORGANIZER;CN="Service ^'RDV^'; Paris: Nord, Est ^^_^^":mailto:no-reply@rdv-agents.fr`);
    expect(lines.find((line) => line.startsWith("ATTENDEE"))).toMatch(/^ATTENDEE;CN="Dupont ATTENDEE:mailto:evil@x";/);
    expect(unfoldedLines(buildIcs(baseInput()))).toContain("ORGANIZER;CN=RDV Agents:mailto:no-reply@rdv-agents.fr");
  });
});
