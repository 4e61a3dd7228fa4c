// What the agents' notification emails share: the envelope of their payloads (who, where, when, which calendar
// event), French day phrases, durations, names, and the ICS times of a series of local days and wall-clock times.
import { z } from "zod";
import { describeRecurrence } from "../../domain/recurrence/describe-recurrence.ts";
import type { Series } from "../../domain/recurrence/expand.ts";
import { expandOccurrences } from "../../domain/recurrence/expand.ts";
import { dayNumberFromLocalDate, instantAt } from "../../domain/recurrence/local-calendar.ts";
import { recurrenceSchema } from "../../domain/recurrence/recurrence.schemas.ts";
import { toRrule } from "../../domain/recurrence/to-rrule.ts";
import { formatDate, formatTime, localDateInput } from "../../vocabulary/dates.ts";
import { frenchSpacing, frenchSpacingInHtml } from "../../vocabulary/typography.ts";
import type { AppLink } from "../app-link.ts";
import { buildIcs, type IcsMethod, type IcsTime } from "../ics.ts";
import type { AgentRecordChange } from "../rules.ts";
import { renderTemplate, type TemplateName } from "../templates.ts";

/** An instant in a payload: ISO 8601 in UTC, as `Date.toISOString()` writes it. */
export const instantSchema = z.iso.datetime();

const personSchema = z.object({ name: z.string(), email: z.string() });

/**
 * What every agent notification payload holds besides its record, as it was when the change happened: who receives
 * it, who sends it (ORGANIZER of the calendar event), the organisation and its zone, the moment of the change
 * (subjects say « aujourd'hui » relative to it; ICS DTSTAMP), the calendar event (UID, SEQUENCE, METHOD) and who made
 * the change, as the recipient reads it (« vous-même », « Sophie Martin », « Jean Dupont (usager) »).
 */
export const notificationEnvelopeSchema = z.object({
  recipient: personSchema,
  sender: personSchema,
  organisation: z.object({ name: z.string(), timezone: z.string() }),
  at: instantSchema,
  uid: z.string().min(1),
  sequence: z.number().int().min(0),
  method: z.enum(["REQUEST", "CANCEL"]),
  authorLabel: z.string(),
});

export type NotificationEnvelope = z.output<typeof notificationEnvelopeSchema>;

/** A plage or an absence as far as time goes (local days, wall-clock times, recurrence), in a payload. */
export const seriesSchema = z.object({
  firstDay: z.string(),
  startTime: z.string(),
  endDay: z.string().optional(),
  endTime: z.string(),
  recurrence: recurrenceSchema.nullable(),
});

/** What happened to a plage or an absence, for the agent who receives the email. */
const agentRecordChangeSchema = z.enum(["created", "updated", "deleted"]);

/** The calendar file of an email, with the name agents see. */
export type IcsAttachment = { content: string; method: IcsMethod; filename: string };

/** One line of an email's recap table; `href` makes its value a link in HTML (a `tel:` number). */
export type RecapRow = { label: string; value: string; href?: string };

/** Where an instant falls relative to `now`, in the organisation's calendar. */
type DayReference = { relative: "today" | "tomorrow" | null; date: string };

// Subjects name days in the organisation's calendar for every email the worker sends: through the vocabulary's
// cached offsets and name tables (src/vocabulary/dates.ts), not a zoned luxon DateTime, startOf("day") and diff per
// email (12 % of the worker's CPU). The strings are luxon's (tests/unit/notifications/subject-dates.test.ts).

/** A local day "YYYY-MM-DD" as a number of days since 1970-01-01 (years 0–99 included, unlike Date.UTC). */
function dayNumberOfIso(iso: string): number {
  const date = new Date(0);
  date.setUTCFullYear(Number(iso.slice(0, -6)), Number(iso.slice(-5, -3)) - 1, Number(iso.slice(-2)));
  return Math.round(date.getTime() / 86_400_000);
}

/** `"today"` or `"tomorrow"` when the local day `day` is the one of `today` or the next, both "YYYY-MM-DD". */
function relativeDay(day: string, today: string): DayReference["relative"] {
  const days = dayNumberOfIso(day) - dayNumberOfIso(today);
  return days === 0 ? "today" : days === 1 ? "tomorrow" : null;
}

/**
 * « mardi 3 décembre », or « mardi 3 décembre 2028 » with the year: `formatDate` writes « cccc d LLLL yyyy », whose
 * last word is the year.
 */
function dayText(instant: Date, timezone: string, withYear: boolean): string {
  const text = formatDate(instant, timezone);
  return withYear ? text : text.slice(0, text.lastIndexOf(" "));
}

/** The year of a "YYYY-MM-DD" local day. */
const yearOf = (iso: string) => iso.slice(0, -6);

const RELATIVE_TEXTS = { today: " (aujourd'hui)", tomorrow: " (demain)" } as const;

/** « aujourd'hui », « demain », or « 26 août » (« 26 août 2028 » in another year) for subjects. */
export function dayReference(instant: Date, now: Date, timezone: string): DayReference {
  const day = localDateInput(instant, timezone);
  const today = localDateInput(now, timezone);
  const text = dayText(instant, timezone, yearOf(day) !== yearOf(today));
  // Without the weekday, the first word.
  return { relative: relativeDay(day, today), date: text.slice(text.indexOf(" ") + 1) };
}

/**
 * « mardi 3 décembre à 10:30 (demain) », « jeudi 26 août 2028 à 09:00 »: an instant as a subject names it, in the
 * organisation's calendar, with « (aujourd'hui) » or « (demain) » relative to `now` when it applies.
 */
export function momentPhrase(instant: Date, now: Date, timezone: string): string {
  const day = localDateInput(instant, timezone);
  const today = localDateInput(now, timezone);
  const text = `${dayText(instant, timezone, yearOf(day) !== yearOf(today))} à ${formatTime(instant, timezone)}`;
  const relative = relativeDay(day, today);
  return relative === null ? text : `${text}${RELATIVE_TEXTS[relative]}`;
}

/**
 * The name of a calendar file: what it is and when it starts, in the organisation's wall-clock time
 * (`rdv-2026-12-03-1030.ics`, `plage-ouverture-2026-12-07-0900.ics`, `absence-2026-12-24-0900.ics`).
 */
export function icsFileName(what: "rdv" | "plage-ouverture" | "absence", day: string, time: string): string {
  return `${what}-${day}-${time.replace(":", "")}.ics`;
}

/** An email's subject and bodies with French typography (no-break spaces before « : ; ! ? » and inside « »). */
export function typeset<T extends { html: string; text: string }>(bodies: T): T {
  return { ...bodies, html: frenchSpacingInHtml(bodies.html), text: frenchSpacing(bodies.text) };
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
  return localDateInput(first.startsAt, timezone);
}

const PARTICIPLES: Record<AgentRecordChange, string> = {
  created: "créée",
  updated: "modifiée",
  deleted: "supprimée",
};

/**
 * « Plage d'ouverture créée : Permanence école », « Absence modifiée : Congés, du lundi 15 février au vendredi
 * 19 février » (French spacing applied): `when` (see seriesWhen) follows the title when given.
 */
export function agentRecordSubject(noun: string, change: AgentRecordChange, title: string, when?: string): string {
  return frenchSpacing(`${noun} ${PARTICIPLES[change]} : ${oneLine(title)}${when ? `, ${when}` : ""}`);
}

/**
 * When a plage or an absence takes place, for a subject: « le mardi 3 décembre (demain) », « du lundi 15 février au
 * vendredi 19 février », « à partir du lundi 4 janvier » for a series; the year only when it is not this year's,
 * « (aujourd'hui) » / « (demain) » after a first day that is today or tomorrow, in the organisation's calendar.
 */
export function seriesWhen(series: Series, now: Date, timezone: string): string {
  const today = localDateInput(now, timezone);
  // Local days name themselves: read at UTC midnight in UTC.
  const text = (iso: string) => dayText(new Date(`${iso}T00:00:00Z`), "UTC", yearOf(iso) !== yearOf(today));
  const relative = relativeDay(series.firstDay, today);
  const suffix = relative === null ? "" : RELATIVE_TEXTS[relative];
  const endDay = series.endDay ?? series.firstDay;
  if (endDay !== series.firstDay) return `du ${text(series.firstDay)}${suffix} au ${text(endDay)}`;
  if (series.recurrence !== null) return `à partir du ${text(series.firstDay)}${suffix}`;
  return `le ${text(series.firstDay)}${suffix}`;
}

/** « Une plage d'ouverture de votre agenda a été créée. » */
function agentRecordHeadline(subject: string, change: AgentRecordChange): string {
  return `${subject} a été ${PARTICIPLES[change]}.`;
}

/** The recap rows of a plage or an absence: its schedule (and the previous one when it changed). */
function scheduleRows(series: Series, previous: Series | null): RecapRow[] {
  const schedule = describeRecurrence(series);
  const previousSchedule = previous ? describeRecurrence(previous) : null;
  const rows: RecapRow[] = [{ label: "Horaires", value: schedule }];
  if (previousSchedule !== null && previousSchedule !== schedule) {
    rows.push({ label: "Auparavant", value: previousSchedule });
  }
  return rows;
}

/** « Créée par », « Modifiée par », « Supprimée par ». */
function agentRecordAuthorRow(change: AgentRecordChange, authorLabel: string): RecapRow {
  const label = PARTICIPLES[change];
  return { label: `${label.charAt(0).toUpperCase()}${label.slice(1)} par`, value: authorLabel };
}

/** One kind of plage or absence email: its noun (« Absence »), headline subject, and template and file name. */
export type AgentRecordKind = {
  noun: string;
  /** « Une absence de votre agenda » (a été créée). */
  headlineSubject: string;
  /** The name of its template and of its calendar files. */
  slug: "plage-ouverture" | "absence";
};

/** What a kind's email shows of its own: the rows between the schedule and the author, its link, its place. */
export type AgentRecordView = {
  rows: RecapRow[];
  link: string;
  linkLabel: string;
  location?: string;
  /** Plages do not make the agent busy (RDVs are booked inside them); absences do. */
  transparent: boolean;
};

/** The view model of a plage or absence email: what its bodies and its calendar event show. */
type FullAgentRecordView = AgentRecordView & {
  template: TemplateName;
  headline: string;
  summary: string;
  series: Series;
  icsFilename: string;
};

/** The bodies of a plage or absence email. */
function renderAgentRecordEmail(
  payload: NotificationEnvelope,
  subject: string,
  view: FullAgentRecordView,
  link: AppLink,
): { html: string; text: string } {
  return typeset(
    renderTemplate(view.template, {
      subject,
      organisationName: payload.organisation.name,
      recipientName: payload.recipient.name,
      headline: view.headline,
      rows: view.rows,
      link: view.link,
      linkLabel: view.linkLabel,
      preferencesLink: link("/mon-compte/preferences"),
    }),
  );
}

/** The calendar file (REQUEST, or CANCEL for a deletion) of a plage or absence email. */
function agentRecordIcs(payload: NotificationEnvelope, view: FullAgentRecordView): IcsAttachment {
  const timezone = payload.organisation.timezone;
  const content = buildIcs({
    method: payload.method,
    uid: payload.uid,
    sequence: payload.sequence,
    summary: view.summary,
    description: icsDescription(view.rows, view.link),
    location: view.location,
    url: view.link,
    timezone,
    ...seriesIcsTimes(view.series, timezone),
    transparent: view.transparent,
    organizer: payload.sender,
    attendee: payload.recipient,
    now: new Date(payload.at),
  });
  return { content, method: payload.method, filename: view.icsFilename };
}

/**
 * The payload schema of one kind of plage or absence email: the record's facts as they are now (as they were, for a
 * deletion), and before an update.
 */
export function agentRecordPayloadSchema<
  K extends string,
  F extends z.ZodObject<{ id: z.ZodString; title: z.ZodString; series: typeof seriesSchema }>,
>(kind: K, facts: F) {
  return notificationEnvelopeSchema.extend({
    kind: z.literal(kind),
    change: agentRecordChangeSchema,
    record: facts,
    previous: facts.nullable(),
  });
}

type AgentRecordPayload = NotificationEnvelope & {
  change: AgentRecordChange;
  record: { title: string; series: Series };
  previous: { series: Series } | null;
};

/**
 * The subject, bodies and calendar file of one kind of plage or absence email, from its kind and its own view: the
 * kinds differ only in what their recap and their calendar event show besides the title and the schedule.
 */
export function agentRecordEmail<P extends AgentRecordPayload>(
  kind: AgentRecordKind,
  view: (payload: P, link: AppLink) => AgentRecordView,
) {
  const subject = (payload: P): string =>
    agentRecordSubject(
      kind.noun,
      payload.change,
      payload.record.title,
      seriesWhen(payload.record.series, new Date(payload.at), payload.organisation.timezone),
    );
  // Every recap starts with the title and the schedule (and the previous one) and ends with who made the change.
  const fullView = (payload: P, link: AppLink): FullAgentRecordView => {
    const own = view(payload, link);
    const { title, series } = payload.record;
    return {
      ...own,
      template: kind.slug,
      headline: agentRecordHeadline(kind.headlineSubject, payload.change),
      rows: [
        { label: "Titre", value: oneLine(title) },
        ...scheduleRows(series, payload.previous?.series ?? null),
        ...own.rows,
        agentRecordAuthorRow(payload.change, payload.authorLabel),
      ],
      summary: frenchSpacing(`${kind.noun} : ${oneLine(title)}`),
      series,
      icsFilename: icsFileName(kind.slug, series.firstDay, series.startTime),
    };
  };
  return {
    subject,
    render: (payload: P, link: AppLink) =>
      renderAgentRecordEmail(payload, subject(payload), fullView(payload, link), link),
    ics: (payload: P, link: AppLink) => agentRecordIcs(payload, fullView(payload, link)),
  };
}

/** The DESCRIPTION of a calendar event: the recap rows (« Téléphone : 06… »), then the link into the app. */
export function icsDescription(rows: readonly RecapRow[], link: string): string {
  return frenchSpacing([...rows.map((row) => `${row.label} : ${row.value}`), link].join("\n"));
}
