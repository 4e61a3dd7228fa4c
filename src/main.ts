// Starts the web server (and, unless RUN_WORKER=false, the email worker) on the configured database.
import { flushCompileCache } from "node:module";
import { loadConfig, readDotEnv } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { logger } from "./logger.ts";
import type { OutboxWorker } from "./notifications/worker.ts";
import { createApp } from "./web/app.ts";

readDotEnv();

const config = loadConfig();
const database = await openDatabase(config);
if (database.embedded) {
  const { isEmpty, seedDemo } = await import("./db/seed.ts");
  if (await isEmpty(database.prisma)) {
    await seedDemo(database.prisma);
    logger.info("embedded database was empty: demo data loaded (see README for the accounts)");
  }
}
const app = createApp({ db: database.prisma, config });
const server = app.listen(config.PORT, () => {
  logger.info(
    `rdv-agents listening on http://localhost:${config.PORT} (${database.embedded ? "embedded" : "PostgreSQL"} database)`,
  );
});

// The email worker, unless RUN_WORKER=false (then `npm run worker` processes send the emails). Without SMTP_URL in
// production it does not start: emails wait in the outbox (counted on /sante) rather than being marked sent.
let worker: { loop: OutboxWorker; close: () => void } | undefined;
if (config.RUN_WORKER) {
  // Imported here: a web process started with RUN_WORKER=false never loads nodemailer.
  const [{ createEmailTransport }, { startOutboxWorker }] = await Promise.all([
    import("./notifications/transport.ts"),
    import("./notifications/worker.ts"),
  ]);
  try {
    const transport = createEmailTransport(config);
    worker = { loop: startOutboxWorker({ db: database.prisma, transport, config }), close: () => transport.close() };
  } catch (error) {
    logger.error({ err: error }, "email worker not started");
  }
}

// Every module of the start-up is loaded: write them to Node's compile cache now (see src/compile-cache.js) rather
// than at exit, which a killed process never reaches. Nothing happens when the cache is off.
flushCompileCache();

async function shutdown(signal: string) {
  logger.info({ signal }, "shutting down");
  server.close();
  await worker?.loop.stop();
  worker?.close();
  await database.close();
  process.exit(0);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
