// The plage d'ouverture and absence forms (views/plages/form.ejs, views/absences/form.ejs) → the typed values of their
// actions. Both hold an agent, a title, a first day, times and the recurrence fields; a plage adds its lieu and
// motifs (checkboxes), an absence its last day. Values are kept as strings so that a refused form comes back as sent.
import {
  type AbsenceValues,
  absenceSchema,
  createAbsenceSchema,
  type NewAbsence,
} from "../../domain/absences/absence.schemas.ts";
import type { Absence } from "../../domain/absences/absence-snapshot.ts";
import { createPlageSchema, type NewPlage, type PlageValues, plageSchema } from "../../domain/plages/plage.schemas.ts";
import type { Plage } from "../../domain/plages/plage-snapshot.ts";
import { parseInput } from "../../domain/validation.ts";
import { formBody, formList, formString } from "./fields.ts";
import {
  type RecurrenceFormValues,
  recurrenceFormValues,
  recurrenceFormValuesOf,
  recurrenceFromForm,
} from "./recurrence.ts";

/** What the two forms share, as strings. */
type CommonFormValues = RecurrenceFormValues & {
  agentId: string;
  title: string;
  firstDay: string;
  startTime: string;
  endTime: string;
};

/** The plage form as strings, exactly as sent or as stored. */
type PlageFormValues = CommonFormValues & { lieuId: string; motifIds: string[] };

/** The absence form as strings, exactly as sent or as stored. */
type AbsenceFormValues = CommonFormValues & { endDay: string };

function commonValues(raw: unknown): CommonFormValues {
  const body = formBody(raw);
  return {
    agentId: formString(body.agentId),
    title: formString(body.title),
    firstDay: formString(body.firstDay),
    startTime: formString(body.startTime),
    endTime: formString(body.endTime),
    ...recurrenceFormValues(body),
  };
}

function commonValuesOf(record: Plage | Absence): CommonFormValues {
  return {
    agentId: record.agentId,
    title: record.title,
    firstDay: record.firstDay,
    startTime: record.startTime,
    endTime: record.endTime,
    ...recurrenceFormValuesOf(record.recurrence),
  };
}

// Empty fields are left out, so that the schemas name what is missing (« Indiquez le premier jour. »).
const filled = (value: string) => value || undefined;

function commonInput(values: CommonFormValues) {
  return {
    title: values.title,
    firstDay: filled(values.firstDay),
    startTime: filled(values.startTime),
    endTime: filled(values.endTime),
    recurrence: recurrenceFromForm(values),
  };
}

/** The plage form's posted values. */
export function plageFormValues(body: unknown): PlageFormValues {
  const fields = formBody(body);
  return { ...commonValues(fields), lieuId: formString(fields.lieuId), motifIds: formList(fields.motifIds) };
}

/** The plage form showing a stored plage. */
export function plageFormValuesOf(plage: Plage): PlageFormValues {
  return { ...commonValuesOf(plage), lieuId: plage.lieuId, motifIds: plage.motifIds };
}

function plageInput(values: PlageFormValues) {
  return { ...commonInput(values), lieuId: filled(values.lieuId), motifIds: values.motifIds };
}

/** A new plage from its form, in `organisationId`; a 422 names each bad field. */
export function parseNewPlageForm(values: PlageFormValues, organisationId: string): NewPlage {
  return parseInput(createPlageSchema, { ...plageInput(values), organisationId, agentId: filled(values.agentId) });
}

/** Every value of a plage from its edit form; a 422 names each bad field. */
export function parsePlageForm(values: PlageFormValues): PlageValues {
  return parseInput(plageSchema, plageInput(values));
}

/** The absence form's posted values. */
export function absenceFormValues(body: unknown): AbsenceFormValues {
  return { ...commonValues(body), endDay: formString(formBody(body).endDay) };
}

/** The absence form showing a stored absence. */
export function absenceFormValuesOf(absence: Absence): AbsenceFormValues {
  return { ...commonValuesOf(absence), endDay: absence.endDay };
}

function absenceInput(values: AbsenceFormValues) {
  return { ...commonInput(values), endDay: filled(values.endDay) };
}

/** A new absence from its form, in `organisationId`; a 422 names each bad field. */
export function parseNewAbsenceForm(values: AbsenceFormValues, organisationId: string): NewAbsence {
  return parseInput(createAbsenceSchema, { ...absenceInput(values), organisationId, agentId: filled(values.agentId) });
}

/** Every value of an absence from its edit form; a 422 names each bad field. */
export function parseAbsenceForm(values: AbsenceFormValues): AbsenceValues {
  return parseInput(absenceSchema, absenceInput(values));
}
