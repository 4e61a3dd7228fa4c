import ICAL from "ical.js";
import type { IcsEventInput } from "../../../src/notifications/ics.ts";

// ical.js knows no time zone by itself: a TZID resolves only through a VTIMEZONE we register, so every wall-clock
// assertion below exercises the VTIMEZONE that buildIcs wrote.

export type Parsed = { calendar: ICAL.Component; event: ICAL.Component };

/** Parses a generated file with ical.js and registers its VTIMEZONE, if any, before any date is read. */
export function parseBack(ics: string): Parsed {
  const calendar = ICAL.Component.fromString(ics);
  const vtimezone = calendar.getFirstSubcomponent("vtimezone");
  if (vtimezone) ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  const events = calendar.getAllSubcomponents("vevent");
  const [event] = events;
  if (!event || events.length !== 1) throw new Error(`expected one VEVENT, found ${events.length}`);
  return { calendar, event };
}

export function text(component: ICAL.Component, name: string): string {
  const value = component.getFirstPropertyValue(name);
  if (typeof value !== "string") throw new Error(`${name} is not a text value`);
  return value;
}

export function time(component: ICAL.Component, name: string): ICAL.Time {
  const value = component.getFirstPropertyValue(name);
  if (!(value instanceof ICAL.Time)) throw new Error(`${name} is not a date-time`);
  return value;
}

export function property(component: ICAL.Component, name: string): ICAL.Property {
  const found = component.getFirstProperty(name);
  if (!found) throw new Error(`${name} is missing`);
  return found;
}

/** Occurrences of the event, as [local wall clock "YYYY-MM-DD HH:MM", UTC instant ISO], up to `limit`. */
export function occurrences(event: ICAL.Component, limit = 1000): Array<[string, string]> {
  const iterator = new ICAL.Event(event).iterator();
  const found: Array<[string, string]> = [];
  for (let next = iterator.next(); next && found.length < limit; next = iterator.next()) {
    found.push([wallClock(next), next.toJSDate().toISOString()]);
  }
  return found;
}

export function wallClock(value: ICAL.Time): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${value.year}-${pad(value.month)}-${pad(value.day)} ${pad(value.hour)}:${pad(value.minute)}`;
}

/** Physical lines of a file, without their CRLF. */
export function physicalLines(ics: string): string[] {
  return ics.split("\r\n").slice(0, -1);
}

/** Content lines after unfolding (RFC 5545 §3.1). */
export function unfoldedLines(ics: string): string[] {
  return physicalLines(ics.replaceAll("\r\n ", ""));
}

export function baseInput(overrides: Partial<IcsEventInput> = {}): IcsEventInput {
  return {
    method: "REQUEST",
    uid: "rdv-7f1c2b9e-5d3a-4c8e-9a61-0b2f4e6d8c10@rdv-agents.fr",
    sequence: 0,
    summary: "RDV Carte d'identité",
    timezone: "Europe/Paris",
    start: { utc: new Date("2027-03-15T09:30:00Z") },
    end: { utc: new Date("2027-03-15T10:00:00Z") },
    transparent: false,
    organizer: { name: "RDV Agents", email: "no-reply@rdv-agents.fr" },
    attendee: { name: "Camille Martin", email: "camille.martin@mairie-exemple.fr" },
    now: new Date("2027-03-01T08:00:00Z"),
    ...overrides,
  };
}
