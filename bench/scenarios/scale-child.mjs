// Child process for the scale scenarios: runs one job (a simulation with its report, or loading a
// large file) in a fresh process and prints its peak memory as JSON. Nothing else.

import { readFileSync } from "node:fs";
import { loadLibrary } from "../lib.mjs";
import { apps, cluster, stuckApps } from "../workload.mjs";
import { workloadApps } from "./scale-data.mjs";

const rss = () => process.memoryUsage().rss;

async function main() {
  const job = JSON.parse(process.argv[2]);
  const lib = await loadLibrary();
  const out = { job: job.kind };
  if (job.kind === "simulate") {
    const agents = cluster({ count: job.agents });
    const list = [...apps({ apps: job.apps, instancesEach: job.instancesEach })];
    if (job.stuck > 0) list.push(...stuckApps({ count: job.stuck, perRack: job.perRack, extra: job.extra }));
    const input = { agents, apps: workloadApps(lib, list) };
    out.before = rss();
    const result = lib.simulate(input);
    out.report = lib.renderJson(result).length;
    out.placed = result.placements.length;
    out.unplaced = result.unplaced.length;
    out.explanationBytes = JSON.stringify(result.unplaced).length;
  } else {
    // The file is read as the CLI reads it, in a process that has done nothing else.
    const text = readFileSync(job.file, "utf8");
    out.fileBytes = Buffer.byteLength(text);
    out.before = rss();
    if (job.kind === "state") {
      const r = lib.loadInventory(text, "state.json");
      out.items = r.agents.length;
      out.errors = r.diagnostics.filter((d) => d.severity === "error").length;
    } else {
      const r = lib.loadWorkload(text, "group.json");
      out.items = r.apps.length;
      out.errors = r.diagnostics.filter((d) => d.severity === "error").length;
    }
  }
  out.peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
