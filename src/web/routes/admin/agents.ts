// « Administration › Agents »: list, invite, change a role, remove from the organisation.
import { Router } from "express";
import { changeAgentRole } from "../../../domain/agents/change-agent-role.ts";
import { inviteAgent } from "../../../domain/agents/invite-agent.ts";
import { listAgents } from "../../../domain/agents/list-agents.ts";
import {
  CANCEL_RDV,
  LEAVE_RDV,
  prepareAgentRemoval,
  removeAgentFromOrganisation,
} from "../../../domain/agents/remove-agent.ts";
import { ROLE_LABELS, ROLE_LEVELS } from "../../../domain/agents/roles.ts";
import { setFlash } from "../../../domain/auth/sessions.ts";
import { deName, fullName } from "../../../vocabulary/names.ts";
import type { AppContext } from "../../context.ts";
import { submitForm } from "../../forms.ts";
import { adminScopeOf } from "./guard.ts";

const roles = ROLE_LEVELS.map((level) => ({ value: level, label: ROLE_LABELS[level] }));

export function adminAgentRoutes(context: AppContext): Router {
  const router = Router();
  const { db } = context;

  router.get("/admin/agents", async (_req, res) => {
    const scope = adminScopeOf(res);
    res.render("admin/agents/index", { adminNav: "agents", agents: await listAgents(db, scope), roles, ROLE_LABELS });
  });

  router.get("/admin/agents/invitation", (_req, res) => {
    res.render("admin/agents/invite", { adminNav: "agents", roles, values: { role: "agent" }, errors: {} });
  });

  router.post("/admin/agents/invitation", async (req, res) => {
    const scope = adminScopeOf(res);
    const locals = { adminNav: "agents", roles, values: req.body };
    await submitForm(res, "admin/agents/invite", locals, async () => {
      const invited = await inviteAgent(context, { ...scope, raw: req.body });
      // One message whether or not the email had an account elsewhere: the page must not tell.
      await setFlash(db, scope.sessionId, `Invitation envoyée à ${fullName(invited)} (${invited.email}).`);
      res.redirect("/admin/agents");
    });
  });

  router.post("/admin/agents/:agentId/role", async (req, res) => {
    const scope = adminScopeOf(res);
    const agentId = req.params.agentId;
    const agents = await listAgents(db, scope);
    const locals = { adminNav: "agents", agents, roles, ROLE_LABELS, roleErrorAgentId: agentId };
    await submitForm(res, "admin/agents/index", locals, async () => {
      const { changed } = await changeAgentRole(context, { ...scope, agentId, raw: req.body });
      const agent = agents.find((a) => a.id === agentId);
      if (changed && agent) {
        await setFlash(db, scope.sessionId, `Rôle ${deName(fullName(agent))} modifié.`);
      }
      res.redirect("/admin/agents");
    });
  });

  router.get("/admin/agents/:agentId/retrait", async (req, res) => {
    const scope = adminScopeOf(res);
    const plan = await prepareAgentRemoval(db, { ...scope, agentId: req.params.agentId });
    res.render("admin/agents/remove", { adminNav: "agents", plan, CANCEL_RDV, LEAVE_RDV, decisions: {}, errors: {} });
  });

  router.post("/admin/agents/:agentId/retrait", async (req, res) => {
    const scope = adminScopeOf(res);
    const agentId = req.params.agentId;
    const plan = await prepareAgentRemoval(db, { ...scope, agentId });
    const decisions: unknown = req.body?.rdvs;
    const locals = {
      adminNav: "agents",
      plan,
      CANCEL_RDV,
      LEAVE_RDV,
      decisions: typeof decisions === "object" && decisions !== null ? decisions : {},
    };
    await submitForm(res, "admin/agents/remove", locals, async () => {
      const result = await removeAgentFromOrganisation(context, { ...scope, agentId, raw: req.body });
      const name = fullName(plan.agent);
      await setFlash(
        db,
        scope.sessionId,
        `${name} a été retiré de l'organisation : ${result.reassigned} RDV réassigné(s), ${result.cancelled} RDV annulé(s), ${result.plagesDeleted} plage(s) d'ouverture supprimée(s).`,
      );
      res.redirect(agentId === scope.actor.agentId ? "/agenda" : "/admin/agents");
    });
  });

  return router;
}
