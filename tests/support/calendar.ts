// The calendar file of a received email as a calendar client reads it: parsed by ical.js, an independent parser, with
// the VTIMEZONE it carries registered so that DTSTART with a TZID becomes an instant.
import ICAL from "ical.js";
import type { ReceivedEmail } from "./smtp-sink.ts";

export type ReceivedCalendar = {
  /** METHOD of the calendar (REQUEST, CANCEL). */
  method: string;
  uid: string;
  sequence: number;
  /** DTSTART as an instant, in its zone (TZID) or UTC. */
  start: Date;
  /** The VEVENT, for anything else. */
  event: ICAL.Component;
};

/** The text/calendar part of an email, parsed; fails when there is none. */
export function calendarIn(email: ReceivedEmail): ReceivedCalendar {
  const part = email.parsed.attachments.find((attachment) => attachment.contentType === "text/calendar");
  if (!part) throw new Error(`no calendar in « ${email.parsed.subject} »`);
  const calendar = ICAL.Component.fromString(part.content.toString("utf8"));
  const vtimezone = calendar.getFirstSubcomponent("vtimezone");
  if (vtimezone) ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  const event = calendar.getFirstSubcomponent("vevent");
  if (!event) throw new Error(`no VEVENT in the calendar of « ${email.parsed.subject} »`);
  const start = event.getFirstPropertyValue("dtstart");
  if (!(start instanceof ICAL.Time)) throw new Error("no DTSTART");
  return {
    method: String(calendar.getFirstPropertyValue("method") ?? ""),
    uid: String(event.getFirstPropertyValue("uid") ?? ""),
    sequence: Number(event.getFirstPropertyValue("sequence") ?? 0),
    start: start.toJSDate(),
    event,
  };
}
