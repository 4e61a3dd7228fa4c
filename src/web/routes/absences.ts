// Absences pages: list (per agent), create, edit, delete. Rules live in src/domain/absences.
import { type Response, Router } from "express";
import { canManageAbsence } from "../../domain/absences/absence.policy.ts";
import {
  agentsWithManageableAbsences,
  agentsWithVisibleAbsences,
  findAbsenceForEdit,
  listAbsences,
} from "../../domain/absences/absence.queries.ts";
import { type Absence, absenceSeries } from "../../domain/absences/absence-snapshot.ts";
import { createAbsence } from "../../domain/absences/create-absence.ts";
import { deleteAbsence } from "../../domain/absences/delete-absence.ts";
import { updateAbsence } from "../../domain/absences/update-absence.ts";
import { requireAgentInOrganisation } from "../../domain/agents/agent.queries.ts";
import { setFlash } from "../../domain/auth/sessions.ts";
import { agentAuthor } from "../../domain/author.ts";
import { forbidden } from "../../domain/errors.ts";
import { describeRecurrence } from "../../domain/recurrence/describe-recurrence.ts";
import type { AppContext } from "../context.ts";
import { submitForm } from "../forms.ts";
import { currentOrganisationOf, requireAgent, sessionOf } from "../middleware/session.ts";
import { idParam } from "../params.ts";
import {
  formString,
  type RecurrenceFormValues,
  recurrenceFormValues,
  recurrenceFormValuesOf,
  recurrenceFromForm,
} from "../recurrence-form.ts";

/** The absence form as strings, exactly as sent or as stored. */
type AbsenceFormValues = RecurrenceFormValues & {
  agentId: string;
  title: string;
  firstDay: string;
  startTime: string;
  endDay: string;
  endTime: string;
};

function formValues(body: Record<string, unknown>): AbsenceFormValues {
  return {
    agentId: formString(body.agentId),
    title: formString(body.title),
    firstDay: formString(body.firstDay),
    startTime: formString(body.startTime),
    endDay: formString(body.endDay),
    endTime: formString(body.endTime),
    ...recurrenceFormValues(body),
  };
}

function formValuesOf(absence: Absence): AbsenceFormValues {
  return {
    agentId: absence.agentId,
    title: absence.title,
    firstDay: absence.firstDay,
    startTime: absence.startTime,
    endDay: absence.endDay,
    endTime: absence.endTime,
    ...recurrenceFormValuesOf(absence.recurrence),
  };
}

/** The domain input of a form; empty fields are left out so that the schema names what is missing. */
function inputOf(values: AbsenceFormValues) {
  return {
    title: values.title,
    firstDay: values.firstDay || undefined,
    startTime: values.startTime || undefined,
    endDay: values.endDay || undefined,
    endTime: values.endTime || undefined,
    recurrence: recurrenceFromForm(values),
  };
}

const listUrl = (agentId: string) => `/absences?agentId=${encodeURIComponent(agentId)}`;

export function absenceRoutes(context: AppContext): Router {
  const { db } = context;
  const router = Router();

  router.get("/absences", requireAgent, async (req, res) => {
    const { actor, currentOrganisation } = sessionOf(res);
    if (!currentOrganisation) return res.render("absences/index", { nav: "absences", organisation: null });
    const agentId = formString(req.query.agentId) || actor.agentId;
    const organisationId = currentOrganisation.id;
    const items = await listAbsences(db, actor, { organisationId, agentId });
    const agents = await agentsWithVisibleAbsences(db, actor, organisationId);
    res.render("absences/index", {
      nav: "absences",
      organisation: currentOrganisation,
      items,
      agents,
      agentId,
      canCreate: canManageAbsence(actor, agentId, organisationId),
    });
  });

  async function formLocals(res: Response, values: AbsenceFormValues, absence?: Absence) {
    const { actor } = sessionOf(res);
    const organisationId = absence?.organisationId ?? currentOrganisationOf(res).id;
    const agents = await agentsWithManageableAbsences(db, actor, organisationId);
    return {
      nav: "absences",
      absence: absence ?? null,
      action: absence ? `/absences/${absence.id}` : "/absences",
      values,
      agents,
      errors: {},
    };
  }

  router.get("/absences/nouvelle", requireAgent, async (req, res) => {
    const { actor } = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const agentId = formString(req.query.agentId) || actor.agentId;
    await requireAgentInOrganisation(db, agentId, organisation.id);
    if (!canManageAbsence(actor, agentId, organisation.id)) {
      throw forbidden("Vous ne pouvez créer des absences que pour vous-même.");
    }
    const defaults = { ...formValues({}), agentId, startTime: "09:00", endTime: "18:00", recurrenceInterval: "1" };
    const locals = await formLocals(res, defaults);
    res.render("absences/form", locals);
  });

  router.post("/absences", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const values = formValues(req.body ?? {});
    await submitForm(res, "absences/form", await formLocals(res, values), async () => {
      const { absence } = await createAbsence(context, {
        actor: session.actor,
        author: agentAuthor(session.actor.agentId),
        raw: { ...inputOf(values), organisationId: organisation.id, agentId: values.agentId || undefined },
      });
      await setFlash(db, session.id, `Absence « ${absence.title} » créée.`);
      res.redirect(listUrl(absence.agentId));
    });
  });

  router.get("/absences/:id/modifier", requireAgent, async (req, res) => {
    const absence = await findAbsenceForEdit(db, sessionOf(res).actor, idParam(req));
    res.render("absences/form", await formLocals(res, formValuesOf(absence), absence));
  });

  router.post("/absences/:id", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const absence = await findAbsenceForEdit(db, session.actor, idParam(req));
    const values = { ...formValues(req.body ?? {}), agentId: absence.agentId };
    await submitForm(res, "absences/form", await formLocals(res, values, absence), async () => {
      const { absence: updated, change } = await updateAbsence(context, {
        actor: session.actor,
        author: agentAuthor(session.actor.agentId),
        absenceId: absence.id,
        raw: inputOf(values),
      });
      await setFlash(db, session.id, `Absence « ${updated.title} » ${change ? "modifiée" : "inchangée"}.`);
      res.redirect(listUrl(updated.agentId));
    });
  });

  router.get("/absences/:id/supprimer", requireAgent, async (req, res) => {
    const absence = await findAbsenceForEdit(db, sessionOf(res).actor, idParam(req));
    res.render("absences/delete", {
      nav: "absences",
      absence,
      description: describeRecurrence(absenceSeries(absence)),
    });
  });

  router.post("/absences/:id/supprimer", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const { absence } = await deleteAbsence(context, {
      actor: session.actor,
      author: agentAuthor(session.actor.agentId),
      absenceId: idParam(req),
    });
    await setFlash(db, session.id, `Absence « ${absence.title} » supprimée.`);
    res.redirect(listUrl(absence.agentId));
  });

  return router;
}
