// Child processes of the bench: start them, wait for their first answer, read their memory and CPU from /proc, stop them.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";

export type Child = { process: ChildProcess; pid: number; name: string };

/** Start `node <args>` in `cwd` with `env`, in its own process group; its output goes to ours only on failure. */
export function startNode(name: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Child {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start`);
  // Keep the last lines of output, to explain a crash without flooding the table.
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(chunk.toString("utf8"));
    if (tail.length > 40) tail.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.once("exit", (code, signal) => {
    if (code !== 0 && code !== null && signal === null) {
      process.stderr.write(`\n[bench] ${name} exited with code ${code}:\n${tail.join("").slice(-4000)}\n`);
    }
  });
  return { process: child, pid: child.pid, name };
}

/** Poll `url` until it answers (any status below 500); returns the milliseconds it took. */
export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status < 500) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Peak resident memory (VmHWM) of one process, in MB; 0 once it is gone. */
export function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

const TICKS_PER_SECOND = 100;

/** CPU time (user + system) one process has used so far, in ms. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Stop a child (SIGTERM to its group, SIGKILL after `graceMs`) and wait for it. */
export async function stop(child: Child, graceMs = 10_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.process.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }, graceMs);
  await exited;
  clearTimeout(timer);
}
