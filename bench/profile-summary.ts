// Summarise a V8 .cpuprofile (`node --cpu-prof`): the share of busy CPU time per package or folder of ours (self
// time), the functions with the most self time, and our own functions with the most inclusive time.
//   node bench/profile-summary.ts <file.cpuprofile>
import { readFileSync } from "node:fs";

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

function isProfile(value: unknown): value is Profile {
  return typeof value === "object" && value !== null && "nodes" in value && "samples" in value && "timeDeltas" in value;
}

/** Where a frame's code lives: a package, a folder of ours, Node itself, or V8's pseudo-frames. */
function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? url;
  const ours = /\/(src|views)\/(.*)$/.exec(url);
  if (ours) {
    const parts = (ours[2] ?? "").split("/");
    return `${ours[1]}/${parts.length > 1 ? parts.slice(0, parts[0] === "domain" ? 2 : 1).join("/") : parts[0]}`;
  }
  if (url.startsWith("node:")) return "node internals";
  return url;
}

const short = (frame: CallFrame) =>
  `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/(node_modules|src)\//, "$1/")}:${frame.lineNumber + 1}`;

/** The text summary printed by `npm run bench -- --profile`. */
export function summariseProfile(path: string, top = 25): string {
  const profile: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (!isProfile(profile)) throw new Error(`${path} is not a V8 CPU profile`);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const idle = profile.nodes
    .filter((n) => n.callFrame.functionName === "(idle)")
    .reduce((s, n) => s + (self.get(n.id) ?? 0), 0);
  const total = [...self.values()].reduce((s, v) => s + v, 0);
  const busy = total - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;

  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (node.callFrame.functionName === "(idle)" || us === 0) continue;
    areas.set(areaOf(node.callFrame), (areas.get(areaOf(node.callFrame)) ?? 0) + us);
    functions.set(short(node.callFrame), (functions.get(short(node.callFrame)) ?? 0) + us);
  }

  // Inclusive time of our own functions, counting a function once per stack even when it recurses.
  const inclusive = new Map<string, number>();
  const root = profile.nodes[0];
  const walk = (node: ProfileNode, onStack: Set<string>): number => {
    let sum = self.get(node.id) ?? 0;
    const key = short(node.callFrame);
    const ours = /\/src\//.test(node.callFrame.url) && !onStack.has(key);
    if (ours) onStack.add(key);
    for (const child of node.children ?? []) {
      const next = byId.get(child);
      if (next) sum += walk(next, onStack);
    }
    if (ours) {
      onStack.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
    }
    return node.callFrame.functionName === "(idle)" ? 0 : sum;
  };
  if (root) walk(root, new Set());

  const list = (entries: Map<string, number>, n: number) =>
    [...entries.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `  ${pct(us)}  ${name}`)
      .join("\n");
  return [
    `Busy CPU ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s profiled (idle ${pct(idle).trim()} of busy).`,
    "Self time by package or folder:",
    list(areas, 20),
    "Functions with the most self time:",
    list(functions, top),
    "Our functions with the most inclusive time (src/):",
    list(inclusive, top),
  ].join("\n");
}

if (import.meta.main) {
  const path = process.argv[2];
  if (!path) throw new Error("usage: node bench/profile-summary.ts <file.cpuprofile>");
  process.stdout.write(`${summariseProfile(path)}\n`);
}
