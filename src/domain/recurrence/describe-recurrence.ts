import { DateTime, Info } from "luxon";
import type { Series } from "./expand.ts";
import { type MonthlyPosition, monthlyPosition } from "./monthly-position.ts";
import { type Recurrence, WEEKDAYS, type Weekday } from "./recurrence.schemas.ts";

const WEEKDAY_NAMES = Info.weekdays("long", { locale: "fr" });
const frenchList = new Intl.ListFormat("fr", { type: "conjunction" });

/**
 * A series in French, as agents read it: « Toutes les 2 semaines, les lundis et jeudis de 09:00 à 12:00, à partir du
 * 5 janvier 2027, jusqu'au 30 juin 2027 », « Le 5 janvier 2027 de 09:00 à 12:00 » or, for an absence spanning days,
 * « Du 5 janvier 2027 à 09:00 au 8 janvier 2027 à 18:00 ». Days and times are local, so no time zone is needed.
 */
export function describeRecurrence(series: Series): string {
  const { firstDay, startTime, endDay = firstDay, endTime, recurrence } = series;
  if (endDay !== firstDay) return `Du ${frenchDate(firstDay)} à ${startTime} au ${frenchDate(endDay)} à ${endTime}`;
  const hours = `de ${startTime} à ${endTime}`;
  if (recurrence === null) return `Le ${frenchDate(firstDay)} ${hours}`;
  const days = recurrence.every === "week" ? weekdaysText(recurrence.weekdays) : monthlyText(monthlyPosition(firstDay));
  const until = recurrence.until === undefined ? "" : `, jusqu'au ${frenchDate(recurrence.until)}`;
  return `${everyText(recurrence)}, ${days} ${hours}, à partir du ${frenchDate(firstDay)}${until}`;
}

function everyText(recurrence: Recurrence): string {
  const count = recurrence.interval === 1 ? "" : `${recurrence.interval} `;
  return recurrence.every === "week" ? `Toutes les ${count}semaines` : `Tous les ${count}mois`;
}

function weekdaysText(weekdays: readonly Weekday[]): string {
  const names = WEEKDAYS.flatMap((day, index) => (weekdays.includes(day) ? [WEEKDAY_NAMES[index]!] : []));
  if (names.length === 1) return `le ${names[0]}`;
  return `les ${frenchList.format(names.map((name) => `${name}s`))}`;
}

function monthlyText({ ordinal, weekday }: MonthlyPosition): string {
  const name = WEEKDAY_NAMES[WEEKDAYS.indexOf(weekday)];
  const rank = ordinal === -1 ? "dernier" : ordinal === 1 ? "1er" : `${ordinal}e`;
  return `le ${rank} ${name} du mois`;
}

/** « 5 janvier 2027 », « 1er mars 2027 »: French writes the first day of a month as an ordinal. */
function frenchDate(date: string): string {
  const day = DateTime.fromISO(date, { zone: "utc", locale: "fr" });
  if (!day.isValid) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return `${day.day === 1 ? "1er" : day.day} ${day.toFormat("MMMM yyyy")}`;
}
