// The pieces of the notification emails that need no database: subjects, French day phrases, one-line titles, the
// calendar times of a series, nodemailer's options, and the retry schedule.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { appLinkOf } from "../../../src/notifications/app-link.ts";
import {
  agentRecordSubject,
  dayReference,
  durationText,
  oneLine,
  seriesIcsTimes,
} from "../../../src/notifications/emails/common.ts";
import { ics, type RdvPayload, rdvSubject, render } from "../../../src/notifications/emails/rdv-email.ts";
import { mailOptions } from "../../../src/notifications/transport.ts";
import { MAX_ATTEMPTS, retryDelayMs } from "../../../src/notifications/worker.ts";

const at = (local: string, zone = "Europe/Paris") => DateTime.fromISO(local, { zone }).toJSDate();

describe("RDV subjects", () => {
  const now = at("2027-08-25T10:00");
  it.each([
    ["rdv_created", "2027-08-25T15:00", "Nouveau RDV ajouté sur votre agenda pour aujourd'hui"],
    ["rdv_created", "2027-08-26T09:00", "Nouveau RDV ajouté sur votre agenda pour demain"],
    ["rdv_created", "2027-09-02T09:00", "Nouveau RDV ajouté sur votre agenda pour le 2 septembre"],
    ["rdv_updated", "2027-08-26T09:00", "RDV de demain modifié"],
    ["rdv_updated", "2027-08-28T09:00", "RDV du 28 août modifié"],
    ["rdv_updated", "2028-01-05T09:00", "RDV du 5 janvier 2028 modifié"],
    ["rdv_cancelled", "2027-08-25T18:00", "RDV annulé aujourd'hui"],
    ["rdv_cancelled", "2027-08-26T18:00", "RDV de demain annulé"],
    ["rdv_cancelled", "2027-08-30T18:00", "RDV du 30 août annulé"],
  ] as const)("%s on %s: « %s »", (kind, startsAt, subject) => {
    expect(rdvSubject(kind, at(startsAt), now, "Europe/Paris")).toBe(subject);
  });

  it("counts days in the organisation's calendar: 23:30 in Nouméa is already tomorrow", () => {
    const zone = "Pacific/Noumea";
    const nowThere = at("2027-08-25T23:30", zone);
    expect(rdvSubject("rdv_created", at("2027-08-26T08:00", zone), nowThere, zone)).toBe(
      "Nouveau RDV ajouté sur votre agenda pour demain",
    );
    expect(dayReference(at("2027-08-27T08:00", zone), nowThere, zone)).toEqual({ relative: null, date: "27 août" });
  });
});

describe("plage and absence subjects", () => {
  it("name the record by its title, on one line whatever it holds", () => {
    expect(agentRecordSubject("Plage d'ouverture", "created", "Permanence école")).toBe(
      "Plage d'ouverture créée - Permanence école",
    );
    expect(agentRecordSubject("Indisponibilité", "updated", "Congés")).toBe("Indisponibilité modifiée - Congés");
    expect(agentRecordSubject("Plage d'ouverture", "deleted", "Permanence\r\nBcc: victim@example.org")).toBe(
      "Plage d'ouverture supprimée - Permanence Bcc: victim@example.org",
    );
    expect(oneLine("  a\u2028b\tc  ")).toBe("a b c");
  });
});

describe("durations", () => {
  it.each([
    [20, "20 min"],
    [60, "1 h"],
    [90, "1 h 30"],
    [125, "2 h 05"],
  ])("%i minutes read « %s »", (minutes, text) => {
    expect(durationText(minutes)).toBe(text);
  });
});

describe("the calendar times of a series", () => {
  it("starts a weekly series on its first real occurrence, in wall-clock time, with its rule", () => {
    const times = seriesIcsTimes(
      {
        firstDay: "2027-01-04",
        startTime: "09:00",
        endTime: "12:00",
        recurrence: { every: "week", interval: 2, weekdays: ["we", "fr"], until: "2027-06-30" },
      },
      "Europe/Paris",
    );
    expect(times).toEqual({
      start: { local: "2027-01-06T09:00" },
      end: { local: "2027-01-06T12:00" },
      rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE,FR;UNTIL=20270630T215959Z;WKST=MO",
    });
  });

  it("writes an absence over several days from its first to its last day, with no rule", () => {
    expect(
      seriesIcsTimes(
        { firstDay: "2027-02-15", startTime: "08:00", endDay: "2027-02-19", endTime: "18:00", recurrence: null },
        "Indian/Reunion",
      ),
    ).toEqual({ start: { local: "2027-02-15T08:00" }, end: { local: "2027-02-19T18:00" } });
  });
});

describe("an RDV email", () => {
  it("escapes what people typed in the HTML and keeps it readable in the text", () => {
    const payload: RdvPayload = {
      kind: "rdv",
      sender: { name: "Mairie", email: "no-reply@rdv-agents.fr" },
      recipient: { name: "Camille Martin", email: "camille@example.fr" },
      organisation: { name: "Mairie", timezone: "Europe/Paris" },
      at: at("2027-03-10T10:00").toISOString(),
      email: "rdv_created",
      reason: "new",
      uid: "rdv-1@rdv-agents.fr",
      sequence: 0,
      method: "REQUEST",
      rdv: {
        id: "rdv-1",
        startsAt: at("2027-03-11T09:00").toISOString(),
        durationInMin: 30,
        motifName: "Carte <b>d'identité</b>",
        locationType: "phone",
        lieu: null,
        usagers: ["Jean <script>Dupont</script>"],
      },
      previous: null,
      authorLabel: "Sophie Martin",
    };
    const link = appLinkOf({ APP_URL: "https://rdv.example.fr/" });
    const email = { ...render(payload, link), ics: ics(payload, link) };
    expect(email.html).toContain("Jean &lt;script&gt;Dupont&lt;/script&gt;");
    expect(email.html).not.toContain("<script>");
    expect(email.text).toContain("Usager : Jean <script>Dupont</script>");
    expect(email.text).toContain("Lieu : Par téléphone");
    expect(email.text).toContain("Voir le RDV : https://rdv.example.fr/rdvs/rdv-1");
    expect(email.ics.method).toBe("REQUEST");
    expect(email.ics.content).toContain("DTSTART:20270311T080000Z");
  });
});

describe("what nodemailer is given", () => {
  it("the stored Message-ID, the calendar as icalEvent (no headers) and base64 text parts", () => {
    const options = mailOptions(
      {
        messageId: "<abc@rdv-agents.fr>",
        toEmail: "agent@example.fr",
        fromName: null,
        subject: "Indisponibilité supprimée - Congés",
        html: "<p>x</p>",
        text: "x",
        ics: { content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", method: "CANCEL", filename: "absence.ics" },
      },
      "no-reply@rdv-agents.fr",
    );
    expect(options).toEqual({
      messageId: "<abc@rdv-agents.fr>",
      from: { name: "RDV Agents", address: "no-reply@rdv-agents.fr" },
      to: "agent@example.fr",
      subject: "Indisponibilité supprimée - Congés",
      html: "<p>x</p>",
      text: "x",
      textEncoding: "base64",
      icalEvent: { method: "CANCEL", content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", filename: "absence.ics" },
    });
  });
});

describe("the retry schedule", () => {
  it("spreads the attempts over about a day", () => {
    const waits = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, index) => retryDelayMs(index + 1));
    const hours = waits.reduce((sum, ms) => sum + ms, 0) / 3_600_000;
    expect(hours).toBeGreaterThan(20);
    expect(hours).toBeLessThan(28);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
  });
});
