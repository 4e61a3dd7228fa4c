// /api/v1/plages_ouverture (see agent-records.ts): filtered by organisation, agent and lieu.
import type { Router } from "express";
import { z } from "zod";
import { createPlage } from "../../domain/plages/create-plage.ts";
import { deletePlage } from "../../domain/plages/delete-plage.ts";
import { findPlage, listPlages } from "../../domain/plages/plage.queries.ts";
import { createPlageSchema, plagePatchSchema } from "../../domain/plages/plage.schemas.ts";
import { updatePlage } from "../../domain/plages/update-plage.ts";
import { idSchema } from "../../domain/validation.ts";
import type { AppContext } from "../context.ts";
import { agentRecordApi } from "./agent-records.ts";

/** The API of plages d'ouverture. */
export function plagesApi(context: AppContext): Router {
  return agentRecordApi(context, {
    path: "/plages_ouverture",
    listKey: "plagesOuverture",
    listQuerySchema: z.object({
      organisationId: idSchema("Organisation inconnue.").optional(),
      agentId: idSchema("Agent inconnu.").optional(),
      lieuId: idSchema("Lieu inconnu.").optional(),
    }),
    newSchema: createPlageSchema,
    patchSchema: plagePatchSchema,
    list: async (db, actor, filters) => (await listPlages(db, actor, filters)).map((item) => item.plage),
    find: findPlage,
    create: (context, { input, ...command }) => createPlage(context, { ...command, plage: input }),
    update: updatePlage,
    delete: deletePlage,
  });
}
