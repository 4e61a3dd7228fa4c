// /api/v1/plages_ouverture and /api/v1/absences: the same domain actions as the pages, with a bearer token; the JSON
// bodies go through the kind's zod schemas. See docs/api/plages-absences.md.
import { Router } from "express";
import type { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { Actor } from "../../domain/auth/actor.ts";
import { type Author, agentAuthor } from "../../domain/author.ts";
import type { Updated } from "../../domain/patch.ts";
import { parseInput } from "../../domain/validation.ts";
import type { AppContext } from "../context.ts";
import { idParam } from "../params.ts";
import { apiActorOf } from "./auth.ts";

/** What the API of one kind of agent record is made of. */
type AgentRecordApi<R extends { id: string }, NewRecord, Patch, Filters> = {
  /** "/plages_ouverture" or "/absences". */
  path: string;
  /** The key of the list in the answer (`plagesOuverture`, `absences`). */
  listKey: string;
  listQuerySchema: z.ZodType<Filters>;
  newSchema: z.ZodType<NewRecord>;
  patchSchema: z.ZodType<Patch>;
  list(db: Db, actor: Actor, filters: Filters): Promise<R[]>;
  find(db: Db, actor: Actor, id: string): Promise<R>;
  create(context: AppContext, command: { actor: Actor; author: Author; input: NewRecord }): Promise<{ record: R }>;
  update(
    context: AppContext,
    command: { actor: Actor; author: Author; id: string; patch: Patch },
  ): Promise<Updated<R, unknown>>;
  delete(context: AppContext, command: { actor: Actor; author: Author; id: string }): Promise<unknown>;
};

/** The list, read, create, PATCH and DELETE endpoints of one kind of agent record. */
export function agentRecordApi<R extends { id: string }, NewRecord, Patch, Filters>(
  context: AppContext,
  kind: AgentRecordApi<R, NewRecord, Patch, Filters>,
): Router {
  const { db } = context;
  const router = Router();
  const command = (actor: Actor) => ({ actor, author: agentAuthor(actor.agentId) });

  router.get(kind.path, async (req, res) => {
    const records = await kind.list(db, apiActorOf(res), parseInput(kind.listQuerySchema, req.query));
    res.json({ [kind.listKey]: records });
  });

  router.post(kind.path, async (req, res) => {
    const input = parseInput(kind.newSchema, req.body);
    const { record } = await kind.create(context, { ...command(apiActorOf(res)), input });
    res.status(201).location(`/api/v1${kind.path}/${record.id}`).json(record);
  });

  router.get(`${kind.path}/:id`, async (req, res) => {
    res.json(await kind.find(db, apiActorOf(res), idParam(req)));
  });

  router.patch(`${kind.path}/:id`, async (req, res) => {
    const patch = parseInput(kind.patchSchema, req.body);
    const { record } = await kind.update(context, { ...command(apiActorOf(res)), id: idParam(req), patch });
    res.json(record);
  });

  router.delete(`${kind.path}/:id`, async (req, res) => {
    await kind.delete(context, { ...command(apiActorOf(res)), id: idParam(req) });
    res.status(204).end();
  });

  return router;
}
