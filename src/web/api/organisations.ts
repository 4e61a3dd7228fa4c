// /api/v1/organisations/:id (settings), …/{agents,lieux,motifs,users} for every member, admin writes on them,
// …/invitations, and POST /api/v1/users for every member. Same rules as the « Administration » pages.
import { type Request, type Response, Router } from "express";
import { requireAdmin } from "../../domain/admin/admin.policy.ts";
import { changeAgentRole } from "../../domain/agents/change-agent-role.ts";
import { inviteAgent } from "../../domain/agents/invite-agent.ts";
import { listAgents } from "../../domain/agents/list-agents.ts";
import { prepareAgentRemoval, removeAgentFromOrganisation } from "../../domain/agents/remove-agent.ts";
import { agentAuthor } from "../../domain/author.ts";
import { createLieu } from "../../domain/lieux/create-lieu.ts";
import { deleteLieu } from "../../domain/lieux/delete-lieu.ts";
import { setLieuDisabled } from "../../domain/lieux/disable-lieu.ts";
import { getLieu, listLieux } from "../../domain/lieux/lieu.queries.ts";
import { lieuPatchSchema, lieuSchema } from "../../domain/lieux/lieu.schemas.ts";
import { updateLieu } from "../../domain/lieux/update-lieu.ts";
import { createMotif } from "../../domain/motifs/create-motif.ts";
import { setMotifDisabled } from "../../domain/motifs/disable-motif.ts";
import { getMotif, listMotifs } from "../../domain/motifs/motif.queries.ts";
import { motifPatchSchema, motifSchema } from "../../domain/motifs/motif.schemas.ts";
import { updateMotif } from "../../domain/motifs/update-motif.ts";
import { getOrganisationSettings } from "../../domain/organisations/organisation.queries.ts";
import { organisationSettingsPatchSchema } from "../../domain/organisations/organisation.schemas.ts";
import { updateOrganisationSettings } from "../../domain/organisations/update-organisation-settings.ts";
import { addUser } from "../../domain/usagers/add-user.ts";
import { createUser } from "../../domain/usagers/create-user.ts";
import { updateUser } from "../../domain/usagers/update-user.ts";
import { getUserDetails, listUsers } from "../../domain/usagers/user.queries.ts";
import { userFieldsSchema, userInputSchema, userPatchSchema } from "../../domain/usagers/user.schemas.ts";
import { parseInput } from "../../domain/validation.ts";
import type { AppContext } from "../context.ts";
import { pathParam } from "../params.ts";
import { apiActorOf } from "./auth.ts";

/** The organisation of the path for an admin write: the policy first (404 outside, 403 for others), then the body. */
function adminScope(req: Request, res: Response) {
  const scope = { actor: apiActorOf(res), organisationId: pathParam(req, "organisationId") };
  requireAdmin(scope.actor, scope.organisationId);
  return scope;
}

export function organisationsApi(context: AppContext): Router {
  const router = Router();
  const { db } = context;
  const base = "/organisations/:organisationId";

  router.get(base, async (req, res) => {
    res.json(await getOrganisationSettings(db, { actor: apiActorOf(res), organisationId: req.params.organisationId }));
  });

  router.patch(base, async (req, res) => {
    const scope = adminScope(req, res);
    const patch = parseInput(organisationSettingsPatchSchema, req.body);
    res.json((await updateOrganisationSettings(context, { ...scope, patch })).record);
  });

  // Agents
  router.get(`${base}/agents`, async (req, res) => {
    const agents = await listAgents(db, { actor: apiActorOf(res), organisationId: req.params.organisationId });
    res.json({ agents });
  });

  router.post(`${base}/invitations`, async (req, res) => {
    const scope = { actor: apiActorOf(res), organisationId: req.params.organisationId };
    // The values sent, whether or not the email had an account: the answer must not tell.
    const { outcome, ...invitation } = await inviteAgent(context, { ...scope, raw: req.body });
    res.status(201).json({ outcome, invitation });
  });

  router.patch(`${base}/agents/:agentId`, async (req, res) => {
    const scope = { actor: apiActorOf(res), organisationId: req.params.organisationId };
    await changeAgentRole(context, { ...scope, agentId: req.params.agentId, raw: req.body });
    const agent = (await listAgents(db, scope)).find((a) => a.id === req.params.agentId);
    res.json(agent);
  });

  router.get(`${base}/agents/:agentId/removal`, async (req, res) => {
    const scope = { actor: apiActorOf(res), organisationId: req.params.organisationId };
    res.json(await prepareAgentRemoval(db, { ...scope, agentId: req.params.agentId }));
  });

  router.delete(`${base}/agents/:agentId`, async (req, res) => {
    const scope = { actor: apiActorOf(res), organisationId: req.params.organisationId };
    const raw = req.body ?? {};
    res.json(await removeAgentFromOrganisation(context, { ...scope, agentId: req.params.agentId, raw }));
  });

  // Lieux
  router.get(`${base}/lieux`, async (req, res) => {
    res.json({ lieux: await listLieux(db, { actor: apiActorOf(res), organisationId: req.params.organisationId }) });
  });

  router.post(`${base}/lieux`, async (req, res) => {
    const scope = adminScope(req, res);
    const lieu = await createLieu(context, { ...scope, lieu: parseInput(lieuSchema, req.body) });
    res.status(201).location(`/api/v1/organisations/${scope.organisationId}/lieux/${lieu.id}`).json(lieu);
  });

  router.get(`${base}/lieux/:lieuId`, async (req, res) => {
    const scope = { actor: apiActorOf(res), organisationId: req.params.organisationId };
    res.json(await getLieu(db, { ...scope, lieuId: req.params.lieuId }));
  });

  router.patch(`${base}/lieux/:lieuId`, async (req, res) => {
    const scope = adminScope(req, res);
    const patch = parseInput(lieuPatchSchema, req.body);
    res.json((await updateLieu(context, { ...scope, lieuId: req.params.lieuId, patch })).record);
  });

  for (const [path, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    router.post(`${base}/lieux/:lieuId/${path}`, async (req, res) => {
      const scope = { actor: apiActorOf(res), organisationId: req.params.organisationId };
      res.json(await setLieuDisabled(context, { ...scope, lieuId: req.params.lieuId, disabled }));
    });
    router.post(`${base}/motifs/:motifId/${path}`, async (req, res) => {
      const scope = { actor: apiActorOf(res), organisationId: req.params.organisationId };
      res.json(await setMotifDisabled(context, { ...scope, motifId: req.params.motifId, disabled }));
    });
  }

  router.delete(`${base}/lieux/:lieuId`, async (req, res) => {
    const scope = { actor: apiActorOf(res), organisationId: req.params.organisationId };
    await deleteLieu(context, { ...scope, lieuId: req.params.lieuId });
    res.status(204).end();
  });

  // Motifs
  router.get(`${base}/motifs`, async (req, res) => {
    res.json({ motifs: await listMotifs(db, { actor: apiActorOf(res), organisationId: req.params.organisationId }) });
  });

  router.post(`${base}/motifs`, async (req, res) => {
    const scope = adminScope(req, res);
    const motif = await createMotif(context, { ...scope, motif: parseInput(motifSchema, req.body) });
    res.status(201).location(`/api/v1/organisations/${scope.organisationId}/motifs/${motif.id}`).json(motif);
  });

  router.get(`${base}/motifs/:motifId`, async (req, res) => {
    const scope = { actor: apiActorOf(res), organisationId: req.params.organisationId };
    res.json(await getMotif(db, { ...scope, motifId: req.params.motifId }));
  });

  router.patch(`${base}/motifs/:motifId`, async (req, res) => {
    const scope = adminScope(req, res);
    const patch = parseInput(motifPatchSchema, req.body);
    res.json((await updateMotif(context, { ...scope, motifId: req.params.motifId, patch })).record);
  });

  // Usagers
  router.get(`${base}/users`, async (req, res) => {
    const q = typeof req.query.q === "string" ? req.query.q : undefined;
    const users = await listUsers(db, { actor: apiActorOf(res), organisationId: req.params.organisationId, q });
    res.json({ users });
  });

  router.post(`${base}/users`, async (req, res) => {
    const scope = adminScope(req, res);
    const user = await addUser(context, { ...scope, user: parseInput(userFieldsSchema, req.body) });
    res.status(201).location(`/api/v1/organisations/${scope.organisationId}/users/${user.id}`).json(user);
  });

  router.get(`${base}/users/:userId`, async (req, res) => {
    const scope = { actor: apiActorOf(res), organisationId: req.params.organisationId };
    res.json(await getUserDetails(db, { ...scope, userId: req.params.userId }));
  });

  router.patch(`${base}/users/:userId`, async (req, res) => {
    const scope = adminScope(req, res);
    const patch = parseInput(userPatchSchema, req.body);
    res.json((await updateUser(context, { ...scope, userId: req.params.userId, patch })).record);
  });

  router.post("/users", async (req, res) => {
    const actor = apiActorOf(res);
    const { organisationId, ...fields } = parseInput(userInputSchema, req.body);
    const user = await createUser(context, { actor, author: agentAuthor(actor.agentId), organisationId, user: fields });
    res.status(201).location(`/api/v1/organisations/${user.organisationId}/users/${user.id}`).json(user);
  });

  return router;
}
