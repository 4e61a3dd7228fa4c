// What domain actions need besides their input: the database and the settings that emails are built from.
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";

export type DomainContext = { db: Db; config: Pick<Config, "APP_URL" | "MAIL_FROM"> };
