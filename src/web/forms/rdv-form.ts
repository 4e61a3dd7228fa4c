// The RDV page form (views/rdvs/form.ejs) → the typed fields of `createRdv` and `updateRdv`. The form speaks in the
// organisation's local day and time, sends checkboxes as a string, an array or nothing, leaves fields empty, and may
// create a usager inline; all of that is read here, with the field schemas of the JSON API.
import { z } from "zod";
import { type FieldErrors, invalid } from "../../domain/errors.ts";
import {
  agentIdsSchema,
  durationSchema,
  groupListErrors,
  inAllowedYears,
  lieuIdSchema,
  MAX_DURATION_IN_MIN,
  MAX_NOTES_LENGTH,
  MIN_DURATION_IN_MIN,
  motifIdSchema,
  type RdvFields,
  someUserIdsSchema,
  YEARS_MESSAGE,
} from "../../domain/rdvs/rdv.schemas.ts";
import {
  localDateSchema,
  localTimeSchema,
  requiredLocalDate,
  requiredLocalTime,
} from "../../domain/recurrence/recurrence.schemas.ts";
import {
  birthDateSchema,
  emailSchema,
  MAX_NAME_LENGTH,
  phoneSchema,
  type UserInput,
} from "../../domain/usagers/user.schemas.ts";
import { fieldErrorsFrom } from "../../domain/validation.ts";
import { formBody, formListField, formString, formText, formWholeNumber, instantFromLocal } from "./fields.ts";
import { parseSubmissionKey } from "./submission-key.ts";

/** What the RDV form asks for: the RDV's fields, and maybe a usager to create with it. */
export type RdvForm = RdvFields & { newUser: UserInput | null };

const NEW_USER_FIELDS = [
  "newUserFirstName",
  "newUserLastName",
  "newUserEmail",
  "newUserPhone",
  "newUserBirthDate",
] as const;

const nameField = formText
  .transform((value) => value.trim())
  .pipe(z.string().max(MAX_NAME_LENGTH, `${MAX_NAME_LENGTH} caractères au plus.`));
const optionalField = (schema: z.ZodType<string, string>) =>
  formText
    .transform((value) => value.trim())
    .pipe(z.union([z.literal(""), schema]))
    .transform((value) => value || null);

const formSchema = z.object({
  motifId: formText.pipe(motifIdSchema),
  lieuId: formText.transform((value) => value || null).pipe(lieuIdSchema),
  date: requiredLocalDate("Indiquez la date."),
  time: requiredLocalTime("Indiquez l'heure."),
  // « -15 » or « 1h » is not a whole number: the message gives the range too, as the field's hint does.
  durationInMin: formWholeNumber(
    `La durée doit être un nombre entier de minutes, entre ${MIN_DURATION_IN_MIN} et ${MAX_DURATION_IN_MIN}.`,
  ).pipe(durationSchema.optional()),
  agentIds: formListField.pipe(agentIdsSchema),
  userIds: formListField.pipe(someUserIdsSchema),
  notes: formText
    .pipe(z.string().max(MAX_NOTES_LENGTH, `Les notes font au plus ${MAX_NOTES_LENGTH} caractères.`))
    .transform((notes) => notes.trim() || null),
  newUserFirstName: nameField,
  newUserLastName: nameField,
  newUserEmail: optionalField(emailSchema),
  newUserPhone: optionalField(phoneSchema),
  newUserBirthDate: optionalField(birthDateSchema),
});

const localMomentSchema = z.object({ date: localDateSchema, time: localTimeSchema });

/** The RDV's start in the organisation's zone, or why that local time cannot be one. */
function startOf(date: string, time: string, timezone: string): Date | string {
  const instant = instantFromLocal(date, time, timezone);
  if (typeof instant === "string") return instant;
  return inAllowedYears(instant) ? instant : YEARS_MESSAGE;
}

/** Whether the form asks to create a usager: one of its « nouvel usager » fields is filled in. */
function createsUser(body: Record<string, unknown>): boolean {
  return NEW_USER_FIELDS.some((key) => formString(body[key]).trim() !== "");
}

/**
 * The rules between fields, checked even when other fields are wrong so that every message shows at once: the local
 * time exists that day, a usager to create has its names, and the RDV has a usager (chosen, or created).
 */
function crossFieldErrors(body: Record<string, unknown>, timezone: string): FieldErrors {
  const fields: FieldErrors = {};
  if (createsUser(body)) {
    if (!formString(body.newUserFirstName).trim()) fields.newUserFirstName = "Indiquez le prénom.";
    if (!formString(body.newUserLastName).trim()) fields.newUserLastName = "Indiquez le nom.";
  }
  const moment = localMomentSchema.safeParse(body);
  if (moment.success) {
    const startsAt = startOf(moment.data.date, moment.data.time, timezone);
    if (typeof startsAt === "string") fields.time = startsAt;
  }
  const userIds = formListField.safeParse(body.userIds);
  if (userIds.success && userIds.data.length === 0 && !createsUser(body)) {
    fields.userIds = "Choisissez au moins un usager, ou créez-en un.";
  }
  return fields;
}

/** The RDV form's fields, its day and time read in the organisation's `timezone`; a 422 names each bad field. */
export function parseRdvForm(raw: unknown, timezone: string): RdvForm {
  const body = formBody(raw);
  const result = formSchema.safeParse(body);
  const fields = result.success ? {} : groupListErrors(fieldErrorsFrom(result.error));
  for (const [key, message] of Object.entries(crossFieldErrors(body, timezone))) fields[key] ??= message;
  if (!result.success || Object.keys(fields).length > 0) throw invalid(fields);
  const form = result.data;
  const startsAt = startOf(form.date, form.time, timezone);
  if (typeof startsAt === "string") throw invalid({ time: startsAt });
  const { newUserFirstName, newUserLastName, newUserEmail, newUserPhone, newUserBirthDate } = form;
  return {
    motifId: form.motifId,
    lieuId: form.lieuId,
    startsAt,
    durationInMin: form.durationInMin,
    agentIds: form.agentIds,
    userIds: form.userIds,
    notes: form.notes,
    newUser: createsUser(body)
      ? {
          firstName: newUserFirstName,
          lastName: newUserLastName,
          email: newUserEmail,
          phone: newUserPhone,
          birthDate: newUserBirthDate,
        }
      : null,
  };
}

/** How the RDV form was sent: the create form's one-time key, and whether « Confirmer quand même » was pressed. */
export type RdvSubmission = { submissionKey: string | undefined; allowConflicts: boolean };

/** The key and the confirmation of a posted RDV form; a key that is not one of ours is a 422 (reload the page). */
export function parseRdvSubmission(raw: unknown): RdvSubmission {
  return { submissionKey: parseSubmissionKey(raw), allowConflicts: formString(formBody(raw).intent) === "confirm" };
}
