// Absences pages (see agent-records.ts): listed per agent; a form with a last day.
import type { Router } from "express";
import { findAbsenceDetails, findAbsenceForEdit, listAbsences } from "../../domain/absences/absence.queries.ts";
import { absenceSeries } from "../../domain/absences/absence-snapshot.ts";
import { createAbsence } from "../../domain/absences/create-absence.ts";
import { deleteAbsence } from "../../domain/absences/delete-absence.ts";
import { updateAbsence } from "../../domain/absences/update-absence.ts";
import { canManageAgentRecord } from "../../domain/agent-records/agent-record.policy.ts";
import {
  agentsWithManageableRecords,
  agentsWithVisibleRecords,
} from "../../domain/agent-records/agent-record.queries.ts";
import { describeRecurrence } from "../../domain/recurrence/describe-recurrence.ts";
import type { AppContext } from "../context.ts";
import {
  absenceFormValues,
  absenceFormValuesOf,
  parseAbsenceForm,
  parseNewAbsenceForm,
} from "../forms/agent-record-form.ts";
import { agentRecordRoutes } from "./agent-records.ts";

/** The absences pages. */
export function absenceRoutes(context: AppContext): Router {
  return agentRecordRoutes(context, {
    path: "/absences",
    local: "absence",
    named: (title) => `Absence « ${title} »`,
    cannotCreate: "Vous ne pouvez créer des absences que pour vous-même.",
    canManage: canManageAgentRecord,
    defaults: { startTime: "09:00", endTime: "18:00" },
    listLocals: async (db, actor, organisationId, agentId) => ({
      items: await listAbsences(db, actor, { organisationId, agentId }),
      agents: await agentsWithVisibleRecords(db, actor, organisationId),
    }),
    formOptions: async (db, actor, organisationId) => ({
      agents: await agentsWithManageableRecords(db, actor, organisationId),
    }),
    formValues: absenceFormValues,
    formValuesOf: absenceFormValuesOf,
    parseNew: parseNewAbsenceForm,
    parse: parseAbsenceForm,
    findForEdit: findAbsenceForEdit,
    details: findAbsenceDetails,
    describe: (absence) => describeRecurrence(absenceSeries(absence)),
    create: (context, { input, ...command }) => createAbsence(context, { ...command, absence: input }),
    update: updateAbsence,
    delete: deleteAbsence,
  });
}
