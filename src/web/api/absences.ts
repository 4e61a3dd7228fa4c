// /api/v1/absences: the same domain actions as the pages, with a bearer token. See docs/api/plages-absences.md.
import { Router } from "express";
import { z } from "zod";
import { findAbsence, listAbsences } from "../../domain/absences/absence.queries.ts";
import { createAbsence } from "../../domain/absences/create-absence.ts";
import { deleteAbsence } from "../../domain/absences/delete-absence.ts";
import { updateAbsence } from "../../domain/absences/update-absence.ts";
import { agentAuthor } from "../../domain/author.ts";
import { idSchema, parseInput } from "../../domain/validation.ts";
import type { AppContext } from "../context.ts";
import { idParam } from "../params.ts";
import { apiActorOf } from "./auth.ts";

const listQuerySchema = z.object({
  organisationId: idSchema("Organisation inconnue.").optional(),
  agentId: idSchema("Agent inconnu.").optional(),
});

export function absencesApi(context: AppContext): Router {
  const { db } = context;
  const router = Router();

  router.get("/absences", async (req, res) => {
    const items = await listAbsences(db, apiActorOf(res), parseInput(listQuerySchema, req.query));
    res.json({ absences: items.map((item) => item.absence) });
  });

  router.post("/absences", async (req, res) => {
    const actor = apiActorOf(res);
    const { absence } = await createAbsence(context, { actor, author: agentAuthor(actor.agentId), raw: req.body });
    res.status(201).location(`/api/v1/absences/${absence.id}`).json(absence);
  });

  router.get("/absences/:id", async (req, res) => {
    res.json(await findAbsence(db, apiActorOf(res), idParam(req)));
  });

  router.patch("/absences/:id", async (req, res) => {
    const actor = apiActorOf(res);
    const { absence } = await updateAbsence(context, {
      actor,
      author: agentAuthor(actor.agentId),
      absenceId: idParam(req),
      raw: req.body,
    });
    res.json(absence);
  });

  router.delete("/absences/:id", async (req, res) => {
    const actor = apiActorOf(res);
    await deleteAbsence(context, { actor, author: agentAuthor(actor.agentId), absenceId: idParam(req) });
    res.status(204).end();
  });

  return router;
}
