// Scenario runner "memory": the heap a placement state holds for many placed instances, the library's
// against Marathon's instance list, each built in its own fresh process so nothing else is counted.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./memory-child.mjs", import.meta.url));

function measure(params) {
  const r = spawnSync(
    process.execPath,
    ["--expose-gc", "--max-old-space-size=6144", CHILD, JSON.stringify(params)],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new Error(`memory child (${params.engine}) failed: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;

/**
 * @param {any} c the case data
 * @param {{ lib: Record<string, any>, smoke: boolean, log: (s: string) => void }} ctx
 */
export async function runMemory(c, ctx) {
  const rows = [];
  for (const layout of c.layouts) {
    const instances = ctx.smoke ? c.smoke.instances : c.instances;
    const agents = ctx.smoke ? Math.min(layout.agents, c.smoke.agents) : layout.agents;
    const params = { agents, instances, constraints: layout.constraints, dialect: "marathon" };
    const ours = measure({ ...params, engine: "ours" });
    const objects = measure({ ...params, engine: "ours-objects" });
    const theirs = measure({ ...params, engine: "marathon" });
    if (JSON.stringify(objects.verdicts) !== JSON.stringify(ours.verdicts)) {
      throw new Error(`memory: verdicts differ: by row ${ours.verdicts}, by object ${objects.verdicts}`);
    }
    if (ours.size !== instances || theirs.size !== instances) throw new Error("memory: wrong instance count");
    if (JSON.stringify(ours.verdicts) !== JSON.stringify(theirs.verdicts)) {
      throw new Error(`memory: verdicts differ: ours ${ours.verdicts}, Marathon ${theirs.verdicts}`);
    }
    ctx.log(
      `  memory (${agents} agents, ${instances} instances): ours ${mb(ours.bytes)}, Marathon ${mb(theirs.bytes)}`,
    );
    if (ctx.smoke) continue;
    const one = (bytes) => ({ median: bytes, p25: bytes, p75: bytes, n: 1 });
    rows.push({
      group: "memory",
      scenario: `Memory: placement state, ${layout.label} (${layout.constraints.map((t) => t.join(":")).join(", ")})`,
      unit: "bytes",
      ours: one(ours.bytes),
      baselines: [{ name: "Marathon", measure: one(theirs.bytes), note: "(instance records)" }],
      ratios: [{ label: "Marathon / ours", value: theirs.bytes / ours.bytes }],
      target:
        layout.targetBytesPerAgent === undefined
          ? `< ${c.targets.underBytes / 1e6} MB`
          : `≤ ${layout.targetBytesPerAgent} B per distinct agent (${((layout.targetBytesPerAgent * agents) / 1e6).toFixed(0)} MB)`,
      met:
        layout.targetBytesPerAgent === undefined
          ? ours.bytes < c.targets.underBytes
          : ours.bytes <= layout.targetBytesPerAgent * agents,
      notes: [
        `ours: the cluster's agent table (as simulate() builds it) and rows; ${(ours.bytes / agents).toFixed(0)} B per distinct agent in all, of which ${mb(ours.viewBytes)} the table and the matcher's per-row cache (${Math.round(ours.viewBytes / agents)} B per agent) and ${mb(ours.bytes - ours.viewBytes)} the counts and placement list (${((ours.bytes - ours.viewBytes) / instances).toFixed(1)} B per instance)`,
        `a matcher compiled without a table and asked about agent objects (its private table holds them weakly): ${mb(objects.bytes)} (${(objects.bytes / agents).toFixed(0)} B per distinct agent)`,
      ],
    });
  }
  return rows;
}
