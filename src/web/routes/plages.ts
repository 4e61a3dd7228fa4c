// Plages d'ouverture pages: list (per agent, by lieu), create, edit, delete. Rules live in src/domain/plages.
import { type Response, Router } from "express";
import { requireAgentInOrganisation } from "../../domain/agents/agent.queries.ts";
import { setFlash } from "../../domain/auth/sessions.ts";
import { agentAuthor } from "../../domain/author.ts";
import { forbidden } from "../../domain/errors.ts";
import { createPlage } from "../../domain/plages/create-plage.ts";
import { deletePlage } from "../../domain/plages/delete-plage.ts";
import { canManagePlage } from "../../domain/plages/plage.policy.ts";
import {
  agentsWithVisiblePlages,
  findPlageForEdit,
  listPlages,
  plageFormOptions,
} from "../../domain/plages/plage.queries.ts";
import { type Plage, plageSeries } from "../../domain/plages/plage-snapshot.ts";
import { updatePlage } from "../../domain/plages/update-plage.ts";
import { describeRecurrence } from "../../domain/recurrence/describe-recurrence.ts";
import type { AppContext } from "../context.ts";
import { submitForm } from "../forms.ts";
import { currentOrganisationOf, requireAgent, sessionOf } from "../middleware/session.ts";
import { idParam } from "../params.ts";
import {
  formList,
  formString,
  type RecurrenceFormValues,
  recurrenceFormValues,
  recurrenceFormValuesOf,
  recurrenceFromForm,
} from "../recurrence-form.ts";

/** The plage form as strings, exactly as sent or as stored. */
type PlageFormValues = RecurrenceFormValues & {
  agentId: string;
  title: string;
  lieuId: string;
  motifIds: string[];
  firstDay: string;
  startTime: string;
  endTime: string;
};

function formValues(body: Record<string, unknown>): PlageFormValues {
  return {
    agentId: formString(body.agentId),
    title: formString(body.title),
    lieuId: formString(body.lieuId),
    motifIds: formList(body.motifIds),
    firstDay: formString(body.firstDay),
    startTime: formString(body.startTime),
    endTime: formString(body.endTime),
    ...recurrenceFormValues(body),
  };
}

function formValuesOf(plage: Plage): PlageFormValues {
  return {
    agentId: plage.agentId,
    title: plage.title,
    lieuId: plage.lieuId,
    motifIds: plage.motifIds,
    firstDay: plage.firstDay,
    startTime: plage.startTime,
    endTime: plage.endTime,
    ...recurrenceFormValuesOf(plage.recurrence),
  };
}

/** The domain input of a form; empty fields are left out so that the schema names what is missing. */
function inputOf(values: PlageFormValues) {
  return {
    title: values.title,
    lieuId: values.lieuId || undefined,
    motifIds: values.motifIds,
    firstDay: values.firstDay || undefined,
    startTime: values.startTime || undefined,
    endTime: values.endTime || undefined,
    recurrence: recurrenceFromForm(values),
  };
}

const listUrl = (agentId: string) => `/plages?agentId=${encodeURIComponent(agentId)}`;

export function plageRoutes(context: AppContext): Router {
  const { db } = context;
  const router = Router();

  router.get("/plages", requireAgent, async (req, res) => {
    const { actor, currentOrganisation } = sessionOf(res);
    if (!currentOrganisation) return res.render("plages/index", { nav: "plages", organisation: null });
    const agentId = formString(req.query.agentId) || actor.agentId;
    const lieuId = formString(req.query.lieuId) || undefined;
    const organisationId = currentOrganisation.id;
    const items = await listPlages(db, actor, { organisationId, agentId, lieuId });
    const agents = await agentsWithVisiblePlages(db, actor, organisationId);
    const { lieux } = await plageFormOptions(db, actor, organisationId);
    res.render("plages/index", {
      nav: "plages",
      organisation: currentOrganisation,
      items,
      agents,
      lieux,
      agentId,
      lieuId: lieuId ?? "",
      canCreate: canManagePlage(actor, agentId, organisationId),
    });
  });

  /** Render the form (new or edit) with its options and any errors. */
  async function formLocals(res: Response, values: PlageFormValues, plage?: Plage) {
    const { actor } = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const options = await plageFormOptions(db, actor, plage?.organisationId ?? organisation.id, plage);
    return {
      nav: "plages",
      plage: plage ?? null,
      action: plage ? `/plages/${plage.id}` : "/plages",
      values,
      options,
      errors: {},
    };
  }

  router.get("/plages/nouvelle", requireAgent, async (req, res) => {
    const { actor } = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const agentId = formString(req.query.agentId) || actor.agentId;
    await requireAgentInOrganisation(db, agentId, organisation.id);
    if (!canManagePlage(actor, agentId, organisation.id)) {
      throw forbidden("Vous ne pouvez créer des plages d'ouverture que pour vous-même.");
    }
    const defaults = { ...formValues({}), agentId, startTime: "09:00", endTime: "12:00", recurrenceInterval: "1" };
    const locals = await formLocals(res, defaults);
    // One lieu: nothing to choose.
    const [onlyLieu, ...otherLieux] = locals.options.lieux;
    if (onlyLieu && otherLieux.length === 0) defaults.lieuId = onlyLieu.id;
    res.render("plages/form", locals);
  });

  router.post("/plages", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const values = formValues(req.body ?? {});
    const locals = await formLocals(res, values);
    await submitForm(res, "plages/form", locals, async () => {
      const { plage } = await createPlage(context, {
        actor: session.actor,
        author: agentAuthor(session.actor.agentId),
        raw: { ...inputOf(values), organisationId: organisation.id, agentId: values.agentId || undefined },
      });
      await setFlash(db, session.id, `Plage d'ouverture « ${plage.title} » créée.`);
      res.redirect(listUrl(plage.agentId));
    });
  });

  router.get("/plages/:id/modifier", requireAgent, async (req, res) => {
    const plage = await findPlageForEdit(db, sessionOf(res).actor, idParam(req));
    res.render("plages/form", await formLocals(res, formValuesOf(plage), plage));
  });

  router.post("/plages/:id", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const plage = await findPlageForEdit(db, session.actor, idParam(req));
    const values = { ...formValues(req.body ?? {}), agentId: plage.agentId };
    await submitForm(res, "plages/form", await formLocals(res, values, plage), async () => {
      const { plage: updated, change } = await updatePlage(context, {
        actor: session.actor,
        author: agentAuthor(session.actor.agentId),
        plageId: plage.id,
        raw: inputOf(values),
      });
      const message = change ? "modifiée" : "inchangée";
      await setFlash(db, session.id, `Plage d'ouverture « ${updated.title} » ${message}.`);
      res.redirect(listUrl(updated.agentId));
    });
  });

  router.get("/plages/:id/supprimer", requireAgent, async (req, res) => {
    const plage = await findPlageForEdit(db, sessionOf(res).actor, idParam(req));
    res.render("plages/delete", { nav: "plages", plage, description: describeRecurrence(plageSeries(plage)) });
  });

  router.post("/plages/:id/supprimer", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const { plage } = await deletePlage(context, {
      actor: session.actor,
      author: agentAuthor(session.actor.agentId),
      plageId: idParam(req),
    });
    await setFlash(db, session.id, `Plage d'ouverture « ${plage.title} » supprimée.`);
    res.redirect(listUrl(plage.agentId));
  });

  return router;
}
