// RDV pages: list, create, show with history, edit, status, delete.
import { type Response, Router } from "express";
import { DateTime } from "luxon";
import { z } from "zod";
import type { Actor } from "../../domain/auth/actor.ts";
import { type SessionOrganisation, setFlash } from "../../domain/auth/sessions.ts";
import { agentAuthor } from "../../domain/author.ts";
import type { RdvSnapshot } from "../../domain/changes.ts";
import { AppError, forbidden } from "../../domain/errors.ts";
import { changeRdvStatus } from "../../domain/rdvs/change-rdv-status.ts";
import { createRdv } from "../../domain/rdvs/create-rdv.ts";
import { deleteRdv } from "../../domain/rdvs/delete-rdv.ts";
import { findRdv, findRdvHistory } from "../../domain/rdvs/find-rdv.ts";
import {
  encodeRdvCursor,
  findRdvListPage,
  type RdvListChoices,
  type RdvListFilters,
  type RdvListPage,
} from "../../domain/rdvs/list-rdvs.ts";
import { findAgentsOutsidePlages, outsidePlagesSentence } from "../../domain/rdvs/outside-plages.ts";
import { canEditRdv } from "../../domain/rdvs/rdv.policy.ts";
import { parseRdvStatus, RDV_STATUSES, rdvCursorSchema } from "../../domain/rdvs/rdv.schemas.ts";
import { RdvConflictError } from "../../domain/rdvs/rdv-conflicts.ts";
import { findRdvFormOptions } from "../../domain/rdvs/rdv-form-options.ts";
import { updateRdv } from "../../domain/rdvs/update-rdv.ts";
import { dayNumberFromLocalDate, instantAt } from "../../domain/recurrence/local-calendar.ts";
import { localDateSchema, localTimeSchema } from "../../domain/recurrence/recurrence.schemas.ts";
import { findUsersByIds, searchUsers, type UserSummary } from "../../domain/usagers/search-users.ts";
import { HomonymError } from "../../domain/usagers/user-homonyms.ts";
import type { RdvStatus } from "../../generated/prisma/enums.ts";
import { localDateInput } from "../../vocabulary/dates.ts";
import { fullName } from "../../vocabulary/names.ts";
import { rdvStatusLabel } from "../../vocabulary/rdv-statuses.ts";
import type { AppContext } from "../context.ts";
import { parseRdvForm, parseRdvSubmission } from "../forms/rdv-form.ts";
import { formSubmissionKey } from "../forms/submission-key.ts";
import { confirmsHomonyms } from "../forms/usager-form.ts";
import { type FormLocals, submitForm } from "../forms.ts";
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

/** The filters of the list page as they travel in its URL (French names, local days). */
type ListQuery = {
  agentId: string;
  statut: string;
  lieuId: string;
  motifId: string;
  usager: string;
  du: string;
  au: string;
  aRenseigner: boolean;
};

const queryString = (value: unknown) => (typeof value === "string" ? value : "");
const guidOrEmpty = (value: unknown) => {
  const text = queryString(value);
  return guid.safeParse(text).success ? text : "";
};

/**
 * The list page's filters, read leniently (a link edited by hand shows the list, not an error): `agentId` absent is
 * the default (an agent sees its own RDVs), empty is every agent; `du` absent is today, unless « à renseigner » asks
 * for past RDVs; `du` or `au` empty is no bound.
 */
function listQueryOf(query: Record<string, unknown>, actor: Actor, organisation: SessionOrganisation): ListQuery {
  const aRenseigner = query.a_renseigner === "on";
  const today = localDateInput(new Date(), organisation.timezone);
  const day = (value: unknown) => (localDateSchema.safeParse(value).success ? queryString(value) : "");
  const statut = queryString(query.statut);
  return {
    agentId:
      query.agentId === undefined ? (organisation.level === "agent" ? actor.agentId : "") : guidOrEmpty(query.agentId),
    statut: RDV_STATUSES.some((status) => status === statut) ? statut : "",
    lieuId: guidOrEmpty(query.lieuId),
    motifId: guidOrEmpty(query.motifId),
    usager: queryString(query.usager).trim().slice(0, 100),
    du: query.du === undefined ? (aRenseigner ? "" : today) : day(query.du),
    au: day(query.au),
    aRenseigner,
  };
}

/**
 * The domain filters of the page's query: local days in the organisation's zone, `au` included (up to the start of
 * the next day). Days are turned into instants by the recurrence module's instantAt, remembered per zone and day.
 */
function listFiltersOf(query: ListQuery, organisation: SessionOrganisation): RdvListFilters {
  const startOf = (date: string, days = 0) =>
    instantAt(dayNumberFromLocalDate(date) + days, "00:00", organisation.timezone);
  return {
    organisationId: organisation.id,
    agentId: query.agentId || undefined,
    status: RDV_STATUSES.find((status) => status === query.statut),
    lieuId: query.lieuId || undefined,
    motifId: query.motifId || undefined,
    userName: query.usager || undefined,
    from: query.du ? startOf(query.du) : undefined,
    to: query.au ? startOf(query.au, 1) : undefined,
    toFill: query.aRenseigner,
  };
}

/** The URL of the list with the same filters, at a cursor. */
function listUrl(query: ListQuery, cursor: { apres?: string; avant?: string } = {}): string {
  const params = new URLSearchParams();
  for (const key of ["agentId", "statut", "lieuId", "motifId", "usager", "du", "au"] as const) {
    params.set(key, query[key]);
  }
  if (query.aRenseigner) params.set("a_renseigner", "on");
  if (cursor.apres) params.set("apres", cursor.apres);
  if (cursor.avant) params.set("avant", cursor.avant);
  return `/rdvs?${params.toString()}`;
}

/** The status choices of the filter: no status yet covers both « À venir » and « À renseigner ». */
function rdvStatusFilterLabel(status: RdvStatus): string {
  return status === "unknown" ? "Sans statut (à venir ou à renseigner)" : rdvStatusLabel(status, { past: true });
}

/**
 * The list counts its RDVs up to this many: beyond, the page says « Plus de 500 rendez-vous ». An exact count walked
 * every RDV of the organisation from today on every page (tens of thousands a year), for a number nobody pages through.
 */
const LIST_COUNT_LIMIT = 500;

const frenchNumber = new Intl.NumberFormat("fr-FR");

/** « 1 234 rendez-vous » with the French thousands separator, « Plus de 500 rendez-vous », « Aucun rendez-vous ». */
function countLabel({ count, countCapped }: Pick<RdvListPage, "count" | "countCapped">): string {
  if (countCapped) return `Plus de ${frenchNumber.format(count)} rendez-vous`;
  if (count === 0) return "Aucun rendez-vous";
  return `${frenchNumber.format(count)} rendez-vous`;
}

/** The agent filter's choices: « Prénom Nom », « (moi) » after the signed-in agent, the one of the query selected. */
function agentChoicesOf(agents: RdvListChoices["agents"], query: ListQuery, me: string) {
  return agents.map(({ id, firstName, lastName }) => ({
    id,
    label: `${firstName} ${lastName}${id === me ? " (moi)" : ""}`,
    selected: id === query.agentId,
  }));
}

/**
 * Values that a link may suggest for a new RDV: from the agenda `?date=…&time=…&agentId=…&motifId=…`, from a
 * usager's page `?userId=…` (an id of another organisation is left out by the form's usager lookup).
 */
function suggestedValues(query: Record<string, unknown>, actor: Actor, organisation: SessionOrganisation) {
  const date = localDateSchema.safeParse(query.date);
  const time = localTimeSchema.safeParse(query.time);
  const agentId = guid.safeParse(query.agentId);
  const motifId = guid.safeParse(query.motifId);
  const lieuId = guid.safeParse(query.lieuId);
  const userId = guid.safeParse(query.userId);
  const today = DateTime.now().setZone(organisation.timezone).toISODate() ?? "";
  return newRdvFormValues({
    date: date.success ? date.data : today,
    time: time.success ? time.data : "",
    motifId: motifId.success ? motifId.data : "",
    lieuId: lieuId.success ? lieuId.data : "",
    agentIds: agentId.success ? [agentId.data] : organisation.level === "agent" ? [actor.agentId] : [],
    userIds: userId.success ? [userId.data] : [],
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

  /** « Hors des plages d'ouverture de … »: information after a booking or a move, never a refusal. */
  async function outsidePlagesNotice(actor: Actor, rdv: RdvSnapshot, timezone: string): Promise<string> {
    const names = await findAgentsOutsidePlages(db, actor, { ...rdv, timezone });
    return names.length > 0 ? ` ${outsidePlagesSentence(names)}` : "";
  }

  /**
   * Run a write of the form; when the RDV collides with the agenda of its agents, render the form again (409) with
   * the values kept, one sentence per conflict and the « Confirmer quand même » button, and resolve to no record.
   */
  async function whenNoConflict<R>(
    res: Response,
    locals: FormLocals,
    rdv: {
      organisationId: string;
      motifId: string;
      startsAt: Date;
      durationInMin: number | undefined;
      agentIds: string[];
    },
    timezone: string,
    write: () => Promise<{ record: R; change: unknown }>,
  ): Promise<{ record: R | null; change: unknown }> {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof RdvConflictError)) throw error;
      const motif = await findRdvFormOptions(db, sessionOf(res).actor, rdv.organisationId).then((choices) =>
        choices.motifs.find((m) => m.id === rdv.motifId),
      );
      const durationInMin = rdv.durationInMin ?? motif?.defaultDurationInMin;
      const outside = durationInMin
        ? await findAgentsOutsidePlages(db, sessionOf(res).actor, { ...rdv, durationInMin, timezone })
        : [];
      res.status(409).render("rdvs/form", {
        ...locals,
        conflicts: error.conflicts.map((conflict) => ({
          message: conflict.message,
          rdvId: conflict.type === "rdv" ? conflict.rdvId : null,
        })),
        outsidePlages: outside.length > 0 ? outsidePlagesSentence(outside) : null,
        conflictMessage: error.message,
      });
      return { record: null, change: null };
    }
  }

  router.get("/rdvs", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const query = listQueryOf(req.query, session.actor, organisation);
    const after = rdvCursorSchema.safeParse(req.query.apres);
    const before = rdvCursorSchema.safeParse(req.query.avant);
    const { list, choices } = await findRdvListPage(db, session.actor, {
      organisationId: organisation.id,
      filters: listFiltersOf(query, organisation),
      page: {
        after: after.success ? after.data : undefined,
        before: before.success && !after.success ? before.data : undefined,
      },
      countUpTo: LIST_COUNT_LIMIT,
    });
    res.render("rdvs/index", {
      nav: "rdvs",
      organisation,
      query,
      choices,
      agentChoices: agentChoicesOf(choices.agents, query, session.agent.id),
      statuses: RDV_STATUSES.map((status) => ({ value: status, label: rdvStatusFilterLabel(status) })),
      rdvs: list.rdvs.map((rdv) => rdvListItem(rdv, organisation.timezone)),
      countLabel: countLabel(list),
      nextUrl: list.next && listUrl(query, { apres: encodeRdvCursor(list.next) }),
      previousUrl: list.previous && listUrl(query, { avant: encodeRdvCursor(list.previous) }),
    });
  });

  router.get("/rdvs/nouveau", requireAgent, async (req, res) => {
    const { actor } = sessionOf(res);
    const organisation = currentOrganisationOf(res);
    const values = suggestedValues(req.query, actor, organisation);
    res.render("rdvs/form", {
      ...(await formLocals(actor, organisation.id, values, {})),
      mode: "new",
      organisation,
      submissionKey: formSubmissionKey(undefined),
    });
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
      submissionKey: formSubmissionKey(req.body),
    };
    if (search) return res.render("rdvs/form", locals);
    await submitForm(res, "rdvs/form", locals, async () => {
      const form = parseRdvForm(req.body, organisation.timezone);
      const { submissionKey, allowConflicts } = parseRdvSubmission(req.body);
      const rdv = { ...form, organisationId: organisation.id };
      const { record, change } = await whenNoConflict(res, locals, rdv, organisation.timezone, () =>
        createRdv(context, {
          actor: session.actor,
          author: agentAuthor(session.actor.agentId),
          rdv,
          allowConflicts,
          submissionKey,
          refuseHomonyms: !confirmsHomonyms(req.body),
        }),
      ).catch((error: unknown) => {
        if (!(error instanceof HomonymError)) throw error;
        // The usager to create may be someone the service knows: the form comes back with them and « Créer quand même ».
        res.status(409).render("rdvs/form", {
          ...locals,
          homonyms: error.homonyms.map((homonym) => ({ id: homonym.id, name: fullName(homonym) })),
        });
        return { record: null, change: null };
      });
      if (!record) return;
      // A repeated submission of the form (double click, reload) lands on the RDV the first one created.
      const notice = change ? await outsidePlagesNotice(session.actor, record, organisation.timezone) : "";
      await setFlash(db, session.id, `RDV créé.${notice}`);
      res.redirect(`/rdvs/${record.id}`);
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
      const patch = parseRdvForm(req.body, rdv.organisation.timezone);
      const { allowConflicts } = parseRdvSubmission(req.body);
      const wanted = {
        ...patch,
        organisationId: rdv.organisationId,
        durationInMin: patch.durationInMin ?? rdv.durationInMin,
      };
      const { record, change } = await whenNoConflict(res, locals, wanted, rdv.organisation.timezone, () =>
        updateRdv(context, {
          actor: session.actor,
          author: agentAuthor(session.actor.agentId),
          rdvId: rdv.id,
          patch,
          allowConflicts,
        }),
      );
      if (!record) return;
      const notice = change ? await outsidePlagesNotice(session.actor, record, rdv.organisation.timezone) : "";
      await setFlash(db, session.id, change ? `RDV modifié.${notice}` : "Aucune modification.");
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
