// « Administration › Usagers »: search, create, show with RDVs, edit. A duplicate email links to the existing usager;
// a homonym (same names, or same last name and birth date) is shown with « Créer quand même ».
import { Router } from "express";
import { setFlash } from "../../../domain/auth/sessions.ts";
import { AppError } from "../../../domain/errors.ts";
import { addUser } from "../../../domain/usagers/add-user.ts";
import type { UserSummary } from "../../../domain/usagers/search-users.ts";
import { updateUser } from "../../../domain/usagers/update-user.ts";
import { getUserDetails, listUsers } from "../../../domain/usagers/user.queries.ts";
import { DuplicateUserError } from "../../../domain/usagers/user-duplicates.ts";
import { HomonymError } from "../../../domain/usagers/user-homonyms.ts";
import { formatDate } from "../../../vocabulary/dates.ts";
import { fullName } from "../../../vocabulary/names.ts";
import type { AppContext } from "../../context.ts";
import { formSubmissionKey, parseSubmissionKey } from "../../forms/submission-key.ts";
import { confirmsHomonyms, parseUsagerForm } from "../../forms/usager-form.ts";
import { submitForm } from "../../forms.ts";
import { currentStatusLabel } from "../../presenters/rdvs.ts";
import { adminScopeOf } from "./guard.ts";

type UserFormLocals = {
  adminNav: string;
  user: { id: string } | null;
  values: unknown;
  duplicateUserId?: string;
  /** The new-usager form's one-time key. */
  submissionKey?: string;
};

/** Run a usager form action; a duplicate email also gives the view the existing usager's id for its link. */
async function withDuplicateLink(locals: UserFormLocals, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof DuplicateUserError) locals.duplicateUserId = error.existingUserId;
    throw error;
  }
}

export function adminUserRoutes(context: AppContext): Router {
  const router = Router();
  const { db } = context;

  router.get("/admin/usagers", async (req, res) => {
    const scope = adminScopeOf(res);
    const q = typeof req.query.q === "string" ? req.query.q : "";
    const locals = { adminNav: "usagers", q };
    let users: UserSummary[];
    try {
      users = await listUsers(db, { ...scope, q });
    } catch (error) {
      // A query too short is explained next to the search field.
      if (!(error instanceof AppError && error.code === "invalid")) throw error;
      const errors = { q: error.fields?.q ?? error.message };
      res.status(422).render("admin/usagers/index", { ...locals, users: [], errors });
      return;
    }
    res.render("admin/usagers/index", { ...locals, users, errors: {} });
  });

  router.get("/admin/usagers/nouveau", (_req, res) => {
    res.render("admin/usagers/form", {
      adminNav: "usagers",
      user: null,
      values: {},
      errors: {},
      submissionKey: formSubmissionKey(undefined),
    });
  });

  router.post("/admin/usagers", async (req, res) => {
    const scope = adminScopeOf(res);
    // A refused form (or the homonym warning) comes back with its key, so that sending it again creates one usager.
    const locals: UserFormLocals = {
      adminNav: "usagers",
      user: null,
      values: req.body,
      submissionKey: formSubmissionKey(req.body),
    };
    await submitForm(res, "admin/usagers/form", locals, () =>
      withDuplicateLink(locals, async () => {
        const input = parseUsagerForm(req.body);
        const submissionKey = parseSubmissionKey(req.body);
        try {
          // A repeated submission (double click, reload, second tab) gets the usager of the first, and its page.
          const user = await addUser(context, {
            ...scope,
            user: input,
            refuseHomonyms: !confirmsHomonyms(req.body),
            submissionKey,
          });
          await setFlash(db, scope.sessionId, `Usager ${fullName(user)} créé.`);
          res.redirect(`/admin/usagers/${user.id}`);
        } catch (error) {
          if (!(error instanceof HomonymError)) throw error;
          // Not an error of the form: the same values come back with the homonyms and the confirmation button.
          res.status(409).render("admin/usagers/form", {
            ...locals,
            errors: {},
            homonyms: error.homonyms.map((homonym) => ({
              id: homonym.id,
              name: fullName(homonym),
              birthDate: homonym.birthDate ? formatDate(homonym.birthDate, "UTC") : null,
            })),
          });
        }
      }),
    );
  });

  router.get("/admin/usagers/:userId", async (req, res) => {
    const user = await getUserDetails(db, { ...adminScopeOf(res), userId: req.params.userId });
    res.render("admin/usagers/show", { adminNav: "usagers", user, currentStatusLabel });
  });

  router.get("/admin/usagers/:userId/modifier", async (req, res) => {
    const user = await getUserDetails(db, { ...adminScopeOf(res), userId: req.params.userId });
    res.render("admin/usagers/form", { adminNav: "usagers", user, values: user, errors: {} });
  });

  router.post("/admin/usagers/:userId", async (req, res) => {
    const scope = adminScopeOf(res);
    const user = await getUserDetails(db, { ...scope, userId: req.params.userId });
    const locals: UserFormLocals = { adminNav: "usagers", user, values: req.body };
    await submitForm(res, "admin/usagers/form", locals, () =>
      withDuplicateLink(locals, async () => {
        const { record: updated } = await updateUser(context, {
          ...scope,
          userId: user.id,
          patch: parseUsagerForm(req.body),
        });
        await setFlash(db, scope.sessionId, `Usager ${fullName(updated)} modifié.`);
        res.redirect(`/admin/usagers/${user.id}`);
      }),
    );
  });

  return router;
}
