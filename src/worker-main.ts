// `npm run worker`: the email worker alone, against the PostgreSQL server of DATABASE_URL. Several can run at once
// (and beside web processes started with RUN_WORKER=true): each row is claimed by one worker only.
import { flushCompileCache } from "node:module";
import { loadConfig, readDotEnv } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { logger } from "./logger.ts";
import { createEmailTransport } from "./notifications/transport.ts";
import { startOutboxWorker } from "./notifications/worker.ts";

readDotEnv();

const config = loadConfig();
if (!config.DATABASE_URL) {
  // The embedded database lives inside the web process (`npm start` runs the worker there); a second process
  // would open a second, separate database on the same files.
  logger.fatal("npm run worker needs DATABASE_URL: with the embedded database, `npm start` runs the worker itself.");
  process.exit(1);
}
const database = await openDatabase(config);
const transport = createEmailTransport(config);
const worker = startOutboxWorker({ db: database.prisma, transport, config });
// Every module is loaded: write them to Node's compile cache now rather than at exit (see src/compile-cache.js).
flushCompileCache();

async function shutdown(signal: string) {
  logger.info({ signal }, "shutting down the email worker");
  await worker.stop();
  transport.close();
  await database.close();
  process.exit(0);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
