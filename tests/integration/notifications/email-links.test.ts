// Every link of every email kind opens a page its recipient may see: each email is queued by the real domain action,
// sent by the worker to the SMTP sink with this app's APP_URL, and every link of its HTML, its text and its calendar
// file (URL) is followed as the recipient reads it — signed in as the agent it is for, or anonymously for an
// invitation or a password reset — right after it arrives, as a recipient would click it.
import ICAL from "ical.js";
import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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
import { createTeam, createUser, unique } from "../../support/factories.ts";
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
  await processOutboxOnce({ db, transport, config: { APP_URL: app.url }, organisationIds: [team.organisation.id] });
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

/** The paths every followed link led to, ids and secrets replaced by « :id » and « :secret ». */
const followed = new Set<string>();

/**
 * Follow every link of `emails` with `client` (the recipient): each answers 200. `tel:` links dial the usager and
 * are checked for a number only. Returns the app links followed.
 */
async function followAll(emails: ReceivedEmail[], client: WebClient): Promise<string[]> {
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
      expect(link.startsWith(`${app.url}/`), `${link} in « ${email.parsed.subject} »`).toBe(true);
      const path = link.slice(app.url.length);
      const page = await client.get(path);
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
    // By phone: the usager's number, as a link a phone can dial.
    expect(linksOf(created)).toContain("tel:0612345678");
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
    expect(await followAll(await deliver(team), owner)).toContain(`/plages/${plage.id}`);
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
    expect(created.parsed.subject).toBe("Absence créée\u00a0: Congés");
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
    expect(invitation?.parsed.text).toContain("en tant qu'agent");
    expect(await followAll(emails, new WebClient(app.url))).toContain("/connexion");
  });

  it("password reset, followed anonymously", async () => {
    const team = await createTeam(db, { timezone: ZONE });
    await requestPasswordReset(context, { raw: { email: team.agent1.email } });
    const before = sink.messages.length;
    // A reset belongs to no organisation: the worker's pass over every due row of this agent.
    await processOutboxOnce({ db, transport, config: { APP_URL: app.url } });
    const emails = sink.messages.slice(before).filter((e) => e.to.includes(team.agent1.email));
    expect(emails.map((e) => e.parsed.subject)).toEqual(["Changement de votre mot de passe RDV Agents"]);
    await followAll(emails, new WebClient(app.url));
  });

  it("followed every kind of link", () => {
    expect([...followed].sort()).toEqual(
      [
        "/absences",
        "/absences/:id",
        "/agenda",
        "/connexion",
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
