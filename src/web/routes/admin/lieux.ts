// « Administration › Lieux »: list, create, edit, disable or enable, delete when unused.
import { Router } from "express";
import { setFlash } from "../../../domain/auth/sessions.ts";
import { AppError } from "../../../domain/errors.ts";
import { createLieu } from "../../../domain/lieux/create-lieu.ts";
import { deleteLieu, LIEU_IN_USE_MESSAGE } from "../../../domain/lieux/delete-lieu.ts";
import { setLieuDisabled } from "../../../domain/lieux/disable-lieu.ts";
import { getLieu, getLieuWithUse, listLieuxWithUse } from "../../../domain/lieux/lieu.queries.ts";
import { updateLieu } from "../../../domain/lieux/update-lieu.ts";
import type { AppContext } from "../../context.ts";
import { parseLieuForm } from "../../forms/lieu-form.ts";
import { submitForm } from "../../forms.ts";
import { adminScopeOf } from "./guard.ts";

export function adminLieuRoutes(context: AppContext): Router {
  const router = Router();
  const { db } = context;

  router.get("/admin/lieux", async (_req, res) => {
    res.render("admin/lieux/index", { adminNav: "lieux", lieux: await listLieuxWithUse(db, adminScopeOf(res)) });
  });

  router.get("/admin/lieux/nouveau", (_req, res) => {
    res.render("admin/lieux/form", { adminNav: "lieux", lieu: null, values: {}, errors: {} });
  });

  router.post("/admin/lieux", async (req, res) => {
    const scope = adminScopeOf(res);
    await submitForm(res, "admin/lieux/form", { adminNav: "lieux", lieu: null, values: req.body }, async () => {
      const lieu = await createLieu(context, { ...scope, lieu: parseLieuForm(req.body) });
      await setFlash(db, scope.sessionId, `Lieu « ${lieu.name} » créé.`);
      res.redirect("/admin/lieux");
    });
  });

  router.get("/admin/lieux/:lieuId/modifier", async (req, res) => {
    const lieu = await getLieu(db, { ...adminScopeOf(res), lieuId: req.params.lieuId });
    res.render("admin/lieux/form", { adminNav: "lieux", lieu, values: lieu, errors: {} });
  });

  router.post("/admin/lieux/:lieuId", async (req, res) => {
    const scope = adminScopeOf(res);
    const lieu = await getLieu(db, { ...scope, lieuId: req.params.lieuId });
    await submitForm(res, "admin/lieux/form", { adminNav: "lieux", lieu, values: req.body }, async () => {
      const { record: updated } = await updateLieu(context, {
        ...scope,
        lieuId: lieu.id,
        patch: parseLieuForm(req.body),
      });
      await setFlash(db, scope.sessionId, `Lieu « ${updated.name} » modifié.`);
      res.redirect("/admin/lieux");
    });
  });

  for (const [path, disabled] of [
    ["desactiver", true],
    ["reactiver", false],
  ] as const) {
    router.post(`/admin/lieux/:lieuId/${path}`, async (req, res) => {
      const scope = adminScopeOf(res);
      const lieu = await setLieuDisabled(context, { ...scope, lieuId: req.params.lieuId, disabled });
      await setFlash(db, scope.sessionId, `Lieu « ${lieu.name} » ${disabled ? "désactivé" : "réactivé"}.`);
      res.redirect("/admin/lieux");
    });
  }

  // Deleting asks first; a lieu in use is not offered for deletion, and this page says why and offers to disable it.
  router.get("/admin/lieux/:lieuId/supprimer", async (req, res) => {
    const lieu = await getLieuWithUse(db, { ...adminScopeOf(res), lieuId: req.params.lieuId });
    res.render("admin/lieux/delete", { adminNav: "lieux", lieu, inUseMessage: LIEU_IN_USE_MESSAGE });
  });

  router.post("/admin/lieux/:lieuId/supprimer", async (req, res) => {
    const scope = adminScopeOf(res);
    const lieu = await getLieu(db, { ...scope, lieuId: req.params.lieuId });
    try {
      await deleteLieu(context, { ...scope, lieuId: lieu.id });
    } catch (error) {
      // Used since the list was shown (an RDV booked meanwhile): say so on the list rather than on a dead-end page.
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
      await setFlash(db, scope.sessionId, `Lieu « ${lieu.name} » non supprimé : ${error.message}`, "error");
      res.redirect("/admin/lieux");
      return;
    }
    await setFlash(db, scope.sessionId, `Lieu « ${lieu.name} » supprimé.`);
    res.redirect("/admin/lieux");
  });

  return router;
}
