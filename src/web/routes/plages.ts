// Plages d'ouverture pages (see agent-records.ts): listed per agent and by lieu; a form with a lieu and motifs.
import type { Router } from "express";
import { canManageAgentRecord } from "../../domain/agent-records/agent-record.policy.ts";
import { agentsWithVisibleRecords } from "../../domain/agent-records/agent-record.queries.ts";
import { createPlage } from "../../domain/plages/create-plage.ts";
import { deletePlage } from "../../domain/plages/delete-plage.ts";
import { findPlageDetails, findPlageForEdit, listPlages, plageFormOptions } from "../../domain/plages/plage.queries.ts";
import { plageSeries } from "../../domain/plages/plage-snapshot.ts";
import { updatePlage } from "../../domain/plages/update-plage.ts";
import { describeRecurrence } from "../../domain/recurrence/describe-recurrence.ts";
import type { AppContext } from "../context.ts";
import { parseNewPlageForm, parsePlageForm, plageFormValues, plageFormValuesOf } from "../forms/agent-record-form.ts";
import { formString } from "../forms/fields.ts";
import { agentRecordRoutes } from "./agent-records.ts";

/** The plages d'ouverture pages. */
export function plageRoutes(context: AppContext): Router {
  return agentRecordRoutes(context, {
    path: "/plages",
    local: "plage",
    named: (title) => `Plage d'ouverture « ${title} »`,
    cannotCreate: "Vous ne pouvez créer des plages d'ouverture que pour vous-même.",
    canManage: canManageAgentRecord,
    defaults: { startTime: "09:00", endTime: "12:00" },
    listLocals: async (db, actor, organisationId, agentId, query) => {
      const lieuId = formString(query.lieuId) || undefined;
      const items = await listPlages(db, actor, { organisationId, agentId, lieuId });
      const agents = await agentsWithVisibleRecords(db, actor, organisationId);
      const { lieux } = await plageFormOptions(db, actor, organisationId);
      return { items, agents, lieux, lieuId: lieuId ?? "" };
    },
    formOptions: plageFormOptions,
    preset: (values, options) => {
      // One lieu: nothing to choose.
      const [onlyLieu, ...otherLieux] = options.lieux;
      if (onlyLieu && otherLieux.length === 0) values.lieuId = onlyLieu.id;
    },
    formValues: plageFormValues,
    formValuesOf: plageFormValuesOf,
    parseNew: parseNewPlageForm,
    parse: parsePlageForm,
    findForEdit: findPlageForEdit,
    details: findPlageDetails,
    describe: (plage) => describeRecurrence(plageSeries(plage)),
    create: (context, { input, ...command }) => createPlage(context, { ...command, plage: input }),
    update: updatePlage,
    delete: deletePlage,
  });
}
