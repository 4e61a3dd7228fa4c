// What the agents' notification emails share: French day phrases, durations, names, links, and the ICS times of a
// series of local days and wall-clock times.
import { DateTime } from "luxon";
import { describeRecurrence } from "../../domain/recurrence/describe-recurrence.ts";
import type { Series } from "../../domain/recurrence/expand.ts";
import { expandOccurrences } from "../../domain/recurrence/expand.ts";
import { dayNumberFromLocalDate, instantAt } from "../../domain/recurrence/local-calendar.ts";
import { toRrule } from "../../domain/recurrence/to-rrule.ts";
import { buildIcs, type IcsMethod, type IcsPerson, type IcsTime } from "../ics.ts";
import { renderEmail } from "../render.ts";
import type { AgentRecordChange } from "../rules.ts";

/** One email ready for the outbox: subject, bodies and the calendar file. */
export type BuiltEmail = {
  subject: string;
  html: string;
  text: string;
  ics: { content: string; method: IcsMethod };
};

/** What every notification email needs besides its record: where links point, who sends it, who receives it. */
export type EmailEnvelope = {
  appUrl: string;
  /** The service's no-reply address, ORGANIZER of the calendar events. */
  sender: IcsPerson;
  recipient: IcsPerson;
  timezone: string;
  /** The moment of the change: subjects say « aujourd'hui » and « demain » relative to it; ICS DTSTAMP. */
  now: Date;
};

/** One line of an email's recap table. */
export type RecapRow = { label: string; value: string };

/** An absolute link into the app, whatever the trailing slash of APP_URL. */
export function appLink(appUrl: string, path: string): string {
  return `${appUrl.replace(/\/+$/, "")}${path}`;
}

/** Where an instant falls relative to `now`, in the organisation's calendar. */
export type DayReference = { relative: "today" | "tomorrow" | null; date: string };

/** « aujourd'hui », « demain », or « 26 août » (« 26 août 2028 » in another year) for subjects. */
export function dayReference(instant: Date, now: Date, timezone: string): DayReference {
  const day = DateTime.fromJSDate(instant, { zone: timezone }).setLocale("fr").startOf("day");
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf("day");
  const days = Math.round(
    DateTime.utc(day.year, day.month, day.day).diff(DateTime.utc(today.year, today.month, today.day), "days").days,
  );
  const date = day.toFormat(day.year === today.year ? "d LLLL" : "d LLLL yyyy");
  return { relative: days === 0 ? "today" : days === 1 ? "tomorrow" : null, date };
}

/** « 30 min », « 1 h », « 1 h 30 ». */
export function durationText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, "0")}`;
}

/** A subject or a name on one line: a title with a newline cannot add a header or split a subject. */
export function oneLine(text: string): string {
  return text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** « Prénom Nom ». */
export function fullName(person: { firstName: string; lastName: string }): string {
  return oneLine(`${person.firstName} ${person.lastName}`);
}

/** The DTSTART, DTEND and RRULE of a plage or an absence, in wall-clock time of the organisation's zone. */
export function seriesIcsTimes(series: Series, timezone: string): { start: IcsTime; end: IcsTime; rrule?: string } {
  const endDay = series.endDay ?? series.firstDay;
  if (series.recurrence === null || endDay !== series.firstDay) {
    // An absence over several days never repeats (the recurrence module ignores its recurrence as well).
    return {
      start: { local: `${series.firstDay}T${series.startTime}` },
      end: { local: `${endDay}T${series.endTime}` },
    };
  }
  // RFC 5545 leaves a DTSTART that is not an occurrence undefined: start at the first real occurrence (a weekly
  // series created on a Monday for Tuesdays and Thursdays starts on the Tuesday).
  const day = firstOccurrenceDay(series, timezone);
  if (day === null) {
    return {
      start: { local: `${series.firstDay}T${series.startTime}` },
      end: { local: `${series.firstDay}T${series.endTime}` },
    };
  }
  return {
    start: { local: `${day}T${series.startTime}` },
    end: { local: `${day}T${series.endTime}` },
    rrule: toRrule({
      recurrence: series.recurrence,
      firstDay: series.firstDay,
      startTime: series.startTime,
      timezone,
    }),
  };
}

// The first occurrence lies in the first active week or month: within 7 × 12 + 7 days for the longest weekly interval.
const FIRST_OCCURRENCE_WINDOW_DAYS = 92;

function firstOccurrenceDay(series: Series, timezone: string): string | null {
  const firstDay = dayNumberFromLocalDate(series.firstDay);
  const from = instantAt(firstDay, "00:00", timezone);
  const to = instantAt(firstDay + FIRST_OCCURRENCE_WINDOW_DAYS, "00:00", timezone);
  const [first] = expandOccurrences({ ...series, timezone }, { from, to });
  if (!first) return null;
  return DateTime.fromJSDate(first.startsAt, { zone: timezone }).toISODate();
}

/** The input of a plage or absence email: the record as it is now (as it was, for a deletion), and before. */
export type AgentRecordEmailInput<Facts> = EmailEnvelope & {
  change: AgentRecordChange;
  uid: string;
  sequence: number;
  record: Facts;
  /** For an update: the record as it was. */
  previous: Facts | null;
  authorLabel: string;
};

const PARTICIPLES: Record<AgentRecordChange, string> = {
  created: "créée",
  updated: "modifiée",
  deleted: "supprimée",
};

/** « Plage d'ouverture créée - Permanence école », « Indisponibilité modifiée - Congés ». */
export function agentRecordSubject(noun: string, change: AgentRecordChange, title: string): string {
  return `${noun} ${PARTICIPLES[change]} - ${oneLine(title)}`;
}

/** « Une plage d'ouverture de votre agenda a été créée. » */
export function agentRecordHeadline(subject: string, change: AgentRecordChange): string {
  return `${subject} a été ${PARTICIPLES[change]}.`;
}

/** The recap rows of a plage or an absence: its schedule (and the previous one when it changed). */
export function scheduleRows(series: Series, previous: Series | null): RecapRow[] {
  const schedule = describeRecurrence(series);
  const previousSchedule = previous ? describeRecurrence(previous) : null;
  const rows: RecapRow[] = [{ label: "Horaires", value: schedule }];
  if (previousSchedule !== null && previousSchedule !== schedule) {
    rows.push({ label: "Auparavant", value: previousSchedule });
  }
  return rows;
}

/** « Créée par », « Modifiée par », « Supprimée par ». */
export function agentRecordAuthorRow(change: AgentRecordChange, authorLabel: string): RecapRow {
  const label = PARTICIPLES[change];
  return { label: `${label.charAt(0).toUpperCase()}${label.slice(1)} par`, value: authorLabel };
}

/** What differs between a plage email and an absence email; the rest is {@link buildAgentRecordEmail}'s. */
export type AgentRecordEmailParts = {
  /** The EJS template under views/emails/. */
  template: string;
  subject: string;
  headline: string;
  rows: RecapRow[];
  link: string;
  linkLabel: string;
  summary: string;
  location?: string;
  series: Series;
  /** Plages do not make the agent busy (RDVs are booked inside them); absences do. */
  transparent: boolean;
};

/** Bodies and calendar file (REQUEST, or CANCEL for a deletion) of one plage or absence email. */
export async function buildAgentRecordEmail(
  input: AgentRecordEmailInput<unknown>,
  parts: AgentRecordEmailParts,
): Promise<BuiltEmail> {
  const { html, text } = await renderEmail(parts.template, {
    subject: parts.subject,
    recipientName: input.recipient.name,
    headline: parts.headline,
    rows: parts.rows,
    link: parts.link,
    linkLabel: parts.linkLabel,
    preferencesLink: appLink(input.appUrl, "/mon-compte/preferences"),
  });
  const method = input.change === "deleted" ? "CANCEL" : "REQUEST";
  const content = buildIcs({
    method,
    uid: input.uid,
    sequence: input.sequence,
    summary: parts.summary,
    description: [...parts.rows.map((row) => `${row.label} : ${row.value}`), parts.link].join("\n"),
    location: parts.location,
    url: parts.link,
    timezone: input.timezone,
    ...seriesIcsTimes(parts.series, input.timezone),
    transparent: parts.transparent,
    organizer: input.sender,
    attendee: input.recipient,
    now: input.now,
  });
  return { subject: parts.subject, html, text, ics: { content, method } };
}
