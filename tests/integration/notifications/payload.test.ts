// What an outbox row holds: the facts as they were when the change happened, rendered only when the worker sends it.
// A cancellation still describes the RDV the agent had, whatever happened to the RDV (and to the names it shows)
// before the worker got to it; rows written before payloads existed still go out as they were rendered.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "../../../src/db/client.ts";
import { runMigrations } from "../../../src/db/migrate.ts";
import type { RdvChange } from "../../../src/domain/changes.ts";
import { outboxPayloadSchema } from "../../../src/notifications/payload.ts";
import type { EmailTransport } from "../../../src/notifications/transport.ts";
import { processOutboxOnce } from "../../../src/notifications/worker.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser } from "../../support/factories.ts";
import { freshDatabase } from "../../support/fresh-database.ts";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.ts";
import { APP_URL, agent, calendarOf, deliverAll, plan, prop, rdvSnapshot, sinkTransport } from "./support.ts";

const db = testDb();
let sink: SmtpSink;
let transport: EmailTransport;
beforeAll(async () => {
  sink = await startSmtpSink();
  transport = sinkTransport(sink.url);
});
afterAll(async () => {
  transport.close();
  await sink.close();
});
afterEach(() => ICAL.TimezoneService.reset());

describe("a cancellation queued before the RDV changed again", () => {
  it("describes the RDV as the agent had it: its time, lieu, motif and usager, names as they were", async () => {
    const team = await createTeam(db);
    const usager = await createUser(db, team.organisation.id, { firstName: "Jeanne", lastName: "Usagère" });
    await db.agent.updateMany({
      where: { id: { in: [team.agent1.id, team.agent2.id] } },
      data: { rdvNotificationsLevel: "all" },
    });
    const annexe = await db.lieu.create({
      data: { organisationId: team.organisation.id, name: "Annexe", address: "2 rue Basse, 75002 Paris" },
    });
    const now = new Date("2027-05-03T08:00:00Z");
    const author = agent(team.secretary.id);
    const had = rdvSnapshot({
      organisationId: team.organisation.id,
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      startsAt: new Date("2027-05-10T08:00:00Z"),
      durationInMin: 30,
      agentIds: [team.agent1.id, team.agent2.id],
      userIds: [usager.id],
      sequence: 2,
    });
    // agent1 is taken off the RDV: its calendar must lose the version it has.
    const withoutAgent1 = { ...had, agentIds: [team.agent2.id], sequence: 3 };
    const removal: RdvChange = { kind: "rdv", action: "updated", author, at: now, before: had, after: withoutAgent1 };
    await plan(db, removal);
    // Before the worker runs, the RDV moves to another day and lieu, and its motif, lieu and usager are renamed.
    const moved = { ...withoutAgent1, startsAt: new Date("2027-05-12T13:00:00Z"), lieuId: annexe.id, sequence: 4 };
    await plan(db, { kind: "rdv", action: "updated", author, at: now, before: withoutAgent1, after: moved });
    await db.motif.update({ where: { id: team.organisation.motif.id }, data: { name: "Motif renommé" } });
    await db.lieu.update({ where: { id: team.organisation.lieu.id }, data: { name: "Lieu renommé" } });
    await db.user.update({ where: { id: usager.id }, data: { lastName: "Renommée" } });

    const stored = await db.outboxMessage.findFirstOrThrow({
      where: { organisationId: team.organisation.id, toEmail: team.agent1.email },
    });
    expect(outboxPayloadSchema.parse(stored.payload)).toMatchObject({
      kind: "rdv",
      email: "rdv_cancelled",
      reason: "removed",
      method: "CANCEL",
      uid: had.uid,
      sequence: 3,
      recipient: { email: team.agent1.email },
      organisation: { name: team.organisation.name, timezone: "Europe/Paris" },
      at: now.toISOString(),
      authorLabel: `Sophie ${team.secretary.lastName}`,
      rdv: {
        id: had.id,
        startsAt: "2027-05-10T08:00:00.000Z",
        motifName: "Premier accueil",
        lieu: { name: "Lieu principal", address: "1 place de la Mairie, 75001 Paris" },
        usagers: ["Jeanne Usagère"],
      },
    });

    await deliverAll(db, transport, team.organisation.id, now);
    const toAgent1 = sink.messagesTo(team.agent1.email);
    expect(toAgent1.map((email) => email.parsed.subject)).toEqual(["RDV du lundi 10 mai à 10:00 annulé"]);
    const [email] = toAgent1;
    if (!email) throw new Error("no email to agent1");
    expect(email.parsed.text).toContain("Vous avez été retiré·e des agents de ce RDV.");
    expect(email.parsed.text).toContain("Date\u00a0: lundi 10 mai 2027");
    expect(email.parsed.text).toContain("Heure\u00a0: 10:00");
    expect(email.parsed.text).toContain("Lieu\u00a0: Lieu principal, 1 place de la Mairie, 75001 Paris");
    expect(email.parsed.text).toContain("Motif\u00a0: Premier accueil");
    expect(email.parsed.text).toContain("Usager\u00a0: Jeanne Usagère");
    expect(email.parsed.text).not.toMatch(/renommé|Annexe/i);
    const { calendar, event } = calendarOf(email);
    expect(prop(calendar, "method")).toBe("CANCEL");
    expect(prop(event, "uid")).toBe(had.uid);
    expect(prop(event, "sequence")).toBe("3");
    const dtstart = event.getFirstPropertyValue("dtstart");
    expect(dtstart instanceof ICAL.Time && dtstart.toJSDate().toISOString()).toBe("2027-05-10T08:00:00.000Z");
    expect(prop(event, "location")).toBe("Lieu principal, 1 place de la Mairie, 75001 Paris");

    // agent2 kept the RDV: it hears of the move, with the names as they were when the RDV moved.
    const [toAgent2] = sink.messagesTo(team.agent2.email);
    expect(toAgent2?.parsed.subject).toBe("RDV déplacé au mercredi 12 mai à 15:00");
    expect(toAgent2?.parsed.text).toContain("Lieu\u00a0: Annexe, 2 rue Basse, 75002 Paris (auparavant Lieu principal");
  });
});

describe("rows queued before payloads existed", () => {
  const PAYLOAD_MIGRATION = "20261129230000_outbox_payload";

  it("are kept by the migration as they were rendered, and the worker sends them unchanged", async () => {
    const database = await freshDatabase();
    const earlier = mkdtempSync(join(tmpdir(), "migrations-"));
    const all = join(import.meta.dirname, "../../../prisma/migrations");
    const client = new pg.Client({ connectionString: database.url });
    const migrated = createPrisma(database.url, 1);
    try {
      for (const name of readdirSync(all).filter((entry) => entry < PAYLOAD_MIGRATION && /^\d{14}_/.test(entry))) {
        cpSync(join(all, name), join(earlier, name), { recursive: true });
      }
      await runMigrations(database.url, earlier);
      await client.connect();
      const ics = "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n";
      await client.query(
        `INSERT INTO "OutboxMessage" ("id", "kind", "toEmail", "fromName", "subject", "html", "text", "icsContent",
           "icsMethod", "messageId", "status")
         VALUES ('legacy-1', 'plage_ouverture_deleted', 'legacy-agent@test.rdv-agents.fr', 'Mairie',
           'Plage d''ouverture supprimée - Ancienne', '<p>Rendue avant</p>', 'Rendue avant', $1, 'CANCEL',
           '<legacy-1@rdv-agents.fr>', 'pending'),
         ('legacy-2', 'password_reset', 'legacy-agent@test.rdv-agents.fr', NULL,
           'Changement de votre mot de passe RDV Agents', '<p>Lien</p>', 'Lien', NULL, NULL,
           '<legacy-2@rdv-agents.fr>', 'pending')`,
        [ics],
      );
      await runMigrations(database.url);

      const counts = await processOutboxOnce({ db: migrated, transport, config: { APP_URL } });
      expect(counts).toEqual({ claimed: 2, sent: 2, retried: 0, dead: 0 });
      const received = sink.messagesTo("legacy-agent@test.rdv-agents.fr");
      const plage = received.find((email) => email.parsed.messageId === "<legacy-1@rdv-agents.fr>");
      expect(plage?.parsed.subject).toBe("Plage d'ouverture supprimée - Ancienne");
      expect(plage?.parsed.html).toBe("<p>Rendue avant</p>");
      expect(plage?.parsed.text).toBe("Rendue avant");
      expect(plage?.parsed.from?.value).toEqual([{ name: "Mairie", address: "no-reply@rdv-agents.fr" }]);
      const calendar = plage?.parsed.attachments.find((part) => part.contentType === "text/calendar");
      expect(calendar?.content.toString("utf8")).toBe(ics);
      expect(plage?.raw).toMatch(/filename=plage-ouverture\.ics/);
      const reset = received.find((email) => email.parsed.messageId === "<legacy-2@rdv-agents.fr>");
      expect(reset?.parsed.subject).toBe("Changement de votre mot de passe RDV Agents");
      expect(reset?.parsed.attachments).toEqual([]);
    } finally {
      await client.end();
      await migrated.$disconnect();
      rmSync(earlier, { recursive: true, force: true });
      await database.drop();
    }
  });
});
