// The input of RDV actions once parsed, and the zod schemas of the JSON API (an ISO instant with its offset). The page's
// form (a local day and time in the organisation's zone, checkboxes) is read by src/web/forms/rdv-form.ts with the
// same field schemas, and ends in the same types.
import { DateTime } from "luxon";
import { z } from "zod";
import { RdvStatus } from "../../generated/prisma/enums.ts";
import { type FieldErrors, invalid } from "../errors.ts";
import type { Patch } from "../patch.ts";
import type { UserInput } from "../usagers/user.schemas.ts";
import { fieldErrorsFrom, parseInput } from "../validation.ts";

export const MIN_DURATION_IN_MIN = 5;
export const MAX_DURATION_IN_MIN = 480;
export const MAX_NOTES_LENGTH = 5000;
export const MAX_AGENTS = 20;
export const MAX_USERS = 50;
/** RDVs outside these years are typing mistakes (2207 for 2027), not appointments. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;
/** Why an instant outside these years is refused. */
export const YEARS_MESSAGE = `La date doit être comprise entre ${FIRST_YEAR} et ${LAST_YEAR}.`;

export const RDV_STATUSES = Object.values(RdvStatus);

/** The fields of an RDV that agents choose. */
export type RdvFields = {
  motifId: string;
  lieuId: string | null;
  startsAt: Date;
  /** Absent: the motif's default duration at creation; on update, kept unless the motif changes. */
  durationInMin: number | undefined;
  agentIds: string[];
  userIds: string[];
  notes: string | null;
};

/** A new RDV, whatever its source; `newUser` is a usager to create with it (the page's form). */
export type NewRdv = RdvFields & { organisationId: string; newUser: UserInput | null };

/**
 * A change of an RDV (see `Patch`): a form sets every field, an API PATCH those it sends. `organisationId` may be
 * echoed back by clients but never changed.
 */
export type RdvPatch = Patch<RdvFields> & { organisationId?: string; newUser?: UserInput | null };

const id = (message: string) => z.guid({ error: message });

export const organisationIdSchema = id("L'organisation est inconnue.");

/** A duration in minutes, within the bounds of an RDV. */
export const durationSchema = z
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

/** The motif and (optional) lieu of an RDV. */
export const motifIdSchema = id("Choisissez un motif.");
export const lieuIdSchema = id("Ce lieu est inconnu.").nullable();

/** The agents of an RDV: one at least, duplicates dropped. */
export const agentIdsSchema = z
  .array(id("Cet agent est inconnu."), { error: "Choisissez au moins un agent." })
  .min(1, "Choisissez au moins un agent.")
  .max(MAX_AGENTS, `Un RDV compte au plus ${MAX_AGENTS} agents.`)
  .transform(unique);

/** The usagers of an RDV, at least `min` of them. */
function userIdList(min: number) {
  return z
    .array(id("Cet usager est inconnu."), { error: "Choisissez au moins un usager." })
    .min(min, "Choisissez au moins un usager.")
    .max(MAX_USERS, `Un RDV compte au plus ${MAX_USERS} usagers.`)
    .transform(unique);
}
/** Forms may leave the list empty when they create a usager inline; the API may not. */
export const someUserIdsSchema = userIdList(0);
const userIdsSchema = userIdList(1);

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
  .refine(inAllowedYears, YEARS_MESSAGE);

/** Whether an instant falls in the years RDVs may be booked in. */
export function inAllowedYears(instant: Date): boolean {
  const year = instant.getUTCFullYear();
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

const allowConflictsSchema = z.boolean({ error: "allowConflicts vaut true ou false." }).optional();

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
  allowConflicts: allowConflictsSchema,
});

/** The API body of a change: any subset of the fields; the organisation cannot change. */
const apiUpdateSchema = apiCreateSchema.partial();

// Fields of lists report their first bad element as `agentIds.2`: forms show errors next to the whole group.
export function groupListErrors(fields: FieldErrors): FieldErrors {
  const grouped: FieldErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    const name = key.replace(/^(agentIds|userIds)\.\d+$/, "$1");
    grouped[name] ??= message;
  }
  return grouped;
}

/** Parse an RDV input (JSON body or form) with `schema`; list errors are reported on the whole list. */
export function parseRdvInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw invalid(groupListErrors(fieldErrorsFrom(result.error)));
  return result.data;
}

/** The JSON body of a new RDV (API). */
export function parseNewRdvBody(raw: unknown): NewRdv {
  const input = parseRdvInput(apiCreateSchema, raw);
  return {
    organisationId: input.organisationId,
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

/** The JSON body of a change of an RDV (API PATCH): the fields sent, the others left undefined (kept). */
export function parseRdvPatchBody(raw: unknown): RdvPatch {
  const { allowConflicts: _confirmation, ...patch } = parseRdvInput(apiUpdateSchema, raw);
  return patch;
}

/** Whether an API body (already parsed by one of the functions above) confirms booking despite conflicts. */
export function parseAllowConflicts(raw: unknown): boolean {
  const result = z.object({ allowConflicts: allowConflictsSchema }).safeParse(raw);
  return result.success && result.data.allowConflicts === true;
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

/** A list cursor (see encodeRdvCursor): the ISO instant in UTC, a tilde, the RDV's id. */
export const rdvCursorSchema = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z~[0-9a-fA-F-]{36}$/, "Ce curseur de pagination est invalide.")
  .transform((value) => {
    const [instant = "", id = ""] = value.split("~");
    return { startsAt: new Date(instant), id };
  })
  .refine((cursor) => !Number.isNaN(cursor.startsAt.getTime()), "Ce curseur de pagination est invalide.");

const listQuerySchema = z.object({
  organisationId: organisationIdSchema.optional(),
  agentId: id("Cet agent est inconnu.").optional(),
  status: z
    .enum(RDV_STATUSES, { error: "Choisissez un statut : unknown, seen, noshow, excused ou revoked." })
    .optional(),
  lieuId: id("Ce lieu est inconnu.").optional(),
  motifId: id("Ce motif est inconnu.").optional(),
  user: z.string().trim().max(100, "La recherche d'usager fait au plus 100 caractères.").optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  toFill: z.enum(["true", "false"], { error: "toFill vaut true ou false." }).optional(),
  after: rdvCursorSchema.optional(),
  before: rdvCursorSchema.optional(),
});

/** Filters and cursor of the API list of RDVs. */
export function parseRdvListQuery(raw: unknown) {
  const query = parseInput(listQuerySchema, raw);
  if (query.from && query.to && query.to <= query.from) {
    throw invalid({ to: "La fin de la période doit être après son début." });
  }
  if (query.after && query.before) throw invalid({ before: "Donnez after ou before, pas les deux." });
  const { after, before, toFill, user, ...filters } = query;
  return {
    filters: { ...filters, userName: user || undefined, toFill: toFill === "true" },
    page: { after, before },
  };
}
