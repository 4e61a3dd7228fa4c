// Agenda events as FullCalendar reads them (JSON feed) and as the page lists them without JavaScript.
import { DateTime } from "luxon";
import type { AgendaEvent } from "../../domain/agenda/list-agenda-events.ts";
import type { RdvStatus } from "../../generated/prisma/enums.ts";
import { formatShortDayTime, formatTime, isoInZone, localDateInput } from "../../vocabulary/dates.ts";
import { isCancelledStatus, isPastRdv, rdvStatusLabel } from "../../vocabulary/rdv-statuses.ts";

/** A FullCalendar event object (https://fullcalendar.io/docs/event-parsing). */
export type CalendarEvent = {
  id: string;
  title: string;
  /** ISO 8601 with the organisation's offset at that instant, e.g. "2027-03-29T09:00:00+02:00". */
  start: string;
  end: string;
  display?: "background";
  url?: string;
  backgroundColor?: string;
  borderColor?: string;
  textColor?: string;
  classNames: string[];
  extendedProps: { kind: AgendaEvent["kind"]; status?: RdvStatus; lieu?: string | null };
};

const DEFAULT_MOTIF_COLOR = "#3a6ea5";

/**
 * The calendar event of an RDV, a plage occurrence or an absence occurrence. Times carry the organisation's offset:
 * FullCalendar, given the organisation's zone as a named zone without a time-zone plugin, places each event at the
 * wall-clock time of that offset, so the calendar shows the organisation's time whatever the browser's zone.
 */
export function toCalendarEvent(event: AgendaEvent, timezone: string): CalendarEvent {
  const start = isoInZone(event.startsAt, timezone);
  const end = isoInZone(event.endsAt, timezone);
  switch (event.kind) {
    case "rdv": {
      const color = safeColor(event.motif.color);
      return {
        id: `rdv-${event.id}`,
        title: rdvTitle(event),
        start,
        end,
        url: `/rdvs/${event.id}`,
        backgroundColor: color,
        borderColor: color,
        textColor: readableTextOn(color),
        classNames: [
          "agenda-rdv",
          `agenda-rdv-${event.status}`,
          ...(isCancelledStatus(event.status) ? ["agenda-rdv-annule"] : []),
        ],
        extendedProps: { kind: "rdv", status: event.status, lieu: event.lieuName },
      };
    }
    case "plage":
      return {
        id: `plage-${event.id}-${start}`,
        title: `${event.title} · ${event.lieuName}`,
        start,
        end,
        display: "background",
        classNames: ["agenda-plage"],
        extendedProps: { kind: "plage", lieu: event.lieuName },
      };
    case "absence":
      return {
        id: `absence-${event.id}-${start}`,
        title: event.title,
        start,
        end,
        classNames: ["agenda-absence"],
        extendedProps: { kind: "absence" },
      };
  }
}

/** « Premier accueil — Marie Durand, Paul Martin », the motif alone when the RDV has no usager. */
export function rdvTitle(event: Extract<AgendaEvent, { kind: "rdv" }>): string {
  return event.usagers.length === 0 ? event.motif.name : `${event.motif.name} — ${event.usagers.join(", ")}`;
}

export type AgendaListItem = {
  kind: AgendaEvent["kind"];
  kindLabel: string;
  /** « 09:00 – 12:00 », or with days when the event spans several of them. */
  when: string;
  title: string;
  detail: string | null;
  url: string | null;
};
export type AgendaListDay = { date: string; events: AgendaListItem[] };

const KIND_LABELS: Record<AgendaEvent["kind"], string> = {
  rdv: "RDV",
  plage: "Plage d'ouverture",
  absence: "Absence",
};

/**
 * The events grouped under the local day they start on (or the first day shown, if they started before); RDV
 * statuses read at `now`.
 */
export function agendaListDays(
  events: AgendaEvent[],
  days: string[],
  timezone: string,
  now: Date = new Date(),
): AgendaListDay[] {
  const byDay = new Map<string, AgendaListItem[]>(days.map((date) => [date, []]));
  for (const event of events) {
    const startDay = localDateInput(event.startsAt, timezone);
    const date = days.includes(startDay) ? startDay : days[0];
    if (date === undefined) continue;
    byDay.get(date)?.push(toListItem(event, timezone, now));
  }
  return days.map((date) => ({ date, events: byDay.get(date) ?? [] }));
}

function toListItem(event: AgendaEvent, timezone: string, now: Date): AgendaListItem {
  const sameDay =
    localDateInput(event.startsAt, timezone) === localDateInput(new Date(event.endsAt.getTime() - 1), timezone);
  const when = sameDay
    ? `${formatTime(event.startsAt, timezone)} – ${formatTime(event.endsAt, timezone)}`
    : `${formatShortDayTime(event.startsAt, timezone)} – ${formatShortDayTime(event.endsAt, timezone)}`;
  const base = { kind: event.kind, kindLabel: KIND_LABELS[event.kind], when };
  switch (event.kind) {
    case "rdv":
      return {
        ...base,
        title: rdvTitle(event),
        detail: [rdvStatusLabel(event.status, { past: isPastRdv(event.startsAt, now) }), event.lieuName]
          .filter(Boolean)
          .join(" · "),
        url: `/rdvs/${event.id}`,
      };
    case "plage":
      return { ...base, title: event.title, detail: event.lieuName, url: null };
    case "absence":
      return { ...base, title: event.title, detail: null, url: null };
  }
}

/** Motif colours are admin input: only a #rrggbb colour reaches the page's styles. */
function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(color) ? color : DEFAULT_MOTIF_COLOR;
}

/** Black or white text, whichever contrasts more with the background (WCAG relative luminance). */
function readableTextOn(hex: string): string {
  // A handful of motif colours, asked for by every RDV of every feed: each worked out once.
  let text = textColours.get(hex);
  if (text === undefined) {
    text = contrastingText(hex);
    if (textColours.size >= 1_000) textColours.clear();
    textColours.set(hex, text);
  }
  return text;
}

const textColours = new Map<string, string>();

function contrastingText(hex: string): string {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? "#161616" : "#ffffff";
}

/** « Semaine du 22 au 28 mars 2027 », « Semaine du 29 mars au 4 avril 2027 », or « lundi 22 mars 2027 ». */
export function agendaPeriodTitle(days: string[]): string {
  const first = days[0] ?? "";
  const last = days[days.length - 1] ?? "";
  return rememberedLabel(`${first} ${last} ${days.length}`, () => periodTitle(first, last, days.length));
}

function periodTitle(firstDay: string, lastDay: string, count: number): string {
  const first = DateTime.fromISO(firstDay, { zone: "utc", locale: "fr" });
  const last = DateTime.fromISO(lastDay, { zone: "utc", locale: "fr" });
  if (count === 1) return first.toFormat("cccc d LLLL yyyy");
  const from =
    first.year !== last.year
      ? first.toFormat("d LLLL yyyy")
      : first.month !== last.month
        ? first.toFormat("d LLLL")
        : first.toFormat("d");
  return `Semaine du ${from} au ${last.toFormat("d LLLL yyyy")}`;
}

/** « lundi 22 mars », a day heading of the list. */
export function agendaDayLabel(date: string): string {
  return rememberedLabel(date, () => DateTime.fromISO(date, { zone: "utc", locale: "fr" }).toFormat("cccc d LLLL"));
}

// The same days come back on every page of every agent: luxon writes each heading and title once (building them was
// 4 % of the agenda page's CPU). Bounded, so that a long-running server keeps at most a few thousand short strings.
const labels = new Map<string, string>();

function rememberedLabel(key: string, label: () => string): string {
  let known = labels.get(key);
  if (known === undefined) {
    known = label();
    if (labels.size >= 10_000) labels.clear();
    labels.set(key, known);
  }
  return known;
}
