// /api/v1/rdvs: the RDVs of the token's agent's organisations, with the same rules as the pages.
import { type Request, type Response, Router } from "express";
import type { Actor } from "../../domain/auth/actor.ts";
import type { Author } from "../../domain/author.ts";
import { agentAuthor } from "../../domain/author.ts";
import { changeRdvStatus } from "../../domain/rdvs/change-rdv-status.ts";
import { createRdv } from "../../domain/rdvs/create-rdv.ts";
import { deleteRdv } from "../../domain/rdvs/delete-rdv.ts";
import { findRdv } from "../../domain/rdvs/find-rdv.ts";
import { encodeRdvCursor, listRdvs } from "../../domain/rdvs/list-rdvs.ts";
import {
  parseAllowConflicts,
  parseNewRdvBody,
  parseRdvListQuery,
  parseRdvPatchBody,
  parseRdvStatus,
} from "../../domain/rdvs/rdv.schemas.ts";
import { type RdvConflict, RdvConflictError } from "../../domain/rdvs/rdv-conflicts.ts";
import { updateRdv } from "../../domain/rdvs/update-rdv.ts";
import type { AppContext } from "../context.ts";
import { idParam } from "../params.ts";
import { rdvJson } from "../presenters/rdvs.ts";
import { apiActorOf } from "./auth.ts";

/** Who changes which RDV. */
type RdvCommand = { actor: Actor; author: Author; rdvId: string };

/** A conflict as the API shows it: instants in ISO 8601 (UTC). */
function conflictJson(conflict: RdvConflict) {
  return { ...conflict, startsAt: conflict.startsAt.toISOString(), endsAt: conflict.endsAt.toISOString() };
}

/** Run a write; a conflict is a 409 that lists what the RDV collides with (`allowConflicts: true` books anyway). */
async function answeringConflicts(res: Response, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof RdvConflictError)) throw error;
    res.status(409).json({
      error: { code: "conflict", message: error.message, conflicts: error.conflicts.map(conflictJson) },
    });
  }
}

export function rdvsApi(context: AppContext): Router {
  const { db } = context;
  const router = Router();

  router.get("/rdvs", async (req, res) => {
    const actor = apiActorOf(res);
    const { filters, page } = parseRdvListQuery(req.query);
    const list = await listRdvs(db, actor, filters, page);
    res.json({
      rdvs: list.rdvs.map(rdvJson),
      count: list.count,
      next: list.next && encodeRdvCursor(list.next),
      previous: list.previous && encodeRdvCursor(list.previous),
      // Kept for clients written before pagination: true when a next page exists.
      truncated: list.next !== null,
    });
  });

  router.post("/rdvs", async (req, res) => {
    const actor = apiActorOf(res);
    const rdv = parseNewRdvBody(req.body);
    const allowConflicts = parseAllowConflicts(req.body);
    await answeringConflicts(res, async () => {
      const { record } = await createRdv(context, { actor, author: agentAuthor(actor.agentId), rdv, allowConflicts });
      res
        .status(201)
        .location(`/api/v1/rdvs/${record.id}`)
        .json(rdvJson(await findRdv(db, actor, record.id)));
    });
  });

  router.get("/rdvs/:id", async (req, res) => {
    res.json(rdvJson(await findRdv(db, apiActorOf(res), idParam(req))));
  });

  /** A change of the RDV of the path, answered with the RDV as it now is. */
  function changeOfRdv(change: (command: RdvCommand, body: unknown) => Promise<unknown>) {
    return async (req: Request, res: Response) => {
      const actor = apiActorOf(res);
      const rdvId = idParam(req);
      await answeringConflicts(res, async () => {
        await change({ actor, author: agentAuthor(actor.agentId), rdvId }, req.body);
        res.json(rdvJson(await findRdv(db, actor, rdvId)));
      });
    };
  }

  router.patch(
    "/rdvs/:id",
    changeOfRdv((command, body) =>
      updateRdv(context, { ...command, patch: parseRdvPatchBody(body), allowConflicts: parseAllowConflicts(body) }),
    ),
  );

  router.post(
    "/rdvs/:id/status",
    changeOfRdv((command, body) => changeRdvStatus(context, { ...command, status: parseRdvStatus(body) })),
  );

  router.delete("/rdvs/:id", async (req, res) => {
    const actor = apiActorOf(res);
    await deleteRdv(context, { actor, author: agentAuthor(actor.agentId), rdvId: idParam(req) });
    res.status(204).end();
  });

  return router;
}
