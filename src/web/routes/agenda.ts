// The agenda: a week or day view of one agent of the current organisation (FullCalendar fed by a JSON endpoint behind
// the session), with a server-rendered list of the same events for browsers without JavaScript; and for secretaries
// (where they land) and admins, « Équipe »: the day of every agent side by side, each free half hour a link to book.
import { type NextFunction, type Request, type Response, Router } from "express";
import { type AgendaView, agendaPageSchema, agendaRangeSchema } from "../../domain/agenda/agenda.schemas.ts";
import { agendaPeriod, shiftedDate, todayIn } from "../../domain/agenda/agenda-range.ts";
import { listAgendaEvents, listAgendaEventsAndAgents } from "../../domain/agenda/list-agenda-events.ts";
import { canSeeTeamDay, listTeamDay } from "../../domain/agenda/team-day.ts";
import { AppError } from "../../domain/errors.ts";
import { fieldErrorsFrom } from "../../domain/validation.ts";
import type { AppContext } from "../context.ts";
import { STATUS_OF } from "../middleware/errors.ts";
import { requireAgent, sessionOf } from "../middleware/session.ts";
import { pageQuery } from "../params.ts";
import { agendaCreationActions } from "../presenters/agenda-actions.ts";
import { agendaDayLabel, agendaListDays, agendaPeriodTitle, toCalendarEvent } from "../presenters/agenda-events.ts";
import { teamDay } from "../presenters/agenda-team.ts";

export function agendaRoutes({ db }: AppContext): Router {
  const router = Router();
  router.get("/", (_req, res) => res.redirect("/agenda"));

  router.get("/agenda", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const organisation = session.currentOrganisation;
    if (!organisation) {
      res.render("agenda/no-organisation", { nav: "agenda" });
      return;
    }
    const query = pageQuery(res, agendaPageSchema, req.query);
    if (!query) return;
    const { timezone } = organisation;
    const teamAllowed = canSeeTeamDay(session.actor, organisation.id);
    // A secretary books for every agent: the team's day is where it lands; an agent asking for it gets its own day.
    const asked = query.vue ?? (organisation.level === "secretary" && !query.agentId ? "equipe" : "semaine");
    const view = asked === "equipe" && !teamAllowed ? "jour" : asked;
    const date = query.date ?? todayIn(timezone);
    if (view === "equipe") {
      const period = agendaPeriod(date, view, timezone);
      const agendas = await listTeamDay(db, {
        actor: session.actor,
        organisationId: organisation.id,
        range: period.range,
      });
      const link = (changes: { date?: string; vue?: AgendaView }) =>
        agendaUrl({ agentId: undefined, date, vue: view, ...changes });
      res.render("agenda/team", {
        nav: "agenda",
        date,
        dayLabel: agendaDayLabel(date),
        team: teamDay(agendas, date, timezone),
        links: {
          previous: link({ date: shiftedDate(date, view, -1) }),
          today: link({ date: todayIn(timezone) }),
          next: link({ date: shiftedDate(date, view, 1) }),
          myWeek: link({ vue: "semaine" }),
          print: `/agenda/impression?${new URLSearchParams({ date })}`,
          newRdv: `/rdvs/nouveau?${new URLSearchParams({ date })}`,
        },
        styles: ["/assets/css/agenda.css"],
      });
      return;
    }
    const agentId = query.agentId ?? session.agent.id;
    const period = agendaPeriod(date, view, timezone);
    // The events and the picker's agents in one statement.
    const { agenda, agents } = await listAgendaEventsAndAgents(db, {
      actor: session.actor,
      organisationId: organisation.id,
      agentId,
      range: period.range,
    });
    const isSelf = agentId === session.agent.id;
    const link = (changes: { date?: string; vue?: AgendaView }) =>
      agendaUrl({ agentId: isSelf ? undefined : agentId, date, vue: view, ...changes });
    const creation = agendaCreationActions(session.actor, organisation.id, agenda.agent.id);
    res.render("agenda/index", {
      nav: "agenda",
      agent: agenda.agent,
      isSelf,
      canCreatePlage: creation.canCreatePlage,
      canCreateAbsence: creation.canCreateAbsence,
      agents,
      date,
      view,
      timezone,
      periodTitle: agendaPeriodTitle(period.days),
      days: agendaListDays(agenda.events, period.days, timezone).map((day) => ({
        ...day,
        label: agendaDayLabel(day.date),
      })),
      links: {
        previous: link({ date: shiftedDate(date, view, -1) }),
        today: link({ date: todayIn(timezone) }),
        next: link({ date: shiftedDate(date, view, 1) }),
        week: link({ vue: "semaine" }),
        day: link({ vue: "jour" }),
        team: teamAllowed ? agendaUrl({ agentId: undefined, date, vue: "equipe" }) : null,
        newRdv: `/rdvs/nouveau?${new URLSearchParams({ agentId, date })}`,
        newPlage: creation.newPlage,
        newAbsence: creation.newAbsence,
      },
      scripts: ["/vendor/fullcalendar/index.global.min.js", "/assets/js/agenda.js"],
      styles: ["/assets/css/agenda.css"],
    });
  });

  // FullCalendar's events feed: `?agentId=…&start=…&end=…` → an array of event objects. JSON all the way, errors too.
  router.get("/agenda/evenements", async (req, res) => {
    const session = res.locals.session;
    if (!session) {
      res.status(401).json({ error: { code: "unauthorized", message: "Votre session a expiré : reconnectez-vous." } });
      return;
    }
    const organisation = session.currentOrganisation;
    if (!organisation) throw new AppError("not_found", "Vous n'appartenez à aucune organisation.");
    const query = agendaRangeSchema(organisation.timezone).safeParse(req.query);
    if (!query.success) {
      res.status(400).json({
        error: { code: "bad_request", message: "Paramètres invalides.", fields: fieldErrorsFrom(query.error) },
      });
      return;
    }
    const agenda = await listAgendaEvents(db, {
      actor: session.actor,
      organisationId: organisation.id,
      agentId: query.data.agentId ?? session.agent.id,
      range: { from: query.data.start, to: query.data.end },
    });
    res.set("Cache-Control", "private, no-store");
    sendUncachedJson(
      res,
      agenda.events.map((event) => toCalendarEvent(event, agenda.timezone)),
    );
  });
  router.use("/agenda/evenements", jsonErrors);
  return router;
}

/** The agenda page's URL; the signed-in agent's own agenda needs no agentId. */
function agendaUrl({ agentId, date, vue }: { agentId: string | undefined; date: string; vue: AgendaView }): string {
  const params = new URLSearchParams({ ...(agentId ? { agentId } : {}), date, vue });
  return `/agenda?${params}`;
}

/**
 * `res.json` without Express's ETag: the feed is `no-store`, so no browser ever sends the tag back, and hashing every
 * answer (28 kB for a busy week) after copying it into a Buffer for that hash cost 6 % of the feed's CPU. Node sends
 * no body to a HEAD request.
 */
function sendUncachedJson(res: Response, body: unknown): void {
  const json = JSON.stringify(body);
  res.type("json");
  res.set("Content-Length", String(Buffer.byteLength(json)));
  res.end(json);
}

/** The events feed answers in JSON even when it refuses (404 for another organisation's agent). */
function jsonErrors(error: unknown, _req: Request, res: Response, next: NextFunction) {
  if (!(error instanceof AppError)) return next(error);
  res.status(STATUS_OF[error.code]).json({ error: { code: error.code, message: error.message, fields: error.fields } });
}
