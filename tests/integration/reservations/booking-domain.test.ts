// Booking, moving and cancelling online through the domain actions, on the test database: the usager is attached
// (found by email or created) and is the author of every change, history rows are written, the usager's email is
// queued with its link's token (only the sha256 stored), and a créneau taken or outside the window is a 409.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bookReservation } from "../../../src/domain/reservations/book-reservation.ts";
import {
  cancelReservation,
  findReservation,
  moveReservation,
} from "../../../src/domain/reservations/change-reservation.ts";
import { findFreeCreneaux } from "../../../src/domain/reservations/find-free-creneaux.ts";
import { CRENEAU_TAKEN_MESSAGE } from "../../../src/domain/reservations/take-creneau.ts";
import { testDb } from "../../support/db.ts";
import { domainContext, renderedRows } from "../notifications/support.ts";
import { bookingOf, bookingTeam, dayFromToday, localIso } from "./reservation-fixtures.ts";

describe("booking online", () => {
  it("creates the RDV with the free agent, the usager as author, its history and a confirmation with a link", async () => {
    const db = testDb();
    const team = await bookingTeam(db);
    const day = dayFromToday(5);
    const booking = bookingOf(team, localIso(day, "09:30"));
    const { rdv, token } = await bookReservation(domainContext(db), { raw: booking });

    expect(rdv.agentIds).toEqual([team.agent1.id]);
    expect(rdv.startsAt.toISOString()).toBe(new Date(booking.startsAt).toISOString());
    expect(rdv.status).toBe("unknown");
    const user = await db.user.findUniqueOrThrow({ where: { id: rdv.userIds[0] } });
    expect(user).toMatchObject({
      email: booking.usager.email,
      phone: "0612345678",
      organisationId: team.organisation.id,
    });
    const row = await db.rdv.findUniqueOrThrow({ where: { id: rdv.id } });
    expect(row.createdByUserId).toBe(user.id);
    expect(row.createdByAgentId).toBeNull();
    const history = await db.historyEntry.findMany({ where: { organisationId: team.organisation.id } });
    expect(history.map((entry) => [entry.recordType, entry.action, entry.authorUserId])).toEqual(
      expect.arrayContaining([
        ["user", "created", user.id],
        ["rdv", "created", user.id],
      ]),
    );
    // Only the sha256 of the link's secret is stored.
    const stored = await db.reservationToken.findFirstOrThrow({ where: { rdvId: rdv.id } });
    expect(stored.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(stored.expiresAt.toISOString()).toBe(rdv.startsAt.toISOString());

    const [email] = await renderedRows(db, { organisationId: team.organisation.id, toEmail: booking.usager.email });
    expect(email?.kind).toBe("usager_rdv_confirmed");
    expect(email?.subject).toMatch(/^Votre RDV est confirmé\u00a0: .* à 09:30$/);
    expect(email?.text).toContain(`https://rdv.example.fr/mon-rdv/${token}`);
    expect(email?.ics?.method).toBe("REQUEST");
    expect(email?.ics?.content).toContain(`UID:${rdv.uid}`);
    expect(email?.ics?.content).toContain("SEQUENCE:0");
  });

  it("attaches a known usager found by email without changing what the agents recorded", async () => {
    const db = testDb();
    const team = await bookingTeam(db);
    const known = await db.user.create({
      data: {
        organisationId: team.organisation.id,
        firstName: "Karim",
        lastName: "Benali",
        email: "karim.b@example.org",
      },
    });
    const booking = bookingOf(team, localIso(dayFromToday(6), "10:00"), {
      email: "  Karim.B@Example.org ",
      firstName: "Quelqu'un",
      lastName: "D'autre",
    });
    const { rdv } = await bookReservation(domainContext(db), { raw: booking });
    expect(rdv.userIds).toEqual([known.id]);
    expect(await db.user.findUniqueOrThrow({ where: { id: known.id } })).toMatchObject({
      firstName: "Karim",
      lastName: "Benali",
      phone: null,
    });
    expect(await db.user.count({ where: { organisationId: team.organisation.id } })).toBe(1);
  });

  it("refuses a créneau already taken, off the grid, outside the window or not offered online, with a 409 and nothing written", async () => {
    const db = testDb();
    const team = await bookingTeam(db);
    const context = domainContext(db);
    const day = dayFromToday(4);
    await bookReservation(context, { raw: bookingOf(team, localIso(day, "11:00")) });
    const refused = [
      localIso(day, "11:00"),
      localIso(day, "11:10"),
      localIso(day, "12:00"),
      localIso(dayFromToday(60), "09:00"),
    ];
    for (const startsAt of refused) {
      await expect(bookReservation(context, { raw: bookingOf(team, startsAt) })).rejects.toMatchObject({
        code: "conflict",
        message: CRENEAU_TAKEN_MESSAGE,
      });
    }
    expect(await db.rdv.count({ where: { organisationId: team.organisation.id } })).toBe(1);
    expect(await db.user.count({ where: { organisationId: team.organisation.id } })).toBe(1);

    await db.motif.update({ where: { id: team.organisation.motif.id }, data: { bookableOnline: false } });
    await expect(bookReservation(context, { raw: bookingOf(team, localIso(day, "09:00")) })).rejects.toMatchObject({
      code: "invalid",
      fields: { motifId: expect.any(String) },
    });
  });

  it("refuses bad usager fields with a French message per field", async () => {
    const db = testDb();
    const team = await bookingTeam(db);
    const booking = bookingOf(team, localIso(dayFromToday(3), "09:00"), {
      firstName: " ",
      email: "pas-un-email",
      phone: "12",
    });
    await expect(bookReservation(domainContext(db), { raw: booking })).rejects.toMatchObject({
      code: "invalid",
      fields: {
        "usager.firstName": "Indiquez le prénom.",
        "usager.email": expect.stringMatching(/^Saisissez une adresse email valide/),
        "usager.phone": expect.stringMatching(/^Saisissez un numéro de téléphone valide/),
      },
    });
  });

  it("moves to another free créneau (same agent, SEQUENCE up, link follows) and cancels as excused, the usager as author", async () => {
    const db = testDb();
    const team = await bookingTeam(db);
    const context = domainContext(db);
    const day = dayFromToday(7);
    const booking = bookingOf(team, localIso(day, "09:00"));
    const { rdv, token } = await bookReservation(context, { raw: booking });
    const userId = rdv.userIds[0];

    // The RDV's own time is free for itself: 09:00 → 09:30 needs no other agent.
    const moved = await moveReservation(context, { token, raw: { startsAt: localIso(day, "09:30") } });
    expect(moved.startsAt.toISOString()).toBe(new Date(localIso(day, "09:30")).toISOString());
    expect(moved.sequence).toBe(1);
    expect(moved.agentIds).toEqual([team.agent1.id]);
    expect((await db.reservationToken.findFirstOrThrow({ where: { rdvId: rdv.id } })).expiresAt).toEqual(
      moved.startsAt,
    );
    const search = await findFreeCreneaux(db, {
      organisationId: team.organisation.id,
      motifId: team.organisation.motif.id,
      from: day,
      to: day,
    });
    const times = search.creneaux.map((creneau) => creneau.startsAt.toISOString());
    expect(times).toContain(new Date(localIso(day, "09:00")).toISOString());
    expect(times).not.toContain(new Date(localIso(day, "09:30")).toISOString());

    const cancelled = await cancelReservation(context, { token });
    expect(cancelled.status).toBe("excused");
    expect(cancelled.sequence).toBe(2);
    // Cancelling again changes nothing; a cancelled RDV cannot move.
    expect((await cancelReservation(context, { token })).sequence).toBe(2);
    await expect(moveReservation(context, { token, raw: { startsAt: localIso(day, "10:00") } })).rejects.toMatchObject({
      code: "conflict",
    });
    expect((await findReservation(db, token)).rdv.status).toBe("excused");

    const history = await db.historyEntry.findMany({
      where: { recordId: rdv.id },
      orderBy: { createdAt: "asc" },
    });
    expect(history.map((entry) => [entry.action, entry.authorUserId, entry.authorAgentId])).toEqual([
      ["created", userId, null],
      ["updated", userId, null],
      ["updated", userId, null],
    ]);
    const emails = await renderedRows(db, { organisationId: team.organisation.id, toEmail: booking.usager.email });
    expect(emails.map((email) => [email.kind, email.ics?.method])).toEqual([
      ["usager_rdv_confirmed", "REQUEST"],
      ["usager_rdv_moved", "REQUEST"],
      ["usager_rdv_cancelled", "CANCEL"],
    ]);
    expect(emails.map((email) => /SEQUENCE:(\d+)/.exec(email.ics?.content ?? "")?.[1])).toEqual(["0", "1", "2"]);
    expect(emails[1]?.text).toContain("Ancien horaire");
  });

  it("moves to another agent when its own is busy then, and refuses a créneau nobody is free for with the same 409", async () => {
    const db = testDb();
    const team = await bookingTeam(db, { agents: ["agent1", "agent2"] });
    const context = domainContext(db);
    const day = dayFromToday(8);
    const first = await bookReservation(context, { raw: bookingOf(team, localIso(day, "09:00")) });
    const [agentOfFirst] = first.rdv.agentIds;
    const other = agentOfFirst === team.agent1.id ? team.agent2 : team.agent1;
    // The first RDV's agent is away from 10:00: a move to 10:30 goes to the other agent.
    await db.absence.create({
      data: {
        organisationId: team.organisation.id,
        agentId: agentOfFirst ?? "",
        title: "Formation",
        firstDay: new Date(`${day}T00:00:00Z`),
        startTime: "10:00",
        endDay: new Date(`${day}T00:00:00Z`),
        endTime: "12:00",
        uid: `absence-${first.rdv.id}@rdv-agents.fr`,
      },
    });
    const moved = await moveReservation(context, { token: first.token, raw: { startsAt: localIso(day, "10:30") } });
    expect(moved.agentIds).toEqual([other.id]);
    expect(moved.sequence).toBe(1);
    // 10:30: the other agent now has the moved RDV and the first one is away.
    await expect(bookReservation(context, { raw: bookingOf(team, localIso(day, "10:30")) })).rejects.toMatchObject({
      code: "conflict",
      message: CRENEAU_TAKEN_MESSAGE,
    });
    const second = await bookReservation(context, { raw: bookingOf(team, localIso(day, "09:00")) });
    expect(second.rdv.agentIds).toHaveLength(1);
    await expect(
      moveReservation(context, { token: second.token, raw: { startsAt: localIso(day, "10:30") } }),
    ).rejects.toMatchObject({ code: "conflict", message: CRENEAU_TAKEN_MESSAGE });
    expect((await db.rdv.findUniqueOrThrow({ where: { id: second.rdv.id } })).sequence).toBe(0);
  });

  it("answers a wrong or expired token with the same 404", async () => {
    const db = testDb();
    const team = await bookingTeam(db);
    const { token } = await bookReservation(domainContext(db), {
      raw: bookingOf(team, localIso(dayFromToday(2), "09:00")),
    });
    const later = new Date(Date.now() + 40 * 86_400_000);
    for (const [secret, now] of [
      [`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, new Date()],
      ["court", new Date()],
      [token, later],
    ] as const) {
      await expect(findReservation(db, secret, now)).rejects.toMatchObject({ code: "not_found" });
      await expect(cancelReservation(domainContext(db), { token: secret, now })).rejects.toMatchObject({
        code: "not_found",
      });
    }
  });
});

describe("the link of an RDV an agent moved", () => {
  it("stops working once the RDV has started, even when the token's own end is later", async () => {
    const db = testDb();
    const team = await bookingTeam(db);
    const { rdv, token } = await bookReservation(domainContext(db), {
      raw: bookingOf(team, localIso(dayFromToday(3), "09:00")),
    });
    // As the back-office would: the RDV now started an hour ago.
    await db.rdv.update({ where: { id: rdv.id }, data: { startsAt: new Date(Date.now() - 3_600_000) } });
    await expect(findReservation(db, token)).rejects.toMatchObject({ code: "not_found" });
    await expect(cancelReservation(domainContext(db), { token })).rejects.toMatchObject({ code: "not_found" });
    expect((await db.rdv.findUniqueOrThrow({ where: { id: rdv.id } })).status).toBe("unknown");
  });
});
