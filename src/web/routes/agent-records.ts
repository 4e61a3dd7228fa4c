// Plages d'ouverture and absences pages: list (per agent), create, edit, delete. The two kinds share these routes and
// differ only in what `AgentRecordPages` gives: their forms, their options, their words. Rules live in the domain.
import { type Response, Router } from "express";
import type { Db } from "../../db/client.ts";
import { requireAgentInOrganisation } from "../../domain/agents/agent.queries.ts";
import type { Actor } from "../../domain/auth/actor.ts";
import { setFlash } from "../../domain/auth/sessions.ts";
import { type Author, agentAuthor } from "../../domain/author.ts";
import { forbidden } from "../../domain/errors.ts";
import type { Updated } from "../../domain/patch.ts";
import type { AppContext } from "../context.ts";
import { formString } from "../forms/fields.ts";
import { formSubmissionKey, parseSubmissionKey } from "../forms/submission-key.ts";
import { submitForm } from "../forms.ts";
import { currentOrganisationOf, requireAgent, sessionOf } from "../middleware/session.ts";
import { idParam } from "../params.ts";

/** What the shared routes need of a record. */
type Shown = { id: string; organisationId: string; agentId: string; title: string };

/** What makes the pages of one kind: its path, views and words, how its form reads, and its domain actions. */
export type AgentRecordPages<R extends Shown, FormValues, NewRecord, Values, Options extends object> = {
  /** "/plages" or "/absences"; also the folder of its views and its `nav`. */
  path: string;
  /** The name of the record in its views (`plage`, `absence`). */
  local: string;
  /** « Plage d'ouverture « … » », « Absence « … » », before « créée », « modifiée »… */
  named(title: string): string;
  cannotCreate: string;
  canManage(actor: Actor, agentId: string, organisationId: string): boolean;
  /** The times a new record's form proposes. */
  defaults: { startTime: string; endTime: string };
  /** What the list page shows besides the organisation and the agent on screen. */
  listLocals(
    db: Db,
    actor: Actor,
    organisationId: string,
    agentId: string,
    query: Record<string, unknown>,
  ): Promise<object>;
  /** The choices of the form (agents, and for plages the lieux and motifs), keeping those of `record`. */
  formOptions(db: Db, actor: Actor, organisationId: string, record?: R): Promise<Options>;
  /** Set the form's defaults that depend on its options (one lieu: nothing to choose). */
  preset?(values: FormValues, options: Options): void;
  formValues(body: unknown): FormValues;
  formValuesOf(record: R): FormValues;
  parseNew(values: FormValues, organisationId: string): NewRecord;
  parse(values: FormValues): Values;
  findForEdit(db: Db, actor: Actor, id: string): Promise<R>;
  /**
   * One record the actor may see (its owner, and whoever sees that agent's records), with what its read-only page
   * shows: the page the emails link to.
   */
  details(db: Db, actor: Actor, id: string): Promise<{ canManage: boolean; description: string; agentName: string }>;
  describe(record: R): string;
  /** `submissionKey` is the form's one-time key: a repeated submission returns the record the first one created. */
  create(
    context: AppContext,
    command: { actor: Actor; author: Author; input: NewRecord; submissionKey?: string },
  ): Promise<{ record: R }>;
  update(
    context: AppContext,
    command: { actor: Actor; author: Author; id: string; patch: Values },
  ): Promise<Updated<R, unknown>>;
  delete(context: AppContext, command: { actor: Actor; author: Author; id: string }): Promise<{ record: R }>;
};

/** The list, form and deletion pages of one kind of agent record. */
export function agentRecordRoutes<
  R extends Shown,
  FormValues extends { agentId: string },
  NewRecord,
  Values,
  Options extends object,
>(context: AppContext, kind: AgentRecordPages<R, FormValues, NewRecord, Values, Options>): Router {
  const { db } = context;
  const router = Router();
  const nav = kind.path.slice(1);
  const view = (name: string) => `${nav}/${name}`;
  const listUrl = (agentId: string) => `${kind.path}?agentId=${encodeURIComponent(agentId)}`;

  router.get(kind.path, requireAgent, async (req, res) => {
    const { actor, currentOrganisation } = sessionOf(res);
    if (!currentOrganisation) return res.render(view("index"), { nav, organisation: null });
    const agentId = formString(req.query.agentId) || actor.agentId;
    const organisationId = currentOrganisation.id;
    res.render(view("index"), {
      nav,
      organisation: currentOrganisation,
      ...(await kind.listLocals(db, actor, organisationId, agentId, req.query)),
      agentId,
      canCreate: kind.canManage(actor, agentId, organisationId),
    });
  });

  /** The form's locals (new or edit), without errors. */
  async function formLocals(res: Response, values: FormValues, record?: R) {
    const { actor } = sessionOf(res);
    const organisationId = record?.organisationId ?? currentOrganisationOf(res).id;
    const options = await kind.formOptions(db, actor, organisationId, record);
    return {
      nav,
      [kind.local]: record ?? null,
      action: record ? `${kind.path}/${record.id}` : kind.path,
      values,
      // The plage form reads its choices whole (`options.lieux`), the absence form by name (`agents`).
      ...options,
      options,
      errors: {},
    };
  }

  router.get(`${kind.path}/nouvelle`, requireAgent, async (req, res) => {
    const { actor } = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const agentId = formString(req.query.agentId) || actor.agentId;
    await requireAgentInOrganisation(db, agentId, organisation.id);
    if (!kind.canManage(actor, agentId, organisation.id)) throw forbidden(kind.cannotCreate);
    const values = { ...kind.formValues({ recurrenceInterval: "1", ...kind.defaults }), agentId };
    const locals = await formLocals(res, values);
    kind.preset?.(values, locals.options);
    res.render(view("form"), { ...locals, submissionKey: formSubmissionKey(undefined) });
  });

  // After « nouvelle », which this path would also match.
  router.get(`${kind.path}/:id`, requireAgent, async (req, res) => {
    const item = await kind.details(db, sessionOf(res).actor, idParam(req));
    res.render(view("show"), { nav, item });
  });

  router.post(kind.path, requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const values = kind.formValues(req.body);
    // A refused form comes back with its key, so that sending it again still creates one record.
    const locals = { ...(await formLocals(res, values)), submissionKey: formSubmissionKey(req.body) };
    await submitForm(res, view("form"), locals, async () => {
      // A repeated submission (double click, reload, second tab) gets the record of the first, and the same page.
      const { record } = await kind.create(context, {
        actor: session.actor,
        author: agentAuthor(session.actor.agentId),
        input: kind.parseNew(values, organisation.id),
        submissionKey: parseSubmissionKey(req.body),
      });
      await setFlash(db, session.id, `${kind.named(record.title)} créée.`);
      res.redirect(listUrl(record.agentId));
    });
  });

  router.get(`${kind.path}/:id/modifier`, requireAgent, async (req, res) => {
    const record = await kind.findForEdit(db, sessionOf(res).actor, idParam(req));
    res.render(view("form"), await formLocals(res, kind.formValuesOf(record), record));
  });

  router.post(`${kind.path}/:id`, requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const current = await kind.findForEdit(db, session.actor, idParam(req));
    const values = { ...kind.formValues(req.body), agentId: current.agentId };
    const locals = await formLocals(res, values, current);
    await submitForm(res, view("form"), locals, async () => {
      const { record, change } = await kind.update(context, {
        actor: session.actor,
        author: agentAuthor(session.actor.agentId),
        id: current.id,
        patch: kind.parse(values),
      });
      await setFlash(db, session.id, `${kind.named(record.title)} ${change ? "modifiée" : "inchangée"}.`);
      res.redirect(listUrl(record.agentId));
    });
  });

  router.get(`${kind.path}/:id/supprimer`, requireAgent, async (req, res) => {
    const record = await kind.findForEdit(db, sessionOf(res).actor, idParam(req));
    res.render(view("delete"), { nav, [kind.local]: record, description: kind.describe(record) });
  });

  router.post(`${kind.path}/:id/supprimer`, requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const { record } = await kind.delete(context, {
      actor: session.actor,
      author: agentAuthor(session.actor.agentId),
      id: idParam(req),
    });
    await setFlash(db, session.id, `${kind.named(record.title)} supprimée.`);
    res.redirect(listUrl(record.agentId));
  });

  return router;
}
