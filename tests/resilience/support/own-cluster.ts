// A PostgreSQL cluster of the test's own, on another port, that the test may stop and start at will: the shared
// server on 5432 (other tests, other engineers) is never touched. PostgreSQL refuses to run as root, so the cluster
// belongs to the `postgres` system user and every command goes through `su postgres`.
import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export type OwnCluster = {
  url: string;
  port: number;
  /** Stop the server (fast shutdown: open connections are terminated, as in a restart under load). */
  stop: () => void;
  start: () => void;
  /** Stop it and remove its files. */
  destroy: () => void;
};

/** The uid and gid of the `postgres` user, which owns the cluster's files. */
function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

function asPostgres(command: string): void {
  execFileSync("su", ["postgres", "-c", command], { stdio: "pipe", timeout: 60_000 });
}

/** A free TCP port on the loopback interface. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** Create and start a cluster (trust authentication on 127.0.0.1 only); needs root, like the CI. */
export async function startOwnCluster(): Promise<OwnCluster> {
  if (process.getuid?.() !== 0) {
    throw new Error("The resilience tests start their own PostgreSQL cluster through `su postgres`: run them as root.");
  }
  const dir = mkdtempSync(join(tmpdir(), "rdv-pg-"));
  const { uid, gid } = postgresIds();
  chownSync(dir, uid, gid);
  const data = join(dir, "data");
  const port = await freePort();
  asPostgres(`${BIN}/initdb -D ${data} -A trust -U postgres --no-sync > ${dir}/initdb.log 2>&1`);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = () => asPostgres(`${BIN}/pg_ctl -D ${data} -o "${options}" -l ${dir}/server.log -w start`);
  const stop = () => asPostgres(`${BIN}/pg_ctl -D ${data} -m fast -w stop`);
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    destroy: () => {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
