// What every request handler may use, set once when the app is built: no other state lives in the web process.
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";

export type AppContext = { db: Db; config: Config };
