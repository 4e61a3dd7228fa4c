// « Imprimer la journée »: the day's RDVs of the current organisation, by agent or by lieu, on an A4 page each.
import { Router } from "express";
import { daySheetQuerySchema } from "../../domain/agenda/agenda.schemas.ts";
import { agendaPeriod, todayIn } from "../../domain/agenda/agenda-range.ts";
import { listDaySheet } from "../../domain/agenda/day-sheet.ts";
import { listAgendaAgents } from "../../domain/agenda/list-agenda-agents.ts";
import { listLieux } from "../../domain/lieux/lieu.queries.ts";
import { formatDate } from "../../vocabulary/dates.ts";
import type { AppContext } from "../context.ts";
import { currentOrganisationOf, requireAgent, sessionOf } from "../middleware/session.ts";
import { pageQuery } from "../params.ts";
import { presentDaySheet } from "../presenters/day-sheet.ts";

export function daySheetRoutes({ db }: AppContext): Router {
  const router = Router();
  router.get("/agenda/impression", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const query = pageQuery(res, daySheetQuerySchema, req.query);
    if (!query) return;
    const { timezone } = organisation;
    const date = query.date ?? todayIn(timezone);
    const period = agendaPeriod(date, "jour", timezone);
    const isAgent = organisation.level === "agent";
    const groups = await listDaySheet(db, {
      actor: session.actor,
      organisationId: organisation.id,
      range: period.range,
      by: query.par,
      agentId: query.agentId,
      lieuId: query.lieuId,
    });
    res.render("agenda/day-sheet", {
      title: `Journée du ${formatDate(period.range.from, timezone)}`,
      nav: "agenda",
      organisation,
      date,
      dayLabel: formatDate(period.range.from, timezone),
      filters: query,
      agents: isAgent ? [] : await listAgendaAgents(db, session.actor, organisation.id),
      lieux: await listLieux(db, { actor: session.actor, organisationId: organisation.id }),
      isAgent,
      groups: presentDaySheet(groups, timezone, new Date()),
      styles: ["/assets/css/print.css"],
      scripts: ["/assets/js/print.js"],
    });
  });
  return router;
}
