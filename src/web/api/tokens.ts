// POST /api/v1/tokens: exchange email + password for a bearer token.
import { Router } from "express";
import { issueApiToken } from "../../domain/auth/api-tokens.ts";
import type { AppContext } from "../context.ts";

export function tokensApi({ db }: AppContext): Router {
  const router = Router();
  router.post("/tokens", async (req, res) => {
    const { token } = await issueApiToken(db, { raw: req.body, ip: req.ip ?? "unknown" });
    res.status(201).json({ token });
  });
  return router;
}
