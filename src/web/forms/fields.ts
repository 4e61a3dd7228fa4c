// What HTML forms send, read in one place: every field is a string, missing, or an array when repeated; a group of
// checkboxes is a string, an array or nothing at all; an unticked checkbox is absent; an empty field means "not
// filled in". Form modules read fields with these, so that the domain only ever sees typed values.
import { DateTime } from "luxon";
import { z } from "zod";

/** A posted body as a record (Express leaves it undefined when nothing was posted). */
export function formBody(raw: unknown): Record<string, unknown> {
  return typeof raw === "object" && raw !== null && !Array.isArray(raw) ? { ...raw } : {};
}

/** A single form value as a string ("" when missing or repeated). */
export function formString(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** A group of checkboxes (or a repeated field) as its non-empty strings. */
export function formList(value: unknown): string[] {
  const values = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
  return values.filter((item): item is string => typeof item === "string" && item !== "");
}

/** A checkbox: ticked sends "on" (or "true" from scripts); unticked sends nothing. */
export function formCheckbox(value: unknown): boolean {
  return value === "on" || value === "true";
}

/** A zod field for forms: a missing field reads as "", a repeated one is refused by `schema`. */
export const formText = z.string().optional().default("");

/** A zod field for a group of checkboxes: always a list of non-empty strings. */
export const formListField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => formList(value));

/** A zod field for a whole number typed in a form: empty is undefined, anything but digits is refused. */
export function formWholeNumber(message: string) {
  return z
    .string({ error: message })
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      if (!/^\d{1,6}$/.test(value)) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return Number(value);
    });
}

/**
 * The instant at which clocks in `timezone` show `time` on `date` ("YYYY-MM-DD", "HH:MM"), or a French message when
 * that local time does not exist: a day like 2026-02-30, or a time skipped by the spring-forward change.
 */
export function instantFromLocal(date: string, time: string, timezone: string): Date | string {
  const local = DateTime.fromISO(`${date}T${time}`, { zone: timezone });
  if (!local.isValid) return "Cette date et cette heure ne sont pas valides.";
  // luxon moves a skipped time forward (02:30 → 03:30 on the last Sunday of March in Paris): refuse it instead.
  if (local.toFormat("yyyy-MM-dd'T'HH:mm") !== `${date}T${time}`) {
    return `${time} n'existe pas ce jour-là : les horloges avancent d'une heure. Choisissez une autre heure.`;
  }
  return local.toJSDate();
}
