// GET /api/v1/me: the token's agent and its organisations, with its role in each.
import { Router } from "express";
import { describeAgent } from "../../domain/auth/describe-agent.ts";
import type { AppContext } from "../context.ts";
import { apiActorOf } from "./auth.ts";

export function meApi({ db }: AppContext): Router {
  const router = Router();
  router.get("/me", async (_req, res) => {
    res.json(await describeAgent(db, apiActorOf(res)));
  });
  return router;
}
