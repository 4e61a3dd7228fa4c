// Opens the application's database: the configured PostgreSQL server, or the embedded one when none is configured.
import type { Config } from "../config.ts";
import { logger } from "../logger.ts";
import { createPrisma, type Db, serverPoolSize } from "./client.ts";
import { runMigrations } from "./migrate.ts";

export type Database = { prisma: Db; url: string; embedded: boolean; close: () => Promise<void> };

/** Connect (starting the embedded database if needed) and apply pending migrations. */
export async function openDatabase(config: Pick<Config, "DATABASE_URL" | "DATA_DIR">): Promise<Database> {
  const embedded = config.DATABASE_URL ? null : await startEmbedded(config.DATA_DIR);
  const url = config.DATABASE_URL ?? embedded?.url;
  if (!url) throw new Error("No database URL");
  const applied = await runMigrations(url);
  if (applied.length > 0) logger.info({ applied }, "migrations applied");
  const prisma = createPrisma(url, embedded ? 1 : serverPoolSize());
  return {
    prisma,
    url,
    embedded: embedded !== null,
    close: async () => {
      await prisma.$disconnect();
      await embedded?.stop();
    },
  };
}

// PGlite's modules are imported only when it runs: a process on a PostgreSQL server never loads them.
async function startEmbedded(dataDir: string) {
  const { startEmbeddedPostgres } = await import("./embedded.ts");
  return startEmbeddedPostgres({ dataDir });
}
