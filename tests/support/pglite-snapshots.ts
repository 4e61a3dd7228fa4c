// Embedded test databases started from snapshots. Creating a PGlite database runs initdb, which takes most of
// PGlite's start-up (about 3 s on an idle 2-core machine, over 10 s under load) and the migrations add more; loading
// a data directory saved after them takes a fraction of that. The snapshots are cached on disk under
// node_modules/.cache, keyed by the PGlite version and the migration files, so that a run after a new migration
// builds them again and any other run reuses them.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { runMigrations } from "../../src/db/migrate.ts";

const ROOT = join(import.meta.dirname, "../..");
const MIGRATIONS_DIR = join(ROOT, "prisma/migrations");
const CACHE_DIR = join(ROOT, "node_modules/.cache/rdv-agents-tests");

/** Data directories (tarballs) of an empty database and of a database with every migration applied. */
export type PgliteSnapshots = { empty: string; migrated: string };

export type SnapshotDatabase = { url: string; stop: () => Promise<void> };

/** The snapshot files of the current migrations, built once (then read from the cache) for each set of migrations. */
export async function pgliteSnapshots(): Promise<PgliteSnapshots> {
  const key = cacheKey();
  const snapshots = { empty: join(CACHE_DIR, `empty-${key}.tar`), migrated: join(CACHE_DIR, `migrated-${key}.tar`) };
  if (existsSync(snapshots.empty) && existsSync(snapshots.migrated)) {
    // Marked as used, so that a run building snapshots of other migrations leaves these alone (see below).
    const now = new Date();
    for (const path of Object.values(snapshots)) utimesSync(path, now, now);
    return snapshots;
  }

  mkdirSync(CACHE_DIR, { recursive: true });
  removeStaleSnapshots();
  const db = await PGlite.create();
  await save(db, snapshots.empty);
  const server = await serve(db);
  try {
    await runMigrations(server.url);
  } finally {
    await server.stop();
  }
  await save(db, snapshots.migrated);
  await db.close();
  return snapshots;
}

/** A new in-memory database loaded from a snapshot, served on a free loopback port like src/db/embedded.ts does. */
export async function startFromSnapshot(snapshot: string): Promise<SnapshotDatabase> {
  const db = await PGlite.create({ loadDataDir: new Blob([readFileSync(snapshot)]) });
  const server = await serve(db);
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

async function serve(db: PGlite): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 32 });
  await server.start();
  return { url: `postgresql://postgres@${server.getServerConn()}/postgres?sslmode=disable`, stop: () => server.stop() };
}

// Written under a temporary name, then renamed: another vitest run starting at the same moment never reads half a file.
async function save(db: PGlite, path: string): Promise<void> {
  const dump = await db.dumpDataDir("none");
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, new Uint8Array(await dump.arrayBuffer()));
  renameSync(temporary, path);
}

// Snapshots of older migration sets weigh about 40 MB each. Those used in the last hour are left alone: another run
// may be going on with a different set (an engineer's uncommitted migration) and read its empty snapshot later.
function removeStaleSnapshots(): void {
  const hourAgo = Date.now() - 60 * 60_000;
  for (const name of readdirSync(CACHE_DIR)) {
    const path = join(CACHE_DIR, name);
    if (statSync(path).mtimeMs < hourAgo) rmSync(path, { force: true });
  }
}

function cacheKey(): string {
  const hash = createHash("sha256");
  hash.update(readFileSync(join(ROOT, "node_modules/@electric-sql/pglite/package.json")));
  // The runner too: the migrated snapshot holds the bookkeeping it writes.
  hash.update(readFileSync(join(ROOT, "src/db/migrate.ts")));
  for (const name of readdirSync(MIGRATIONS_DIR).sort()) {
    const file = join(MIGRATIONS_DIR, name, "migration.sql");
    if (!existsSync(file)) continue;
    hash.update(name);
    hash.update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}
