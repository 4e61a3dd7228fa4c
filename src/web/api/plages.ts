// /api/v1/plages_ouverture: the same domain actions as the pages, with a bearer token. See docs/api/plages-absences.md.
import { Router } from "express";
import { z } from "zod";
import { agentAuthor } from "../../domain/author.ts";
import { createPlage } from "../../domain/plages/create-plage.ts";
import { deletePlage } from "../../domain/plages/delete-plage.ts";
import { findPlage, listPlages } from "../../domain/plages/plage.queries.ts";
import { updatePlage } from "../../domain/plages/update-plage.ts";
import { idSchema, parseInput } from "../../domain/validation.ts";
import type { AppContext } from "../context.ts";
import { idParam } from "../params.ts";
import { apiActorOf } from "./auth.ts";

const listQuerySchema = z.object({
  organisationId: idSchema("Organisation inconnue.").optional(),
  agentId: idSchema("Agent inconnu.").optional(),
  lieuId: idSchema("Lieu inconnu.").optional(),
});

export function plagesApi(context: AppContext): Router {
  const { db } = context;
  const router = Router();

  router.get("/plages_ouverture", async (req, res) => {
    const items = await listPlages(db, apiActorOf(res), parseInput(listQuerySchema, req.query));
    res.json({ plagesOuverture: items.map((item) => item.plage) });
  });

  router.post("/plages_ouverture", async (req, res) => {
    const actor = apiActorOf(res);
    const { plage } = await createPlage(context, { actor, author: agentAuthor(actor.agentId), raw: req.body });
    res.status(201).location(`/api/v1/plages_ouverture/${plage.id}`).json(plage);
  });

  router.get("/plages_ouverture/:id", async (req, res) => {
    res.json(await findPlage(db, apiActorOf(res), idParam(req)));
  });

  router.patch("/plages_ouverture/:id", async (req, res) => {
    const actor = apiActorOf(res);
    const { plage } = await updatePlage(context, {
      actor,
      author: agentAuthor(actor.agentId),
      plageId: idParam(req),
      raw: req.body,
    });
    res.json(plage);
  });

  router.delete("/plages_ouverture/:id", async (req, res) => {
    const actor = apiActorOf(res);
    await deletePlage(context, { actor, author: agentAuthor(actor.agentId), plageId: idParam(req) });
    res.status(204).end();
  });

  return router;
}
