// What a history row says, as structured facts (who is in the row's author columns; what is here): the record's
// fields before and after, with the names of what it referred to as they were at that moment. The French sentence
// is written only when the history is shown (web/presenters/history.ts), so wording can change without a migration.
// Stored in `HistoryEntry.data` (jsonb), validated on write and on read by the schema of its record type.
import { z } from "zod";
import { RdvStatus, RoleLevel } from "../../generated/prisma/enums.ts";
import { nullableRecurrenceSchema } from "../recurrence/recurrence.schemas.ts";

const instant = z.iso.datetime();
const status = z.enum(RdvStatus);
const role = z.enum(RoleLevel);
const fromTo = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value });

/** Why a change happened, when it is the consequence of another action. */
const causeSchema = z.object({ type: z.literal("agent_removed"), agent: z.string() });

/** An RDV as people read it: when, how long, what, where (null: no lieu), who. */
const rdvFactsSchema = z.object({
  startsAt: instant,
  durationInMin: z.number().int(),
  status,
  motif: z.string(),
  lieu: z.string().nullable(),
  agents: z.array(z.string()),
  usagers: z.array(z.string()),
});

const addedRemoved = z.object({ added: z.array(z.string()), removed: z.array(z.string()) });

/** The fields of an RDV that an update changed, each from → to (lists: who was added and removed). */
const rdvChangesSchema = z.object({
  status: fromTo(status).optional(),
  startsAt: fromTo(instant).optional(),
  durationInMin: fromTo(z.number().int()).optional(),
  motif: fromTo(z.string()).optional(),
  lieu: fromTo(z.string().nullable()).optional(),
  agents: addedRemoved.optional(),
  usagers: addedRemoved.optional(),
  notes: z.enum(["modified", "cleared"]).optional(),
});

const rdvHistorySchema = z.discriminatedUnion("action", [
  z.object({ type: z.literal("rdv"), action: z.literal("created"), rdv: rdvFactsSchema }),
  z.object({
    type: z.literal("rdv"),
    action: z.literal("updated"),
    /** The RDV after the change. */
    rdv: rdvFactsSchema,
    changes: rdvChangesSchema,
    cause: causeSchema.optional(),
  }),
  z.object({ type: z.literal("rdv"), action: z.literal("deleted"), rdv: rdvFactsSchema }),
]);

/** The days and times of a plage or an absence (local days "YYYY-MM-DD", times "HH:MM", in the organisation). */
const seriesSchema = z.object({
  firstDay: z.string(),
  startTime: z.string(),
  endDay: z.string().optional(),
  endTime: z.string(),
  recurrence: nullableRecurrenceSchema,
});

const agentRecordFactsSchema = z.object({ title: z.string(), series: seriesSchema });

/** Plages d'ouverture and absences say the same things: title and days, what changed, and why. */
function agentRecordHistorySchema<Type extends "plage_ouverture" | "absence">(type: Type) {
  return z.discriminatedUnion("action", [
    z.object({ type: z.literal(type), action: z.literal("created"), record: agentRecordFactsSchema }),
    z.object({
      type: z.literal(type),
      action: z.literal("updated"),
      before: agentRecordFactsSchema,
      record: agentRecordFactsSchema,
      /** What changed, in the words of the form (« titre », « horaires »…). */
      aspects: z.array(z.string()),
    }),
    z.object({
      type: z.literal(type),
      action: z.literal("deleted"),
      record: agentRecordFactsSchema,
      cause: causeSchema.optional(),
    }),
  ]);
}

const agentHistorySchema = z.discriminatedUnion("action", [
  z.object({ type: z.literal("agent"), action: z.literal("role_changed"), agent: z.string(), role: fromTo(role) }),
  z.object({ type: z.literal("agent"), action: z.literal("invited"), agent: z.string(), email: z.string(), role }),
  z.object({ type: z.literal("agent"), action: z.literal("added"), agent: z.string(), email: z.string(), role }),
  z.object({ type: z.literal("agent"), action: z.literal("invitation_accepted"), agent: z.string() }),
  z.object({
    type: z.literal("agent"),
    action: z.literal("removed"),
    agent: z.string(),
    reassigned: z.number().int(),
    cancelled: z.number().int(),
    plagesDeleted: z.number().int(),
  }),
]);

const lieuFacts = z.object({ name: z.string(), address: z.string() });
const lieuHistorySchema = z.discriminatedUnion("action", [
  z.object({ type: z.literal("lieu"), action: z.literal("created"), lieu: lieuFacts }),
  z.object({ type: z.literal("lieu"), action: z.literal("updated"), lieu: fromTo(lieuFacts) }),
  z.object({ type: z.literal("lieu"), action: z.literal("deleted"), lieu: lieuFacts }),
  z.object({ type: z.literal("lieu"), action: z.literal("disabled"), lieu: lieuFacts }),
  z.object({ type: z.literal("lieu"), action: z.literal("enabled"), lieu: lieuFacts }),
]);

const motifHistorySchema = z.discriminatedUnion("action", [
  z.object({
    type: z.literal("motif"),
    action: z.literal("created"),
    motif: z.object({ name: z.string(), defaultDurationInMin: z.number().int() }),
  }),
  z.object({
    type: z.literal("motif"),
    action: z.literal("updated"),
    motif: z.object({ name: z.string() }),
    /** The fields changed, in the words of the form (« nom », « durée »…). */
    changed: z.array(z.string()),
  }),
  z.object({ type: z.literal("motif"), action: z.literal("disabled"), motif: z.object({ name: z.string() }) }),
  z.object({ type: z.literal("motif"), action: z.literal("enabled"), motif: z.object({ name: z.string() }) }),
]);

const userHistorySchema = z.object({
  type: z.literal("user"),
  action: z.enum(["created", "updated"]),
  user: z.string(),
});

const organisationHistorySchema = z.object({
  type: z.literal("organisation"),
  action: z.literal("updated"),
  /** The settings changed, in the words of the form (« nom », « fuseau horaire »…). */
  changed: z.array(z.string()),
});

/** A row written before history was structured: its French sentence, shown as it is. */
const legacyHistorySchema = z.object({ type: z.literal("legacy"), summary: z.string() });

/** The `data` of a history row, one schema per record type. */
export const historyDataSchema = z.discriminatedUnion("type", [
  rdvHistorySchema,
  agentRecordHistorySchema("plage_ouverture"),
  agentRecordHistorySchema("absence"),
  agentHistorySchema,
  lieuHistorySchema,
  motifHistorySchema,
  userHistorySchema,
  organisationHistorySchema,
  legacyHistorySchema,
]);

export type HistoryData = z.output<typeof historyDataSchema>;
/** What new rows hold (legacy rows only come from the migration). */
export type NewHistoryData = Exclude<HistoryData, { type: "legacy" }>;
export type RdvHistoryData = Extract<HistoryData, { type: "rdv" }>;
export type RdvFacts = z.output<typeof rdvFactsSchema>;
export type RdvFieldChanges = z.output<typeof rdvChangesSchema>;
export type AgentRecordFacts = z.output<typeof agentRecordFactsSchema>;

/**
 * The facts of a stored row. A row that matches no schema (written by a newer version, or edited by hand) still
 * reads as something rather than breaking the page that lists it.
 */
export function readHistoryData(stored: unknown): HistoryData {
  const parsed = historyDataSchema.safeParse(stored);
  return parsed.success ? parsed.data : { type: "legacy", summary: "Modification enregistrée (détails illisibles)." };
}
