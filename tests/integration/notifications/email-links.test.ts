// Every link of every email kind opens a page its recipient may see: each email is queued by the real domain action,
// sent by the worker to the SMTP sink with this app's APP_URL, and every link of its HTML, its text and its calendar
// file (URL) is followed as the recipient reads it — signed in as the agent it is for, or anonymously for an
// invitation or a password reset — right after it arrives, as a recipient would click it.
import ICAL from "ical.js";
import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "../../../src/db/migrate.ts";
import { createAbsence } from "../../../src/domain/absences/create-absence.ts";
import { deleteAbsence } from "../../../src/domain/absences/delete-absence.ts";
import { updateAbsence } from "../../../src/domain/absences/update-absence.ts";
import { inviteAgent } from "../../../src/domain/agents/invite-agent.ts";
import type { Actor } from "../../../src/domain/auth/actor.ts";
import { requestPasswordReset } from "../../../src/domain/auth/password-reset.ts";
import { agentAuthor } from "../../../src/domain/author.ts";
import { createPlage } from "../../../src/domain/plages/create-plage.ts";
import { deletePlage } from "../../../src/domain/plages/delete-plage.ts";
import { updatePlage } from "../../../src/domain/plages/update-plage.ts";
import { changeRdvStatus } from "../../../src/domain/rdvs/change-rdv-status.ts";
import { createRdv } from "../../../src/domain/rdvs/create-rdv.ts";
import { deleteRdv } from "../../../src/domain/rdvs/delete-rdv.ts";
import { parseNewRdvBody, parseRdvPatchBody } from "../../../src/domain/rdvs/rdv.schemas.ts";
import { updateRdv } from "../../../src/domain/rdvs/update-rdv.ts";
import type { RoleLevel } from "../../../src/generated/prisma/enums.ts";
import type { EmailTransport } from "../../../src/notifications/transport.ts";
import { processOutboxOnce } from "../../../src/notifications/worker.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, createUser, TEST_PASSWORD, unique } from "../../support/factories.ts";
import { type FreshDatabase, freshDatabase } from "../../support/fresh-database.ts";
import { signedInClient, WebClient } from "../../support/http.ts";
import { type ReceivedEmail, type SmtpSink, startSmtpSink } from "../../support/smtp-sink.ts";
import { calendarOf, domainContext, prop, sinkTransport } from "./support.ts";

const db = testDb();
const context = domainContext(db);
let app: TestApp;
let sink: SmtpSink;
let transport: EmailTransport;

beforeAll(async () => {
  app = await startTestApp();
  sink = await startSmtpSink();
  transport = sinkTransport(sink.url);
});
afterAll(async () => {
  transport.close();
  await sink.close();
  await app.close();
});
afterEach(() => ICAL.TimezoneService.reset());

type Team = Awaited<ReturnType<typeof createTeam>>;

function actorOf(team: Team, who: "admin" | "secretary" | "agent1"): Actor {
  const level: RoleLevel = who === "agent1" ? "agent" : who;
  return { agentId: team[who].id, memberships: [{ organisationId: team.organisation.id, level }] };
}

/** The worker's pass over the team's rows, with links to this app; the emails it sent. */
async function deliver(team: Team): Promise<ReceivedEmail[]> {
  const before = sink.messages.length;
  const { sent } = await processOutboxOnce({
    db,
    transport,
    config: { APP_URL: app.url },
    organisationIds: [team.organisation.id],
  });
  // The sink may file a message a moment after the server's answer reached the worker.
  await sink.waitForMessages(before + sent);
  return sink.messages.slice(before);
}

/** Every link an email holds: its HTML hrefs, the addresses of its text, the URL of its calendar file. */
function linksOf(email: ReceivedEmail): string[] {
  const html = typeof email.parsed.html === "string" ? email.parsed.html : "";
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((match) => (match[1] ?? "").replaceAll("&amp;", "&"));
  const texts = [...(email.parsed.text ?? "").matchAll(/https?:\/\/[^\s]+/g)].map((match) => match[0]);
  const hasCalendar = email.parsed.attachments.some((part) => part.contentType === "text/calendar");
  const url = hasCalendar ? [prop(calendarOf(email).event, "url")] : [];
  return [...new Set([...hrefs, ...texts, ...url])];
}

/** The file name of the email's calendar attachment (the .ics part nodemailer adds beside the inline one). */
function icsNameOf(email: ReceivedEmail): string | undefined {
  return /filename=([^\s;]+\.ics)/.exec(email.raw)?.[1];
}

/** The paths every followed link led to, ids and secrets replaced by « :id » and « :secret ». */
const followed = new Set<string>();

/**
 * Follow every link of `emails` with `client` (the recipient): each answers 200. `tel:` links dial the usager and
 * are checked for a number only. Returns the app links followed.
 */
async function followAll(
  emails: ReceivedEmail[],
  client: WebClient,
  appUrl = app.url,
  signInAs?: string,
): Promise<string[]> {
  expect(emails.length).toBeGreaterThan(0);
  const paths: string[] = [];
  for (const email of emails) {
    const links = linksOf(email);
    expect(links.length, email.parsed.subject).toBeGreaterThan(0);
    for (const link of links) {
      if (link.startsWith("tel:")) {
        expect(link).toMatch(/^tel:\+?\d{6,}$/);
        continue;
      }
      expect(link.startsWith(`${appUrl}/`), `${link} in « ${email.parsed.subject} »`).toBe(true);
      const path = link.slice(appUrl.length);
      let page = await client.get(path);
      // A link for an existing account may ask its recipient to sign in first: as a person would, then back to it.
      if (signInAs && page.status === 302 && page.location?.startsWith("/connexion")) {
        expect((await client.signIn(signInAs, TEST_PASSWORD)).status).toBe(302);
        page = await client.get(path);
      }
      expect(page.status, `${path} in « ${email.parsed.subject} »`).toBe(200);
      paths.push(path);
      followed.add(
        path
          .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id")
          .replace(/\/(invitations|nouveau)\/[A-Za-z0-9_-]{20,}/, "/$1/:secret"),
      );
    }
  }
  return paths;
}

const ZONE = "Europe/Paris";
const tomorrowAt = (time: string) =>
  DateTime.now()
    .setZone(ZONE)
    .plus({ days: 1 })
    .set({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3)), second: 0, millisecond: 0 });

describe("every link of every email answers 200 to its recipient", () => {
  // A reset belongs to no organisation: only a whole worker pass sends it, and on the shared test database that pass
  // would also send other test files' emails. This case gets a database, and an app, of its own.
  describe("password reset, followed anonymously", () => {
    let database: FreshDatabase;
    let own: TestApp;
    beforeAll(async () => {
      database = await freshDatabase();
      await runMigrations(database.url);
      own = await startTestApp({}, { databaseUrl: database.url });
    });
    afterAll(async () => {
      await own?.close();
      await database?.drop();
    });

    it("opens the page to choose a new password", async () => {
      const team = await createTeam(own.db, { timezone: ZONE });
      await requestPasswordReset(domainContext(own.db), { raw: { email: team.agent1.email } });
      await processOutboxOnce({ db: own.db, transport, config: { APP_URL: own.url } });
      const email = await sink.waitForMessageTo(team.agent1.email, () => true);
      expect(email.parsed.subject).toBe("Changement de votre mot de passe RDV Agents");
      expect(email.parsed.text?.startsWith("RDV Agents\n\nBonjour")).toBe(true);
      const emails = [email];
      // The same link in the button, the HTML's fallback text and the text body: followed once.
      expect(await followAll(emails, new WebClient(own.url), own.url)).toEqual([
        expect.stringMatching(/^\/mot-de-passe\/nouveau\/[A-Za-z0-9_-]{20,}$/),
      ]);
    });
  });

  it("RDV created (by phone), moved, cancelled and deleted", async () => {
    const team = await createTeam(db, { timezone: ZONE });
    await db.agent.update({ where: { id: team.agent1.id }, data: { rdvNotificationsLevel: "all" } });
    const usager = await createUser(db, team.organisation.id, { firstName: "Jeanne", lastName: "Usagère" });
    await db.user.update({ where: { id: usager.id }, data: { phone: "06 12 34 56 78" } });
    const secretary = actorOf(team, "secretary");
    const author = agentAuthor(secretary.agentId);
    const byPhone = team.organisation.motifs.find((motif) => motif.locationType === "phone");
    if (!byPhone) throw new Error("factory: no phone motif");
    const recipient = await signedInClient(app.url, team.agent1.email);
    // The RDV booked, read back by its start (what createRdv returns is being reshaped by the conflicts work).
    const book = async (startsAt: DateTime) => {
      await createRdv(context, {
        actor: secretary,
        author,
        now: new Date(),
        rdv: parseNewRdvBody({
          organisationId: team.organisation.id,
          motifId: byPhone.id,
          startsAt: startsAt.toISO(),
          agentIds: [team.agent1.id],
          userIds: [usager.id],
        }),
      });
      return db.rdv.findFirstOrThrow({
        where: { organisationId: team.organisation.id, startsAt: startsAt.toJSDate() },
        select: { id: true },
      });
    };

    const rdv = await book(tomorrowAt("10:00"));
    const [created] = await deliver(team);
    if (!created) throw new Error("no creation email");
    // By phone: the usager's number, as a link a phone can dial. The organisation on top; the file named in French.
    expect(linksOf(created)).toContain("tel:0612345678");
    expect(created.parsed.text?.startsWith(`${team.organisation.name}\n\nBonjour`)).toBe(true);
    expect(icsNameOf(created)).toBe(`rdv-${tomorrowAt("10:00").toFormat("yyyy-MM-dd")}-1000.ics`);
    expect(created.parsed.subject).toMatch(/^Nouveau RDV le .* à 10:00 \(demain\)$/);
    expect(await followAll([created], recipient)).toEqual(
      expect.arrayContaining([`/rdvs/${rdv.id}`, "/mon-compte/preferences"]),
    );

    await updateRdv(context, {
      actor: secretary,
      author,
      rdvId: rdv.id,
      now: new Date(),
      patch: parseRdvPatchBody({ startsAt: tomorrowAt("11:30").toISO() }),
    });
    const moved = await deliver(team);
    expect(moved.map((email) => email.parsed.subject)).toEqual([expect.stringMatching(/^RDV déplacé au .* à 11:30/)]);
    await followAll(moved, recipient);

    await changeRdvStatus(context, { actor: secretary, author, rdvId: rdv.id, now: new Date(), status: "revoked" });
    const cancelled = await deliver(team);
    expect(cancelled.map((email) => email.parsed.subject)).toEqual([expect.stringMatching(/annulé$/)]);
    await followAll(cancelled, recipient);

    // A deleted RDV has no page any more: its email leads to the agenda.
    const other = await book(tomorrowAt("15:00"));
    await deliver(team);
    await deleteRdv(context, { actor: secretary, author, rdvId: other.id, now: new Date() });
    const deleted = await deliver(team);
    expect(await followAll(deleted, recipient)).toContain("/agenda");
  });

  it("plage d'ouverture created, changed and deleted by an admin, followed by its owner and by the admin", async () => {
    const team = await createTeam(db, { timezone: ZONE });
    const admin = actorOf(team, "admin");
    const author = agentAuthor(admin.agentId);
    const owner = await signedInClient(app.url, team.agent1.email);
    const { record: plage } = await createPlage(context, {
      actor: admin,
      author,
      now: new Date(),
      plage: {
        organisationId: team.organisation.id,
        agentId: team.agent1.id,
        title: "Permanence école",
        lieuId: team.organisation.lieu.id,
        motifIds: [team.organisation.motif.id],
        firstDay: tomorrowAt("09:00").toISODate() ?? "",
        startTime: "09:00",
        endTime: "12:00",
        recurrence: null,
      },
    });
    const [plageCreated] = await deliver(team);
    if (!plageCreated) throw new Error("no creation email");
    expect(icsNameOf(plageCreated)).toBe(`plage-ouverture-${tomorrowAt("09:00").toFormat("yyyy-MM-dd")}-0900.ics`);
    expect(await followAll([plageCreated], owner)).toContain(`/plages/${plage.id}`);
    await updatePlage(context, { actor: admin, author, id: plage.id, now: new Date(), patch: { endTime: "12:30" } });
    await followAll(await deliver(team), owner);

    // The show page: its owner and an admin see it, with what the email told; a colleague agent may not.
    const page = await (await signedInClient(app.url, team.admin.email)).get(`/plages/${plage.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Permanence école");
    expect(page.html).toContain(team.organisation.lieu.name);
    expect((await (await signedInClient(app.url, team.agent2.email)).get(`/plages/${plage.id}`)).status).toBe(403);

    await deletePlage(context, { actor: admin, author, id: plage.id, now: new Date() });
    expect(await followAll(await deliver(team), owner)).toContain("/plages");
    expect((await owner.get(`/plages/${plage.id}`)).status).toBe(404);
  });

  it("absence created, changed and deleted by its owner", async () => {
    const team = await createTeam(db, { timezone: ZONE });
    const actor = actorOf(team, "agent1");
    const author = agentAuthor(actor.agentId);
    const owner = await signedInClient(app.url, team.agent1.email);
    const { record: absence } = await createAbsence(context, {
      actor,
      author,
      now: new Date(),
      absence: {
        organisationId: team.organisation.id,
        agentId: team.agent1.id,
        title: "Congés",
        firstDay: tomorrowAt("08:00").toISODate() ?? "",
        startTime: "08:00",
        endDay: tomorrowAt("08:00").plus({ days: 4 }).toISODate() ?? "",
        endTime: "18:00",
        recurrence: null,
      },
    });
    const [created] = await deliver(team);
    if (!created) throw new Error("no creation email");
    expect(created.parsed.subject).toMatch(
      /^Absence créée\u00a0: Congés, du \S+ \d+ \S+( \d{4})? \(demain\) au \S+ \d+ \S+( \d{4})?$/u,
    );
    expect(icsNameOf(created)).toBe(`absence-${tomorrowAt("08:00").toFormat("yyyy-MM-dd")}-0800.ics`);
    expect(await followAll([created], owner)).toContain(`/absences/${absence.id}`);
    await updateAbsence(context, { actor, author, id: absence.id, now: new Date(), patch: { endTime: "17:00" } });
    await followAll(await deliver(team), owner);

    const page = await (await signedInClient(app.url, team.admin.email)).get(`/absences/${absence.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Congés");

    await deleteAbsence(context, { actor, author, id: absence.id, now: new Date() });
    expect(await followAll(await deliver(team), owner)).toContain("/absences");
  });

  it("invitation of a new agent and of an existing account, followed anonymously", async () => {
    const team = await createTeam(db, { timezone: ZONE });
    const other = await createTeam(db, { timezone: ZONE });
    const admin: Actor = {
      agentId: team.admin.id,
      memberships: [{ organisationId: team.organisation.id, level: "admin" }],
    };
    const email = `invitee-${unique()}@test.rdv-agents.fr`;
    await inviteAgent(context, {
      actor: admin,
      organisationId: team.organisation.id,
      raw: { email, firstName: "Élodie", lastName: "Nouvelle", role: "agent" },
    });
    await inviteAgent(context, {
      actor: admin,
      organisationId: team.organisation.id,
      raw: { email: other.agent1.email, firstName: "x", lastName: "y", role: "secretary" },
    });
    const emails = await deliver(team);
    expect(emails).toHaveLength(2);
    const invitation = emails.find((e) => e.to.includes(email));
    const toExisting = emails.filter((e) => e.to.includes(other.agent1.email));
    expect(toExisting).toHaveLength(1);
    expect(invitation?.parsed.text).toContain("en tant qu'agent");
    expect(invitation?.parsed.text?.startsWith(`${team.organisation.name}\n`)).toBe(true);
    // The new agent's link, anonymously; the existing account's, as its owner would (signing in if asked to).
    await followAll(
      emails.filter((e) => e.to.includes(email)),
      new WebClient(app.url),
    );
    await followAll(toExisting, new WebClient(app.url), app.url, other.agent1.email);
  });

  it("followed every kind of link", () => {
    // « /connexion »: the link of an account added at once, before existing accounts got invitations of their own.
    expect([...followed].filter((path) => path !== "/connexion").sort()).toEqual(
      [
        "/absences",
        "/absences/:id",
        "/agenda",
        "/invitations/:secret",
        "/mon-compte/preferences",
        "/mot-de-passe/nouveau/:secret",
        "/plages",
        "/plages/:id",
        "/rdvs/:id",
      ].sort(),
    );
  });
});
