// The recurrence fields of the plage and absence forms (views/partials/recurrence-fields.ejs): form strings to the
// `recurrence` value the domain schemas read, and back. Validation stays in the domain.
import type { Recurrence } from "../../domain/recurrence/recurrence.schemas.ts";
import { formList, formString } from "./fields.ts";

/** What the recurrence fields hold, as strings, so that a refused form comes back exactly as it was sent. */
export type RecurrenceFormValues = {
  /** "none", "week" or "month" */
  recurrenceEvery: string;
  recurrenceInterval: string;
  recurrenceWeekdays: string[];
  recurrenceUntil: string;
};

/** The recurrence fields of a posted form. */
export function recurrenceFormValues(body: Record<string, unknown>): RecurrenceFormValues {
  return {
    recurrenceEvery: formString(body.recurrenceEvery) || "none",
    recurrenceInterval: formString(body.recurrenceInterval),
    recurrenceWeekdays: formList(body.recurrenceWeekdays),
    recurrenceUntil: formString(body.recurrenceUntil),
  };
}

/** The recurrence fields showing a stored recurrence. */
export function recurrenceFormValuesOf(recurrence: Recurrence | null): RecurrenceFormValues {
  return {
    recurrenceEvery: recurrence?.every ?? "none",
    recurrenceInterval: String(recurrence?.interval ?? 1),
    recurrenceWeekdays: recurrence?.every === "week" ? [...recurrence.weekdays] : [],
    recurrenceUntil: recurrence?.until ?? "",
  };
}

/**
 * The raw `recurrence` input for the domain schemas. Weekdays are ignored for a monthly recurrence: the form keeps
 * the weekday boxes when the frequency changes, and the day of a monthly recurrence comes from the first day.
 */
export function recurrenceFromForm(values: RecurrenceFormValues): unknown {
  const interval = values.recurrenceInterval.trim() === "" ? undefined : Number(values.recurrenceInterval);
  const until = values.recurrenceUntil === "" ? undefined : values.recurrenceUntil;
  switch (values.recurrenceEvery) {
    case "none":
      return null;
    case "week":
      return { every: "week", interval, weekdays: values.recurrenceWeekdays, until };
    case "month":
      return { every: "month", interval, until };
    default:
      return { every: values.recurrenceEvery };
  }
}
