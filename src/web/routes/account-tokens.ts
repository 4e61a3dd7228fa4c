// « Mon compte › Jetons d'API »: the agent's API tokens, create one (its secret shown once), revoke one.
import { type Response, Router } from "express";
import {
  createApiTokenForAgent,
  listApiTokens,
  REVOCATION_LABELS,
  revokeApiToken,
} from "../../domain/auth/api-tokens.ts";
import { setFlash } from "../../domain/auth/sessions.ts";
import { formatShortDateTime } from "../../vocabulary/dates.ts";
import type { AppContext } from "../context.ts";
import { submitForm } from "../forms.ts";
import { requireAgent, sessionOf } from "../middleware/session.ts";

const VIEW = "account/tokens";
/** Tokens belong to an agent, not to an organisation: dates are shown in its current organisation's zone. */
const DEFAULT_TIMEZONE = "Europe/Paris";

export function accountTokenRoutes({ db }: AppContext): Router {
  const router = Router();

  /** The page's locals: the agent's tokens as rows of the table. */
  async function tokensPage(res: Response) {
    const session = sessionOf(res);
    const timezone = session.currentOrganisation?.timezone ?? DEFAULT_TIMEZONE;
    const tokens = await listApiTokens(db, session.actor);
    return {
      nav: "compte",
      tokens: tokens.map((token) => ({
        id: token.id,
        name: token.name,
        createdAt: formatShortDateTime(token.createdAt, timezone),
        lastUsedAt: token.lastUsedAt ? formatShortDateTime(token.lastUsedAt, timezone) : null,
        revokedAt: token.revokedAt ? formatShortDateTime(token.revokedAt, timezone) : null,
        revokedBecause: token.revokedReason ? REVOCATION_LABELS[token.revokedReason] : null,
      })),
      values: { name: "" },
      errors: {},
      created: null,
    };
  }

  router.get("/mon-compte/jetons", requireAgent, async (_req, res) => {
    res.render(VIEW, await tokensPage(res));
  });

  router.post("/mon-compte/jetons", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const values = { name: typeof req.body?.name === "string" ? req.body.name : "" };
    await submitForm(res, VIEW, { ...(await tokensPage(res)), values }, async () => {
      const created = await createApiTokenForAgent(db, session.actor, values);
      // The secret is in this response only: never in a redirect, a flash message or a cache.
      res.set("Cache-Control", "no-store");
      res.status(201).render(VIEW, { ...(await tokensPage(res)), created });
    });
  });

  router.post("/mon-compte/jetons/:id/revoquer", requireAgent, async (req, res) => {
    const session = sessionOf(res);
    const tokenId = req.params.id;
    await revokeApiToken(db, session.actor, typeof tokenId === "string" ? tokenId : "");
    await setFlash(db, session.id, "Le jeton a été révoqué : il ne permet plus d'utiliser l'API.");
    res.redirect("/mon-compte/jetons");
  });
  return router;
}
