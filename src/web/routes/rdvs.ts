// RDV pages: list, create, show with history, edit, status, delete.
import { Router } from "express";
import { DateTime } from "luxon";
import { z } from "zod";
import type { Actor } from "../../domain/auth/actor.ts";
import { type SessionOrganisation, setFlash } from "../../domain/auth/sessions.ts";
import { agentAuthor } from "../../domain/author.ts";
import { AppError, forbidden } from "../../domain/errors.ts";
import { changeRdvStatus } from "../../domain/rdvs/change-rdv-status.ts";
import { createRdv } from "../../domain/rdvs/create-rdv.ts";
import { deleteRdv } from "../../domain/rdvs/delete-rdv.ts";
import { findRdv, findRdvHistory } from "../../domain/rdvs/find-rdv.ts";
import { listRdvs } from "../../domain/rdvs/list-rdvs.ts";
import { canEditRdv } from "../../domain/rdvs/rdv.policy.ts";
import { parseRdvStatus } from "../../domain/rdvs/rdv.schemas.ts";
import { findRdvFormOptions } from "../../domain/rdvs/rdv-form-options.ts";
import { updateRdv } from "../../domain/rdvs/update-rdv.ts";
import { localDateSchema, localTimeSchema } from "../../domain/recurrence/recurrence.schemas.ts";
import { findUsersByIds, searchUsers, type UserSummary } from "../../domain/usagers/search-users.ts";
import type { AppContext } from "../context.ts";
import { parseRdvForm } from "../forms/rdv-form.ts";
import { submitForm } from "../forms.ts";
import { currentOrganisationOf, requireAgent, sessionOf } from "../middleware/session.ts";
import { idParam } from "../params.ts";
import {
  newRdvFormValues,
  type RdvFormValues,
  rdvFormValuesFrom,
  rdvFormValuesOf,
  rdvListItem,
  rdvPage,
  statusChangedMessage,
} from "../presenters/rdvs.ts";

const guid = z.guid();

/** Filters of the list page: `agentId` absent = the default, empty = every agent; `du` = first day. */
function listFilters(query: Record<string, unknown>, actor: Actor, organisation: SessionOrganisation) {
  const agentParam = query.agentId;
  const agentId =
    agentParam === undefined
      ? organisation.level === "agent"
        ? actor.agentId
        : ""
      : typeof agentParam === "string" && guid.safeParse(agentParam).success
        ? agentParam
        : "";
  const today = DateTime.now().setZone(organisation.timezone).toISODate() ?? "";
  const day = localDateSchema.safeParse(query.du);
  const from = day.success ? day.data : today;
  return { agentId, from, fromInstant: DateTime.fromISO(from, { zone: organisation.timezone }).toJSDate() };
}

/** Values that a link from the agenda may suggest for a new RDV (`?date=…&time=…&agentId=…&motifId=…`). */
function suggestedValues(query: Record<string, unknown>, actor: Actor, organisation: SessionOrganisation) {
  const date = localDateSchema.safeParse(query.date);
  const time = localTimeSchema.safeParse(query.time);
  const agentId = guid.safeParse(query.agentId);
  const motifId = guid.safeParse(query.motifId);
  const lieuId = guid.safeParse(query.lieuId);
  const today = DateTime.now().setZone(organisation.timezone).toISODate() ?? "";
  return newRdvFormValues({
    date: date.success ? date.data : today,
    time: time.success ? time.data : "",
    motifId: motifId.success ? motifId.data : "",
    lieuId: lieuId.success ? lieuId.data : "",
    agentIds: agentId.success ? [agentId.data] : organisation.level === "agent" ? [actor.agentId] : [],
  });
}

export function rdvRoutes(context: AppContext): Router {
  const { db } = context;
  const router = Router();

  /** Everything the form needs besides its values: choices, chosen usagers, search results. */
  async function formLocals(
    actor: Actor,
    organisationId: string,
    values: RdvFormValues,
    options: { keep?: { motifId?: string; lieuId?: string | null }; search?: boolean },
  ) {
    const choices = await findRdvFormOptions(db, actor, organisationId, options.keep);
    const selectedUsers = await findUsersByIds(db, actor, { organisationId, ids: values.userIds });
    let searchResults: UserSummary[] = [];
    let searchError: string | null = null;
    const query = options.search ? values.q : values.newUserEmail;
    if (options.search || values.newUserEmail) {
      try {
        searchResults = await searchUsers(db, actor, { organisationId, raw: { q: query } });
      } catch (error) {
        if (!(error instanceof AppError && error.code === "invalid")) throw error;
        searchError = options.search ? (error.fields?.q ?? error.message) : null;
      }
    }
    const selectedIds = new Set(selectedUsers.map((u) => u.id));
    return {
      nav: "rdvs",
      scripts: ["/assets/js/rdvs.js"],
      values,
      errors: {},
      choices,
      selectedUsers,
      searched: options.search === true,
      searchResults: searchResults.filter((u) => !selectedIds.has(u.id)),
      searchError,
    };
  }

  router.get("/rdvs", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const filters = listFilters(req.query, session.actor, organisation);
    const { rdvs, truncated } = await listRdvs(db, session.actor, {
      organisationId: organisation.id,
      agentId: filters.agentId || undefined,
      from: filters.fromInstant,
    });
    const { agents } = await findRdvFormOptions(db, session.actor, organisation.id);
    res.render("rdvs/index", {
      nav: "rdvs",
      organisation,
      filters,
      agents,
      rdvs: rdvs.map((rdv) => rdvListItem(rdv)),
      truncated,
    });
  });

  router.get("/rdvs/nouveau", requireAgent, async (req, res) => {
    const { actor } = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const values = suggestedValues(req.query, actor, organisation);
    res.render("rdvs/form", { ...(await formLocals(actor, organisation.id, values, {})), mode: "new", organisation });
  });

  router.post("/rdvs/nouveau", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const values = rdvFormValuesFrom(req.body);
    const search = req.body?.intent === "search";
    const locals = {
      ...(await formLocals(session.actor, organisation.id, values, { search })),
      mode: "new",
      organisation,
    };
    if (search) return res.render("rdvs/form", locals);
    await submitForm(res, "rdvs/form", locals, async () => {
      const change = await createRdv(context, {
        actor: session.actor,
        author: agentAuthor(session.actor.agentId),
        rdv: { ...parseRdvForm(req.body, organisation.timezone), organisationId: organisation.id },
      });
      await setFlash(db, session.id, "RDV créé.");
      res.redirect(`/rdvs/${change.after.id}`);
    });
  });

  router.get("/rdvs/:id", requireAgent, async (req, res) => {
    const { actor } = sessionOf(res);
    const rdv = await findRdv(db, actor, idParam(req));
    const history = await findRdvHistory(db, actor, rdv.id);
    const access = { organisationId: rdv.organisationId, agentIds: rdv.agents.map((a) => a.agent.id) };
    res.render("rdvs/show", {
      nav: "rdvs",
      rdv: rdvPage(rdv, history, actor.agentId),
      canEdit: canEditRdv(actor, access),
    });
  });

  router.get("/rdvs/:id/modifier", requireAgent, async (req, res) => {
    const { actor } = sessionOf(res);
    const rdv = await findRdv(db, actor, idParam(req));
    if (!canEditRdv(actor, { organisationId: rdv.organisationId, agentIds: rdv.agents.map((a) => a.agent.id) })) {
      throw forbidden("Seuls les agents du RDV, le secrétariat et les administrateurs peuvent le modifier.");
    }
    const values = rdvFormValuesOf(rdv);
    const locals = await formLocals(actor, rdv.organisationId, values, {
      keep: { motifId: rdv.motifId, lieuId: rdv.lieuId },
    });
    res.render("rdvs/form", { ...locals, mode: "edit", rdvId: rdv.id, organisation: rdv.organisation });
  });

  router.post("/rdvs/:id/modifier", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const rdv = await findRdv(db, session.actor, idParam(req));
    const values = rdvFormValuesFrom(req.body);
    const search = req.body?.intent === "search";
    const locals = {
      ...(await formLocals(session.actor, rdv.organisationId, values, {
        keep: { motifId: rdv.motifId, lieuId: rdv.lieuId },
        search,
      })),
      mode: "edit",
      rdvId: rdv.id,
      organisation: rdv.organisation,
    };
    if (search) return res.render("rdvs/form", locals);
    await submitForm(res, "rdvs/form", locals, async () => {
      const { change } = await updateRdv(context, {
        actor: session.actor,
        author: agentAuthor(session.actor.agentId),
        rdvId: rdv.id,
        patch: parseRdvForm(req.body, rdv.organisation.timezone),
      });
      await setFlash(db, session.id, change ? "RDV modifié." : "Aucune modification.");
      res.redirect(`/rdvs/${rdv.id}`);
    });
  });

  router.post("/rdvs/:id/statut", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const { record } = await changeRdvStatus(context, {
      actor: session.actor,
      author: agentAuthor(session.actor.agentId),
      rdvId: idParam(req),
      status: parseRdvStatus(req.body),
    });
    await setFlash(db, session.id, statusChangedMessage(record));
    res.redirect(`/rdvs/${idParam(req)}`);
  });

  router.post("/rdvs/:id/supprimer", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    await deleteRdv(context, {
      actor: session.actor,
      author: agentAuthor(session.actor.agentId),
      rdvId: idParam(req),
    });
    await setFlash(db, session.id, "RDV supprimé.");
    res.redirect("/rdvs");
  });

  return router;
}
