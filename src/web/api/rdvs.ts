// /api/v1/rdvs: the RDVs of the token's agent's organisations, with the same rules as the pages.
import { Router } from "express";
import { agentAuthor } from "../../domain/author.ts";
import { changeRdvStatus } from "../../domain/rdvs/change-rdv-status.ts";
import { createRdv } from "../../domain/rdvs/create-rdv.ts";
import { deleteRdv } from "../../domain/rdvs/delete-rdv.ts";
import { findRdv } from "../../domain/rdvs/find-rdv.ts";
import { listRdvs } from "../../domain/rdvs/list-rdvs.ts";
import {
  parseNewRdvBody,
  parseRdvListQuery,
  parseRdvPatchBody,
  parseRdvStatus,
} from "../../domain/rdvs/rdv.schemas.ts";
import { updateRdv } from "../../domain/rdvs/update-rdv.ts";
import type { AppContext } from "../context.ts";
import { idParam } from "../params.ts";
import { rdvJson } from "../presenters/rdvs.ts";
import { apiActorOf } from "./auth.ts";

export function rdvsApi(context: AppContext): Router {
  const { db } = context;
  const router = Router();

  router.get("/rdvs", async (req, res) => {
    const actor = apiActorOf(res);
    const { rdvs, truncated } = await listRdvs(db, actor, parseRdvListQuery(req.query));
    res.json({ rdvs: rdvs.map(rdvJson), truncated });
  });

  router.post("/rdvs", async (req, res) => {
    const actor = apiActorOf(res);
    const rdv = parseNewRdvBody(req.body);
    const change = await createRdv(context, { actor, author: agentAuthor(actor.agentId), rdv });
    res
      .status(201)
      .location(`/api/v1/rdvs/${change.after.id}`)
      .json(rdvJson(await findRdv(db, actor, change.after.id)));
  });

  router.get("/rdvs/:id", async (req, res) => {
    res.json(rdvJson(await findRdv(db, apiActorOf(res), idParam(req))));
  });

  router.patch("/rdvs/:id", async (req, res) => {
    const actor = apiActorOf(res);
    const rdvId = idParam(req);
    const patch = parseRdvPatchBody(req.body);
    await updateRdv(context, { actor, author: agentAuthor(actor.agentId), rdvId, patch });
    res.json(rdvJson(await findRdv(db, actor, rdvId)));
  });

  router.post("/rdvs/:id/status", async (req, res) => {
    const actor = apiActorOf(res);
    const rdvId = idParam(req);
    const status = parseRdvStatus(req.body);
    await changeRdvStatus(context, { actor, author: agentAuthor(actor.agentId), rdvId, status });
    res.json(rdvJson(await findRdv(db, actor, rdvId)));
  });

  router.delete("/rdvs/:id", async (req, res) => {
    const actor = apiActorOf(res);
    await deleteRdv(context, { actor, author: agentAuthor(actor.agentId), rdvId: idParam(req) });
    res.status(204).end();
  });

  return router;
}
