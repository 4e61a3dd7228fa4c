// Starts the real Express app on a free loopback port, on the test database.
import type { AddressInfo } from "node:net";
import { type Config, loadConfig } from "../../src/config.ts";
import { createApp } from "../../src/web/app.ts";
import { testDb } from "./db.ts";

export type TestApp = { url: string; config: Config; close: () => Promise<void> };

/** The app listening on 127.0.0.1, with configuration overrides (environment variable names). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: "test", APP_URL: "http://127.0.0.1", RUN_WORKER: "false", ...env });
  const app = createApp({ db: testDb(), config });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
