// /sante: is the database answering, how many emails wait to be sent, how many were given up. JSON, for monitoring.
import { Router } from "express";
import { databaseAnswers, outboxCounts } from "../../notifications/outbox-queries.ts";
import type { AppContext } from "../context.ts";

export function healthRoutes({ db }: AppContext): Router {
  const router = Router();
  router.get("/sante", async (_req, res) => {
    res.set("Cache-Control", "no-store");
    if (!(await databaseAnswers(db))) {
      res.status(503).json({ status: "error", database: "error" });
      return;
    }
    const outbox = await outboxCounts(db);
    res.json({
      status: "ok",
      database: "ok",
      outbox: { pending: outbox.pending, dead: outbox.dead, oldestPendingAt: outbox.oldestPendingAt },
    });
  });
  return router;
}
