// « Administration › Motifs »: list, create, edit, disable or enable.
import { Router } from "express";
import { setFlash } from "../../../domain/auth/sessions.ts";
import { createMotif } from "../../../domain/motifs/create-motif.ts";
import { setMotifDisabled } from "../../../domain/motifs/disable-motif.ts";
import { getMotif, listMotifs } from "../../../domain/motifs/motif.queries.ts";
import { LOCATION_TYPE_LABELS, LOCATION_TYPES } from "../../../domain/motifs/motif.schemas.ts";
import { updateMotif } from "../../../domain/motifs/update-motif.ts";
import type { AppContext } from "../../context.ts";
import { motifFormValues, parseMotifForm } from "../../forms/motif-form.ts";
import { submitForm } from "../../forms.ts";
import { adminScopeOf } from "./guard.ts";

const locationTypes = LOCATION_TYPES.map((value) => ({ value, label: LOCATION_TYPE_LABELS[value] }));
const NEW_MOTIF = { name: "", defaultDurationInMin: 30, locationType: "public_office", color: "#3a6ea5" };

export function adminMotifRoutes(context: AppContext): Router {
  const router = Router();
  const { db } = context;
  const common = { adminNav: "motifs", locationTypes, LOCATION_TYPE_LABELS };

  router.get("/admin/motifs", async (_req, res) => {
    res.render("admin/motifs/index", { ...common, motifs: await listMotifs(db, adminScopeOf(res)) });
  });

  router.get("/admin/motifs/nouveau", (_req, res) => {
    res.render("admin/motifs/form", { ...common, motif: null, values: NEW_MOTIF, errors: {} });
  });

  router.post("/admin/motifs", async (req, res) => {
    const scope = adminScopeOf(res);
    await submitForm(
      res,
      "admin/motifs/form",
      { ...common, motif: null, values: motifFormValues(req.body) },
      async () => {
        const motif = await createMotif(context, { ...scope, motif: parseMotifForm(req.body) });
        await setFlash(db, scope.sessionId, `Motif « ${motif.name} » créé.`);
        res.redirect("/admin/motifs");
      },
    );
  });

  router.get("/admin/motifs/:motifId/modifier", async (req, res) => {
    const motif = await getMotif(db, { ...adminScopeOf(res), motifId: req.params.motifId });
    res.render("admin/motifs/form", { ...common, motif, values: motif, errors: {} });
  });

  router.post("/admin/motifs/:motifId", async (req, res) => {
    const scope = adminScopeOf(res);
    const motif = await getMotif(db, { ...scope, motifId: req.params.motifId });
    await submitForm(res, "admin/motifs/form", { ...common, motif, values: motifFormValues(req.body) }, async () => {
      const { record: updated } = await updateMotif(context, {
        ...scope,
        motifId: motif.id,
        patch: parseMotifForm(req.body),
      });
      await setFlash(db, scope.sessionId, `Motif « ${updated.name} » modifié.`);
      res.redirect("/admin/motifs");
    });
  });

  for (const [path, disabled] of [
    ["desactiver", true],
    ["reactiver", false],
  ] as const) {
    router.post(`/admin/motifs/:motifId/${path}`, async (req, res) => {
      const scope = adminScopeOf(res);
      const motif = await setMotifDisabled(context, { ...scope, motifId: req.params.motifId, disabled });
      await setFlash(db, scope.sessionId, `Motif « ${motif.name} » ${disabled ? "désactivé" : "réactivé"}.`);
      res.redirect("/admin/motifs");
    });
  }

  return router;
}
