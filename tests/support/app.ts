// Starts the real Express app on a free loopback port, on the test database (or another one), and, when asked, the
// email worker beside it as `npm start` runs it (RUN_WORKER=true), sending through SMTP_URL.
import { type Config, loadConfig } from "../../src/config.ts";
import { createPrisma, type Db } from "../../src/db/client.ts";
import { createEmailTransport } from "../../src/notifications/transport.ts";
import { type OutboxWorker, startOutboxWorker } from "../../src/notifications/worker.ts";
import { createApp } from "../../src/web/app.ts";
import { testDb } from "./db.ts";

export type TestApp = { url: string; config: Config; db: Db; close: () => Promise<void> };

export type TestAppOptions = {
  /** Serve this (migrated) database instead of the worker's test database, e.g. a fresh one of its own. */
  databaseUrl?: string;
  /**
   * Run the email worker in the app process, on every due outbox row of the database: only on a database of the
   * test's own, since on a shared one it would send other tests' emails.
   */
  worker?: boolean;
};

/** The app listening on 127.0.0.1, with configuration overrides (environment variable names). */
export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: "test", APP_URL: "http://127.0.0.1", RUN_WORKER: "false", ...env });
  // PGlite is one session: one connection, like the app on the embedded database.
  const ownDb = options.databaseUrl ? createPrisma(options.databaseUrl, 1) : undefined;
  const db = ownDb ?? testDb();
  const server = createApp({ db, config }).listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the test app has no TCP port");

  const transport = options.worker ? createEmailTransport(config) : undefined;
  let worker: OutboxWorker | undefined;
  if (transport) {
    // What src/main.ts gives the worker, polling ten times as often so that tests do not wait. A variable, not a
    // literal: the worker takes the part of the configuration it needs (TypeScript checks a literal for properties
    // the worker does not name).
    const workerOptions = { db, transport, config, pollIntervalMs: 100 };
    worker = startOutboxWorker(workerOptions);
  }

  return {
    url: `http://127.0.0.1:${address.port}`,
    config,
    db,
    close: async () => {
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await worker?.stop();
      transport?.close();
      await ownDb?.$disconnect();
    },
  };
}
