// `npm run db:seed`: load the demo data into the configured database (embedded when DATABASE_URL is unset).
import { loadConfig, readDotEnv } from "../config.ts";
import { openDatabase } from "./database.ts";
import { seedDemo } from "./seed.ts";

readDotEnv();

const database = await openDatabase(loadConfig());
try {
  const { created } = await seedDemo(database.prisma);
  console.log(created ? "Demo data loaded." : "Demo data already present.");
} finally {
  await database.close();
}
