// The pieces of the notification emails that need no database: subjects, French day phrases, one-line titles, the
// calendar times of a series, nodemailer's options, and the retry schedule.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { Series } from "../../../src/domain/recurrence/expand.ts";
import { appLinkOf } from "../../../src/notifications/app-link.ts";
import {
  agentRecordSubject,
  dayReference,
  durationText,
  icsFileName,
  oneLine,
  seriesIcsTimes,
  seriesWhen,
} from "../../../src/notifications/emails/common.ts";
import { ics, type RdvPayload, rdvSubject, render } from "../../../src/notifications/emails/rdv-email.ts";
import { mailOptions } from "../../../src/notifications/transport.ts";
import { MAX_ATTEMPTS, retryDelayMs } from "../../../src/notifications/worker.ts";

const at = (local: string, zone = "Europe/Paris") => DateTime.fromISO(local, { zone }).toJSDate();

describe("RDV subjects", () => {
  const now = at("2027-08-25T10:00");
  it.each([
    ["rdv_created", "2027-08-25T15:00", false, "Nouveau RDV le mercredi 25 août à 15:00 (aujourd'hui)"],
    ["rdv_created", "2027-08-26T09:00", false, "Nouveau RDV le jeudi 26 août à 09:00 (demain)"],
    ["rdv_created", "2027-09-02T09:00", false, "Nouveau RDV le jeudi 2 septembre à 09:00"],
    ["rdv_updated", "2027-08-26T09:00", true, "RDV déplacé au jeudi 26 août à 09:00 (demain)"],
    ["rdv_updated", "2027-08-28T09:00", false, "RDV du samedi 28 août à 09:00 modifié"],
    ["rdv_updated", "2028-01-05T09:00", true, "RDV déplacé au mercredi 5 janvier 2028 à 09:00"],
    ["rdv_cancelled", "2027-08-25T18:00", false, "RDV du mercredi 25 août à 18:00 (aujourd'hui) annulé"],
    ["rdv_cancelled", "2027-08-26T18:00", false, "RDV du jeudi 26 août à 18:00 (demain) annulé"],
    ["rdv_cancelled", "2027-08-30T18:00", false, "RDV du lundi 30 août à 18:00 annulé"],
  ] as const)("%s on %s (moved: %s): « %s »", (kind, startsAt, moved, subject) => {
    expect(rdvSubject(kind, at(startsAt), moved, now, "Europe/Paris")).toBe(subject);
  });

  it("counts days in the organisation's calendar: 23:30 in Nouméa is already tomorrow", () => {
    const zone = "Pacific/Noumea";
    const nowThere = at("2027-08-25T23:30", zone);
    expect(rdvSubject("rdv_created", at("2027-08-26T08:00", zone), false, nowThere, zone)).toBe(
      "Nouveau RDV le jeudi 26 août à 08:00 (demain)",
    );
    expect(dayReference(at("2027-08-27T08:00", zone), nowThere, zone)).toEqual({ relative: null, date: "27 août" });
  });

  it("says « demain » across midnight in Paris, not in UTC: 00:30 in Paris is still the previous day in UTC", () => {
    // 23:50 on Monday in Paris (21:50 UTC); the RDV is at 00:30 on Wednesday in Paris (22:30 UTC on Tuesday).
    const lateMonday = at("2027-06-14T23:50");
    expect(rdvSubject("rdv_created", at("2027-06-16T00:30"), false, lateMonday, "Europe/Paris")).toBe(
      "Nouveau RDV le mercredi 16 juin à 00:30",
    );
    // Ten minutes later it is Tuesday in Paris: the same RDV is tomorrow.
    expect(rdvSubject("rdv_created", at("2027-06-16T00:30"), false, at("2027-06-15T00:00"), "Europe/Paris")).toBe(
      "Nouveau RDV le mercredi 16 juin à 00:30 (demain)",
    );
  });

  it("counts the 23-hour and 25-hour days of daylight saving as one day, and keeps the wall-clock time", () => {
    // Saturday 27 March 2027, 12:00 in Paris; clocks go forward on the night of Sunday 28 (a 23-hour day).
    expect(rdvSubject("rdv_created", at("2027-03-28T09:00"), false, at("2027-03-27T12:00"), "Europe/Paris")).toBe(
      "Nouveau RDV le dimanche 28 mars à 09:00 (demain)",
    );
    expect(rdvSubject("rdv_cancelled", at("2027-03-28T23:30"), false, at("2027-03-28T00:30"), "Europe/Paris")).toBe(
      "RDV du dimanche 28 mars à 23:30 (aujourd'hui) annulé",
    );
    // Saturday 30 October 2027; clocks go back on the night of Sunday 31 (a 25-hour day).
    expect(rdvSubject("rdv_updated", at("2027-11-01T00:15"), true, at("2027-10-31T00:15"), "Europe/Paris")).toBe(
      "RDV déplacé au lundi 1 novembre à 00:15 (demain)",
    );
    expect(rdvSubject("rdv_updated", at("2027-11-01T00:15"), true, at("2027-10-30T23:59"), "Europe/Paris")).toBe(
      "RDV déplacé au lundi 1 novembre à 00:15",
    );
  });
});

describe("plage and absence subjects", () => {
  it("name the record by its title after « : » (no-break space), on one line whatever it holds", () => {
    expect(agentRecordSubject("Plage d'ouverture", "created", "Permanence école")).toBe(
      "Plage d'ouverture créée\u00a0: Permanence école",
    );
    expect(agentRecordSubject("Absence", "updated", "Congés")).toBe("Absence modifiée\u00a0: Congés");
    expect(agentRecordSubject("Plage d'ouverture", "deleted", "Permanence\r\nBcc: victim@example.org")).toBe(
      "Plage d'ouverture supprimée\u00a0: Permanence Bcc: victim@example.org",
    );
    expect(oneLine("  a\u2028b\tc  ")).toBe("a b c");
  });
});

describe("when a plage or an absence takes place, in its subject", () => {
  const now = at("2027-03-01T23:30"); // Monday 1 March, late evening in Paris (22:30 UTC)
  const cases: [Series, string][] = [
    [{ firstDay: "2027-03-02", startTime: "09:00", endTime: "12:00", recurrence: null }, "le mardi 2 mars (demain)"],
    [
      { firstDay: "2027-03-01", startTime: "09:00", endTime: "12:00", recurrence: null },
      "le lundi 1 mars (aujourd'hui)",
    ],
    [
      { firstDay: "2027-03-08", startTime: "08:00", endDay: "2027-03-12", endTime: "18:00", recurrence: null },
      "du lundi 8 mars au vendredi 12 mars",
    ],
    [
      {
        firstDay: "2027-03-02",
        startTime: "09:00",
        endTime: "12:00",
        recurrence: { every: "week", interval: 1, weekdays: ["tu"] },
      },
      "à partir du mardi 2 mars (demain)",
    ],
    [
      { firstDay: "2028-01-03", startTime: "08:00", endDay: "2028-01-07", endTime: "18:00", recurrence: null },
      "du lundi 3 janvier 2028 au vendredi 7 janvier 2028",
    ],
  ];
  it.each(cases)("%o: « %s »", (series, when) => {
    expect(seriesWhen(series, now, "Europe/Paris")).toBe(when);
  });

  it("follows the title in the subject", () => {
    expect(agentRecordSubject("Absence", "created", "Congés", "du lundi 8 mars au vendredi 12 mars")).toBe(
      "Absence créée\u00a0: Congés, du lundi 8 mars au vendredi 12 mars",
    );
  });
});

describe("calendar file names", () => {
  it("say in French what the event is and when it starts, in wall-clock time", () => {
    expect(icsFileName("rdv", "2026-12-03", "10:30")).toBe("rdv-2026-12-03-1030.ics");
    expect(icsFileName("plage-ouverture", "2027-01-04", "09:00")).toBe("plage-ouverture-2027-01-04-0900.ics");
    expect(icsFileName("absence", "2027-02-15", "08:00")).toBe("absence-2027-02-15-0800.ics");
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
        usagerPhones: [{ name: "Jean <script>Dupont</script>", phone: "06 12 34 56 78" }],
      },
      previous: null,
      authorLabel: "Sophie Martin",
    };
    const link = appLinkOf({ APP_URL: "https://rdv.example.fr/" });
    const email = { ...render(payload, link), ics: ics(payload, link) };
    expect(email.html).toContain("Jean &lt;script&gt;Dupont&lt;/script&gt;");
    expect(email.html).not.toContain("<script>");
    expect(email.text).toContain("Usager\u00a0: Jean <script>Dupont</script>");
    expect(email.text).toContain("Lieu\u00a0: Par téléphone");
    expect(email.text).toContain("Voir le RDV\u00a0: https://rdv.example.fr/rdvs/rdv-1");
    expect(email.ics.method).toBe("REQUEST");
    expect(email.ics.content).toContain("DTSTART:20270311T080000Z");
    expect(email.ics.filename).toBe("rdv-2027-03-11-0900.ics");
  });

  it("by phone, gives the usager's number: a tel: link in HTML, plain in the text and the calendar's DESCRIPTION", () => {
    const link = appLinkOf({ APP_URL: "https://rdv.example.fr" });
    const email = { ...render(phonePayload, link), ics: ics(phonePayload, link) };
    expect(email.html).toContain('<a href="tel:0612345678">06 12 34 56 78</a>');
    expect(email.text).toContain("Téléphone\u00a0: 06 12 34 56 78\n");
    // Folded at 75 octets: unfold before reading.
    const description = email.ics.content.replace(/\r\n /g, "");
    expect(description).toContain("Téléphone\u00a0: 06 12 34 56 78\\n");
    // The organisation, at the top of both bodies.
    expect(email.text.startsWith("CCAS de Trifouilly\n\nBonjour Camille Martin,")).toBe(true);
    expect(email.html).toContain(">CCAS de Trifouilly</p>");
  });

  it("by phone with no number on file, says so rather than leaving the agent to look for it", () => {
    const payload: RdvPayload = { ...phonePayload, rdv: { ...phonePayload.rdv, usagerPhones: [] } };
    const email = render(payload, appLinkOf({ APP_URL: "https://rdv.example.fr" }));
    expect(email.text).toContain("Téléphone\u00a0: Aucun numéro renseigné");
    expect(email.html).not.toContain("tel:");
  });

  it("at a lieu, shows no phone row", () => {
    const payload: RdvPayload = {
      ...phonePayload,
      rdv: { ...phonePayload.rdv, locationType: "public_office", lieu: { name: "Mairie", address: "1 place" } },
    };
    const email = render(payload, appLinkOf({ APP_URL: "https://rdv.example.fr" }));
    expect(email.text).not.toContain("Téléphone");
    expect(email.text).toContain("Lieu\u00a0: Mairie, 1 place");
  });
});

const phonePayload: RdvPayload = {
  kind: "rdv",
  sender: { name: "CCAS", email: "no-reply@rdv-agents.fr" },
  recipient: { name: "Camille Martin", email: "camille@example.fr" },
  organisation: { name: "CCAS de Trifouilly", timezone: "Europe/Paris" },
  at: at("2027-03-10T10:00").toISOString(),
  email: "rdv_created",
  reason: "new",
  uid: "rdv-2@rdv-agents.fr",
  sequence: 0,
  method: "REQUEST",
  rdv: {
    id: "rdv-2",
    startsAt: at("2027-03-11T09:00").toISOString(),
    durationInMin: 20,
    motifName: "Suivi téléphonique",
    locationType: "phone",
    lieu: null,
    usagers: ["Jeanne Usagère"],
    usagerPhones: [{ name: "Jeanne Usagère", phone: "06 12 34 56 78" }],
  },
  previous: null,
  authorLabel: "Sophie Martin",
};

describe("what nodemailer is given", () => {
  it("the stored Message-ID, the calendar as icalEvent (no headers) and base64 text parts", () => {
    const options = mailOptions(
      {
        messageId: "<abc@rdv-agents.fr>",
        toEmail: "agent@example.fr",
        fromName: null,
        subject: "Absence supprimée\u00a0: Congés",
        html: "<p>x</p>",
        text: "x",
        ics: {
          content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
          method: "CANCEL",
          filename: "absence-2027-02-15-0800.ics",
        },
      },
      "no-reply@rdv-agents.fr",
    );
    expect(options).toEqual({
      messageId: "<abc@rdv-agents.fr>",
      from: { name: "RDV Agents", address: "no-reply@rdv-agents.fr" },
      to: "agent@example.fr",
      subject: "Absence supprimée\u00a0: Congés",
      html: "<p>x</p>",
      text: "x",
      textEncoding: "base64",
      icalEvent: {
        method: "CANCEL",
        content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        filename: "absence-2027-02-15-0800.ics",
      },
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
