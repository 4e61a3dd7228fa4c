// The input of RDV actions, as the API sends it (an ISO instant with its offset) and as forms send it (a local day and
// time in the organisation's zone). Both end in the same typed value, so one domain action serves both.
import { DateTime } from "luxon";
import { z } from "zod";
import { RdvStatus } from "../../generated/prisma/enums.ts";
import { type FieldErrors, invalid } from "../errors.ts";
import {
  localDateSchema,
  localTimeSchema,
  requiredLocalDate,
  requiredLocalTime,
} from "../recurrence/recurrence.schemas.ts";
import {
  formCreatesUser,
  newUserFormErrors,
  newUserFormFields,
  newUserFromForm,
  type UserInput,
} from "../usagers/user.schemas.ts";
import { fieldErrorsFrom, parseInput } from "../validation.ts";

export const MIN_DURATION_IN_MIN = 5;
export const MAX_DURATION_IN_MIN = 480;
export const MAX_NOTES_LENGTH = 5000;
export const MAX_AGENTS = 20;
export const MAX_USERS = 50;
/** RDVs outside these years are typing mistakes (2207 for 2027), not appointments. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

export const RDV_STATUSES = Object.values(RdvStatus);

/** The input a create or an update ends in once parsed, whatever its source. */
export type RdvInput = {
  motifId: string;
  lieuId: string | null;
  startsAt: Date;
  /** Absent: the motif's default duration at creation, the current duration on update. */
  durationInMin: number | undefined;
  agentIds: string[];
  userIds: string[];
  notes: string | null;
  /** A usager to create with the RDV (forms only). */
  newUser: UserInput | null;
};

/** Where the raw input comes from: the JSON API (`startsAt` with offset) or a page form (`date` + `time`). */
export type RdvInputFormat = "api" | "form";

const id = (message: string) => z.guid({ error: message });

export const organisationIdSchema = id("L'organisation est inconnue.");

const durationSchema = z
  .number({ error: "La durée doit être un nombre de minutes." })
  .int("La durée doit être un nombre entier de minutes.")
  .min(
    MIN_DURATION_IN_MIN,
    `La durée doit être comprise entre ${MIN_DURATION_IN_MIN} et ${MAX_DURATION_IN_MIN} minutes.`,
  )
  .max(
    MAX_DURATION_IN_MIN,
    `La durée doit être comprise entre ${MIN_DURATION_IN_MIN} et ${MAX_DURATION_IN_MIN} minutes.`,
  );

const motifIdSchema = id("Choisissez un motif.");
const lieuIdSchema = id("Ce lieu est inconnu.").nullable();

const agentIdsSchema = z
  .array(id("Cet agent est inconnu."), { error: "Choisissez au moins un agent." })
  .min(1, "Choisissez au moins un agent.")
  .max(MAX_AGENTS, `Un RDV compte au plus ${MAX_AGENTS} agents.`)
  .transform(unique);

// Forms may leave the list empty when they create a usager inline; the API may not.
const someUserIdsSchema = z
  .array(id("Cet usager est inconnu."), { error: "Choisissez au moins un usager." })
  .max(MAX_USERS, `Un RDV compte au plus ${MAX_USERS} usagers.`)
  .transform(unique);
const userIdsSchema = z
  .array(id("Cet usager est inconnu."), { error: "Choisissez au moins un usager." })
  .min(1, "Choisissez au moins un usager.")
  .max(MAX_USERS, `Un RDV compte au plus ${MAX_USERS} usagers.`)
  .transform(unique);

const notesSchema = z
  .string({ error: "Les notes doivent être du texte." })
  .max(MAX_NOTES_LENGTH, `Les notes font au plus ${MAX_NOTES_LENGTH} caractères.`)
  .nullable()
  .transform((notes) => (notes?.trim() ? notes.trim() : null));

/** An ISO 8601 instant with its offset (`Z` or `±HH:MM`): a local time alone would be ambiguous. */
export const instantSchema = z
  .string({ error: "Indiquez une date et une heure ISO 8601 avec décalage horaire." })
  .max(40, "Indiquez une date et une heure ISO 8601 avec décalage horaire.")
  .pipe(
    z.iso.datetime({
      offset: true,
      error: "Indiquez une date et une heure ISO 8601 avec décalage horaire, par exemple 2027-03-29T09:00:00+02:00.",
    }),
  )
  .transform((value) => DateTime.fromISO(value, { setZone: true }))
  .refine((instant) => instant.isValid, "Cette date n'existe pas.")
  .transform((instant) => instant.toJSDate())
  .refine(inAllowedYears, `La date doit être comprise entre ${FIRST_YEAR} et ${LAST_YEAR}.`);

function inAllowedYears(instant: Date): boolean {
  const year = instant.getUTCFullYear();
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** The API body of a new RDV. */
const apiCreateSchema = z.strictObject({
  organisationId: organisationIdSchema,
  motifId: motifIdSchema,
  lieuId: lieuIdSchema.optional(),
  startsAt: instantSchema,
  durationInMin: durationSchema.optional(),
  agentIds: agentIdsSchema,
  userIds: userIdsSchema,
  notes: notesSchema.optional(),
});

/** The API body of a change: any subset of the fields; the organisation cannot change. */
const apiUpdateSchema = apiCreateSchema.partial();

// Form fields arrive as strings, and a group of checkboxes as a string, an array or nothing at all.
const formText = z.string().optional().default("");
const formList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((v) => v !== ""));
const formDuration = z
  .string({ error: "La durée doit être un nombre de minutes." })
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    if (!/^\d{1,6}$/.test(value)) {
      ctx.addIssue({ code: "custom", message: "La durée doit être un nombre entier de minutes." });
      return z.NEVER;
    }
    return Number(value);
  })
  .pipe(durationSchema.optional());

const formFieldsSchema = z.object({
  motifId: formText.pipe(motifIdSchema),
  lieuId: formText.transform((value) => value || null).pipe(lieuIdSchema),
  date: requiredLocalDate("Indiquez la date."),
  time: requiredLocalTime("Indiquez l'heure."),
  durationInMin: formDuration,
  agentIds: formList.pipe(agentIdsSchema),
  userIds: formList.pipe(someUserIdsSchema),
  notes: formText
    .pipe(z.string().max(MAX_NOTES_LENGTH, `Les notes font au plus ${MAX_NOTES_LENGTH} caractères.`))
    .transform((notes) => notes.trim() || null),
  ...newUserFormFields,
});

const localMomentSchema = z.object({ date: localDateSchema, time: localTimeSchema });

/**
 * The rules between fields of the form, checked even when other fields are wrong so that every message shows at once:
 * the local time exists that day, and the RDV has a usager (chosen, or created with its names).
 */
function formCrossFieldErrors(raw: unknown, timezone: string): FieldErrors {
  const body: Record<string, unknown> = typeof raw === "object" && raw !== null ? { ...raw } : {};
  const fields: FieldErrors = { ...newUserFormErrors(body) };
  const moment = localMomentSchema.safeParse(body);
  if (moment.success) {
    const startsAt = instantFromLocal(moment.data.date, moment.data.time, timezone);
    if (typeof startsAt === "string") fields.time = startsAt;
  }
  const userIds = formList.safeParse(body.userIds);
  if (userIds.success && userIds.data.length === 0 && !formCreatesUser(body)) {
    fields.userIds = "Choisissez au moins un usager, ou créez-en un.";
  }
  return fields;
}

/** A form's fields, read in the organisation's zone. */
function parseRdvForm(raw: unknown, timezone: string): RdvInput {
  const result = formFieldsSchema.safeParse(raw);
  const fields = result.success ? {} : groupListErrors(fieldErrorsFrom(result.error));
  for (const [key, message] of Object.entries(formCrossFieldErrors(raw, timezone))) fields[key] ??= message;
  if (!result.success || Object.keys(fields).length > 0) throw invalid(fields);
  const form = result.data;
  const startsAt = instantFromLocal(form.date, form.time, timezone);
  if (typeof startsAt === "string") throw invalid({ time: startsAt });
  return {
    motifId: form.motifId,
    lieuId: form.lieuId,
    startsAt,
    durationInMin: form.durationInMin,
    agentIds: form.agentIds,
    userIds: form.userIds,
    notes: form.notes,
    newUser: newUserFromForm(form),
  };
}

/**
 * The instant at which the organisation's clocks show `time` on `date`, or a French message when that local time does
 * not exist (skipped by the spring-forward change) or falls outside the years we accept.
 */
export function instantFromLocal(date: string, time: string, timezone: string): Date | string {
  const local = DateTime.fromISO(`${date}T${time}`, { zone: timezone });
  if (!local.isValid) return "Cette date et cette heure ne sont pas valides.";
  // luxon moves a skipped time forward (02:30 → 03:30 on the last Sunday of March in Paris): refuse it instead.
  if (local.toFormat("yyyy-MM-dd'T'HH:mm") !== `${date}T${time}`) {
    return `${time} n'existe pas ce jour-là : les horloges avancent d'une heure. Choisissez une autre heure.`;
  }
  const instant = local.toJSDate();
  if (!inAllowedYears(instant)) return `La date doit être comprise entre ${FIRST_YEAR} et ${LAST_YEAR}.`;
  return instant;
}

// Fields of lists report their first bad element as `agentIds.2`: forms show errors next to the whole group.
function groupListErrors(fields: FieldErrors): FieldErrors {
  const grouped: FieldErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    const name = key.replace(/^(agentIds|userIds)\.\d+$/, "$1");
    grouped[name] ??= message;
  }
  return grouped;
}

function parseGrouped<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw invalid(groupListErrors(fieldErrorsFrom(result.error)));
  return result.data;
}

/** The organisation an RDV input is about (checked first: its time zone is needed to read a form). */
export function parseOrganisationId(raw: unknown): string {
  return parseInput(z.object({ organisationId: organisationIdSchema }), raw).organisationId;
}

/** A new RDV from the API or a form. */
export function parseRdvCreateInput(raw: unknown, format: RdvInputFormat, timezone: string): RdvInput {
  if (format === "form") return parseRdvForm(raw, timezone);
  const input = parseGrouped(apiCreateSchema, raw);
  return {
    motifId: input.motifId,
    lieuId: input.lieuId ?? null,
    startsAt: input.startsAt,
    durationInMin: input.durationInMin,
    agentIds: input.agentIds,
    userIds: input.userIds,
    notes: input.notes ?? null,
    newUser: null,
  };
}

/** The fields an update changes: every field from a form; those present from the API (PATCH). */
export type RdvUpdateInput = Partial<Omit<RdvInput, "newUser">> & { newUser: UserInput | null };

/** A change of an RDV from the API (any subset of fields) or a form (every field). */
export function parseRdvUpdateInput(
  raw: unknown,
  format: RdvInputFormat,
  timezone: string,
  organisationId: string,
): RdvUpdateInput {
  if (format === "form") return parseRdvForm(raw, timezone);
  const input = parseGrouped(apiUpdateSchema, raw);
  if (input.organisationId !== undefined && input.organisationId !== organisationId) {
    throw invalid({ organisationId: "Un RDV ne peut pas changer d'organisation." });
  }
  const { organisationId: _organisationId, ...fields } = input;
  const update: RdvUpdateInput = { newUser: null };
  if (fields.motifId !== undefined) update.motifId = fields.motifId;
  if (fields.lieuId !== undefined) update.lieuId = fields.lieuId;
  if (fields.startsAt !== undefined) update.startsAt = fields.startsAt;
  if (fields.durationInMin !== undefined) update.durationInMin = fields.durationInMin;
  if (fields.agentIds !== undefined) update.agentIds = fields.agentIds;
  if (fields.userIds !== undefined) update.userIds = fields.userIds;
  if (fields.notes !== undefined) update.notes = fields.notes;
  return update;
}

const statusSchema = z.object({
  status: z.enum(RDV_STATUSES, {
    error: "Choisissez un statut : unknown, seen, noshow, excused ou revoked.",
  }),
});

/** The new status of an RDV. */
export function parseRdvStatus(raw: unknown): RdvStatus {
  return parseInput(statusSchema, raw).status;
}

const listQuerySchema = z.object({
  organisationId: organisationIdSchema.optional(),
  agentId: id("Cet agent est inconnu.").optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
});

/** Filters of the API list of RDVs. */
export function parseRdvListQuery(raw: unknown): z.output<typeof listQuerySchema> {
  const query = parseInput(listQuerySchema, raw);
  if (query.from && query.to && query.to <= query.from) {
    throw invalid({ to: "La fin de la période doit être après son début." });
  }
  return query;
}
