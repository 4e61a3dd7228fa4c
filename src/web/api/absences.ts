// /api/v1/absences (see agent-records.ts): filtered by organisation and agent.
import type { Router } from "express";
import { z } from "zod";
import { findAbsence, listAbsences } from "../../domain/absences/absence.queries.ts";
import { absencePatchSchema, createAbsenceSchema } from "../../domain/absences/absence.schemas.ts";
import { createAbsence } from "../../domain/absences/create-absence.ts";
import { deleteAbsence } from "../../domain/absences/delete-absence.ts";
import { updateAbsence } from "../../domain/absences/update-absence.ts";
import { idSchema } from "../../domain/validation.ts";
import type { AppContext } from "../context.ts";
import { agentRecordApi } from "./agent-records.ts";

/** The API of absences. */
export function absencesApi(context: AppContext): Router {
  return agentRecordApi(context, {
    path: "/absences",
    listKey: "absences",
    listQuerySchema: z.object({
      organisationId: idSchema("Organisation inconnue.").optional(),
      agentId: idSchema("Agent inconnu.").optional(),
    }),
    newSchema: createAbsenceSchema,
    patchSchema: absencePatchSchema,
    list: async (db, actor, filters) => (await listAbsences(db, actor, filters)).map((item) => item.absence),
    find: findAbsence,
    create: (context, { input, ...command }) => createAbsence(context, { ...command, absence: input }),
    update: updateAbsence,
    delete: deleteAbsence,
  });
}
