// The days a week or day view covers, and the instants that bound them in the organisation's zone. Days are counted
// with the recurrence module's day numbers, so a week that contains a daylight-saving change is still seven days.

import { localDateInput } from "../../vocabulary/dates.ts";
import type { Range } from "../recurrence/expand.ts";
import {
  dayNumberFromLocalDate,
  instantAt,
  localDateFromDayNumber,
  weekdayIndex,
} from "../recurrence/local-calendar.ts";
import type { AgendaView } from "./agenda.schemas.ts";

/** What a view shows: its local days ("YYYY-MM-DD", Monday first for a week) and the instants [from, to). */
export type AgendaPeriod = { view: AgendaView; days: string[]; range: Range };

/** Whether a view shows one day (the day of one agent, or of the whole team). */
function isOneDay(view: AgendaView): boolean {
  return view === "jour" || view === "equipe";
}

/** The week (Monday to Sunday) or the day that contains `date`, in `timezone`. */
export function agendaPeriod(date: string, view: AgendaView, timezone: string): AgendaPeriod {
  const day = dayNumberFromLocalDate(date);
  const first = isOneDay(view) ? day : day - weekdayIndex(day);
  const count = isOneDay(view) ? 1 : 7;
  const days = Array.from({ length: count }, (_, index) => localDateFromDayNumber(first + index));
  return {
    view,
    days,
    range: { from: instantAt(first, "00:00", timezone), to: instantAt(first + count, "00:00", timezone) },
  };
}

/** The same view one period earlier (-1) or later (+1): the date moves by a week or by a day. */
export function shiftedDate(date: string, view: AgendaView, direction: -1 | 1): string {
  return localDateFromDayNumber(dayNumberFromLocalDate(date) + direction * (isOneDay(view) ? 1 : 7));
}

/** Today in the organisation's zone, "YYYY-MM-DD". */
export function todayIn(timezone: string, now = new Date()): string {
  // Through the vocabulary's offsets cached per day: the recurrence module's dayNumberOfInstant builds a luxon
  // DateTime for every new instant, and "now" is always new.
  return localDateInput(now, timezone);
}
