// `npm run db:migrate`: apply pending migrations to the configured database.
import { loadConfig, readDotEnv } from "../config.ts";
import { openDatabase } from "./database.ts";

readDotEnv();

const database = await openDatabase(loadConfig());
await database.close();
console.log("Migrations up to date.");
