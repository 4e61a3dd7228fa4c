// « Équipe »: one day of every agent as a table — a row per half hour, a column per agent — in which each free half
// hour is a link that books there. Server-rendered so that it reads as a table and works with a keyboard.
import { DateTime } from "luxon";
import type { Agenda, AgendaEvent } from "../../domain/agenda/list-agenda-events.ts";
import { formatTime } from "../../vocabulary/dates.ts";
import { fullName } from "../../vocabulary/names.ts";
import { rdvStatusLabel } from "../../vocabulary/rdv-statuses.ts";
import { rdvTitle } from "./agenda-events.ts";

const SLOT_MINUTES = 30;
const DAY_HOURS = { first: 7, last: 20 };

export type TeamCellEvent = {
  kind: "rdv" | "absence";
  when: string;
  title: string;
  url: string | null;
  status: string;
};
export type TeamCell = {
  /** Events that start in this half hour. */
  events: TeamCellEvent[];
  /** Covered by an RDV or an absence that started earlier (nothing to book). */
  busy: boolean;
  inPlage: boolean;
  /** The RDV form for this agent at this time, when the half hour is free. */
  bookUrl: string | null;
};
export type TeamRow = { time: string; cells: TeamCell[] };
export type TeamDay = { agents: { id: string; name: string; url: string }[]; rows: TeamRow[] };

const overlaps = (event: AgendaEvent, start: Date, end: Date) => event.startsAt < end && event.endsAt > start;

/** The team's day `date` ("YYYY-MM-DD" in `timezone`) as half-hour rows, 07:00–20:00 stretched to every event. */
export function teamDay(agendas: Agenda[], date: string, timezone: string, now = new Date()): TeamDay {
  const midnight = DateTime.fromISO(date, { zone: timezone }).startOf("day");
  const nextMidnight = midnight.plus({ days: 1 });
  // Wall-clock hours (`set`), not durations since midnight: on a daylight-saving day those are an hour off.
  let first = midnight.set({ hour: DAY_HOURS.first });
  let last = midnight.set({ hour: DAY_HOURS.last });
  for (const agenda of agendas) {
    for (const event of agenda.events) {
      if (event.kind === "rdv") {
        const start = DateTime.fromJSDate(event.startsAt).setZone(timezone).startOf("hour");
        const end = DateTime.fromJSDate(event.endsAt).setZone(timezone);
        if (start < first) first = start < midnight ? midnight : start;
        if (end > last) last = end > nextMidnight ? nextMidnight : end;
      }
    }
  }
  const rows: TeamRow[] = [];
  for (let slot = first; slot < last; slot = slot.plus({ minutes: SLOT_MINUTES })) {
    const start = slot.toJSDate();
    const end = slot.plus({ minutes: SLOT_MINUTES }).toJSDate();
    const time = slot.toFormat("HH:mm");
    rows.push({
      time,
      cells: agendas.map((agenda) => {
        const blocking = agenda.events.filter((event) => event.kind !== "plage" && overlaps(event, start, end));
        const starting = blocking.filter(
          (event) => event.startsAt >= start || (rows.length === 0 && event.startsAt < start),
        );
        const events = starting.map((event) => cellEvent(event, timezone, now));
        const free = blocking.length === 0;
        return {
          events,
          busy: !free && events.length === 0,
          inPlage: agenda.events.some((event) => event.kind === "plage" && overlaps(event, start, end)),
          bookUrl: free ? `/rdvs/nouveau?${new URLSearchParams({ agentId: agenda.agent.id, date, time })}` : null,
        };
      }),
    });
  }
  return {
    agents: agendas.map(({ agent }) => ({
      id: agent.id,
      name: fullName(agent),
      url: `/agenda?${new URLSearchParams({ agentId: agent.id, date, vue: "jour" })}`,
    })),
    rows,
  };
}

function cellEvent(event: AgendaEvent, timezone: string, now: Date): TeamCellEvent {
  const when = `${formatTime(event.startsAt, timezone)}–${formatTime(event.endsAt, timezone)}`;
  if (event.kind === "rdv") {
    return {
      kind: "rdv",
      when,
      title: rdvTitle(event),
      url: `/rdvs/${event.id}`,
      status: rdvStatusLabel(event.status, { past: event.startsAt < now }),
    };
  }
  return { kind: "absence", when, title: `Absence\u00a0: ${event.title}`, url: `/absences/${event.id}`, status: "" };
}
