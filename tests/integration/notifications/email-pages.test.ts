// The pages around the outbox: /dev/emails (development only), « Emails en échec » with « Renvoyer » (admins), /sante.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueEmails } from "../../../src/notifications/outbox.ts";
import { devStoreTransport } from "../../../src/notifications/transport.ts";
import { processOutboxOnce } from "../../../src/notifications/worker.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, TEST_PASSWORD } from "../../support/factories.ts";
import { signedInClient, WebClient } from "../../support/http.ts";
import { agent, plan, rdvSnapshot } from "./support.ts";

const db = testDb();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const ICS = "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n";

// A row whose email is already rendered (the `legacy_rendered` payload kind), so that the pages are checked against
// exact bodies; the rendering of payloads is checked by the notification tests.
async function queueOne(organisationId: string, subject: string) {
  const html = `<p style="color: #000091">${subject}</p>`;
  const [messageId] = await db.$transaction((tx) =>
    enqueueEmails(tx, [
      {
        organisationId,
        kind: "plage_ouverture_deleted",
        to: `agent-${organisationId}@test.rdv-agents.fr`,
        payload: {
          kind: "legacy_rendered",
          subject,
          html,
          text: `Texte : ${subject}`,
          ics: { content: ICS, method: "CANCEL" },
        },
      },
    ]),
  );
  const row = await db.outboxMessage.findUniqueOrThrow({ where: { messageId: messageId ?? "" } });
  return { ...row, html };
}

describe("/dev/emails", () => {
  it("lists stored emails and shows each one's HTML, text and calendar file", async () => {
    // The page exists only in development, for a signed-in agent (here the admin of the email's organisation).
    const dev = await startTestApp({ NODE_ENV: "development" });
    try {
      const team = await createTeam(db);
      const email = await queueOne(team.organisation.id, "Plage d'ouverture supprimée - Dev store");
      await processOutboxOnce({
        db,
        transport: devStoreTransport(),
        config: { APP_URL: dev.url },
        organisationIds: [team.organisation.id],
      });
      const client = await signedInClient(dev.url, team.admin.email);

      const list = await client.get("/dev/emails");
      expect(list.status).toBe(200);
      expect(list.html).toContain(`href="/dev/emails/${email.id}"`);
      expect(list.html).toContain("Plage d&#39;ouverture supprimée - Dev store");

      const page = await client.get(`/dev/emails/${email.id}`);
      expect(page.html).toContain("Texte : Plage d&#39;ouverture supprimée - Dev store");
      expect(page.html).toContain(`src="/dev/emails/${email.id}/html"`);
      expect(page.html).toContain("Envoyé");

      const html = await client.fetch(`/dev/emails/${email.id}/html`);
      expect(html.headers.get("content-security-policy")).toContain("sandbox");
      expect(await html.text()).toBe(email.html);

      const ics = await client.fetch(`/dev/emails/${email.id}/ics`);
      expect(ics.headers.get("content-type")).toBe("text/calendar; charset=utf-8; method=CANCEL");
      expect(ics.headers.get("content-disposition")).toBe("attachment; filename=plage-ouverture.ics");
      expect(await ics.text()).toBe(ICS);
    } finally {
      await dev.close();
    }
  });

  it("shows an email queued as a payload as the worker renders it, with this app's links", async () => {
    const appUrl = "https://rdv-dev.example.fr";
    const dev = await startTestApp({ NODE_ENV: "development", APP_URL: appUrl });
    try {
      const team = await createTeam(db);
      const rdv = rdvSnapshot({
        organisationId: team.organisation.id,
        motifId: team.organisation.motif.id,
        lieuId: team.organisation.lieu.id,
        startsAt: new Date("2027-03-11T09:00:00Z"),
        durationInMin: 30,
        agentIds: [team.agent1.id],
        userIds: [],
      });
      const at = new Date("2027-03-10T10:00:00Z");
      await plan(db, {
        kind: "rdv",
        action: "created",
        author: agent(team.secretary.id),
        at,
        before: null,
        after: rdv,
      });
      const { id } = await db.outboxMessage.findFirstOrThrow({ where: { organisationId: team.organisation.id } });
      const client = await signedInClient(dev.url, team.admin.email);

      expect((await client.get("/dev/emails")).html).toContain("Nouveau RDV le jeudi 11 mars à 10:00 (demain)");
      const page = await client.get(`/dev/emails/${id}`);
      expect(page.html).toContain("Heure\u00a0: 10:00");
      expect(page.html).toContain(`Voir le RDV\u00a0: ${appUrl}/rdvs/${rdv.id}`);
      const html = await (await client.fetch(`/dev/emails/${id}/html`)).text();
      expect(html).toContain(`href="${appUrl}/rdvs/${rdv.id}"`);
      const ics = await client.fetch(`/dev/emails/${id}/ics`);
      expect(ics.headers.get("content-type")).toBe("text/calendar; charset=utf-8; method=REQUEST");
      // The name the email gives the file: the event and its start in the organisation's wall-clock time.
      expect(ics.headers.get("content-disposition")).toBe("attachment; filename=rdv-2027-03-11-1000.ics");
      const calendar = await ics.text();
      expect(calendar).toContain(`UID:${rdv.uid}`);
      expect(calendar).toContain("DTSTART:20270311T090000Z");
    } finally {
      await dev.close();
    }
  });

  it("does not exist in production", async () => {
    const production = await startTestApp({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://unused@127.0.0.1/x",
      SESSION_SECRET: "une-cle-de-test-de-32-caracteres-au-moins",
    });
    try {
      const team = await createTeam(db);
      const email = await queueOne(team.organisation.id, "Secret");
      for (const path of ["/dev/emails", `/dev/emails/${email.id}`, `/dev/emails/${email.id}/html`]) {
        expect((await fetch(`${production.url}${path}`)).status).toBe(404);
      }
    } finally {
      await production.close();
    }
  });
});

describe("« Emails en échec »", () => {
  it("shows an admin its organisation's dead emails and puts one back in the queue with « Renvoyer »", async () => {
    const team = await createTeam(db);
    const other = await createTeam(db);
    const dead = await queueOne(team.organisation.id, "Indisponibilité créée - Congés");
    const elsewhere = await queueOne(other.organisation.id, "Indisponibilité créée - Ailleurs");
    await db.outboxMessage.updateMany({
      where: { id: { in: [dead.id, elsewhere.id] } },
      data: { status: "dead", attempts: 12, lastError: "550 Mailbox unavailable" },
    });
    const client = new WebClient(app.url);
    await client.signIn(team.admin.email, TEST_PASSWORD);

    const page = await client.get("/admin/emails-en-echec");
    expect(page.status).toBe(200);
    expect(page.html).toContain("Indisponibilité créée - Congés");
    expect(page.html).toContain("550 Mailbox unavailable");
    expect(page.html).not.toContain("Ailleurs");

    // Another organisation's email cannot be resent from here.
    expect((await client.post(`/admin/emails-en-echec/${elsewhere.id}/renvoyer`, {})).status).toBe(404);

    const resent = await client.post(`/admin/emails-en-echec/${dead.id}/renvoyer`, {});
    expect(resent.status).toBe(302);
    const after = await client.get("/admin/emails-en-echec");
    expect(after.html).toContain("L&#39;email a été remis dans la file d&#39;envoi.");
    expect(after.html).toContain("1 email attend d&#39;être envoyé.");
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({
      status: "pending",
      attempts: 0,
      messageId: dead.messageId,
    });
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: elsewhere.id } })).status).toBe("dead");
  });

  it("is for admins only", async () => {
    const team = await createTeam(db);
    const dead = await queueOne(team.organisation.id, "Refusé");
    await db.outboxMessage.update({ where: { id: dead.id }, data: { status: "dead" } });
    const client = new WebClient(app.url);
    await client.signIn(team.secretary.email, TEST_PASSWORD);
    expect((await client.get("/admin/emails-en-echec")).status).toBe(403);
    await client.get("/mon-compte");
    expect((await client.post(`/admin/emails-en-echec/${dead.id}/renvoyer`, {})).status).toBe(403);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: dead.id } })).status).toBe("dead");
  });
});

describe("/sante", () => {
  it("says the database answers and counts the emails waiting and given up", async () => {
    const before = await (await fetch(`${app.url}/sante`)).json();
    const team = await createTeam(db);
    await queueOne(team.organisation.id, "En attente");
    const dead = await queueOne(team.organisation.id, "Mort");
    await db.outboxMessage.update({ where: { id: dead.id }, data: { status: "dead" } });

    const response = await fetch(`${app.url}/sante`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", database: "ok" });
    // Other test files share the database: at least our rows more than before.
    expect(body.outbox.pending).toBeGreaterThanOrEqual(1);
    expect(body.outbox.dead).toBeGreaterThanOrEqual(before.outbox.dead + 1);
    expect(typeof body.outbox.oldestPendingAt).toBe("string");
  });
});
