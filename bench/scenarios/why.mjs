// Scenario runner "why": explaining every stuck app in Marathon's queue (one simulation of the next
// offer round, then re-runs for each app's verdict and suggestions) against one simulate() of the same
// state, the cost `why` is measured in.
import { compare } from "../harness.mjs";
import { cluster } from "../workload.mjs";

/** A snapshot whose queued apps cannot all place: MAX_PER per rack and UNIQUE per host cap each one. */
function snapshot(lib, size) {
  const agents = cluster({ count: size.agents, regions: 1, zonesPerRegion: 3, racks: size.racks }).map(
    (a) => ({ ...a, region: undefined, zone: undefined }),
  );
  const apps = [];
  const queue = [];
  for (let k = 0; k < size.apps; k++) {
    const app = {
      id: `/bench/stuck-${k}`,
      instances: size.instancesEach,
      cpus: 0.5,
      mem: 1024,
      constraints: [
        ["rack", "MAX_PER", "2"],
        ["hostname", "UNIQUE"],
      ],
    };
    apps.push(app);
    queue.push({ app, count: size.instancesEach, delay: { timeLeftSeconds: 0, overdue: true } });
  }
  const workload = lib.loadWorkload(JSON.stringify({ apps }));
  const q = lib.readQueue(JSON.stringify({ queue }));
  if (workload.apps.length !== size.apps || q.entries.length !== size.apps)
    throw new Error("why: the synthetic apps or queue do not load");
  return { agents, apps: workload.apps, running: [], queue: q.entries, notes: [], problems: [] };
}

/**
 * @param {any} c the case data
 * @param {{ lib: Record<string, any>, smoke: boolean, log: (s: string) => void }} ctx
 */
export async function runWhy(c, ctx) {
  const { lib, smoke } = ctx;
  if (typeof lib.why !== "function") throw new Error("the built library has no why() (dist/why/why.js)");
  const size = smoke ? { ...c, ...c.smoke } : c;
  const snap = snapshot(lib, size);
  const report = lib.why({ snapshot: snap, now: 0 });
  const stuck = report.waiting.filter((w) => w.verdict.kind === "never_placeable").length;
  if (stuck !== size.apps) throw new Error(`why: expected ${size.apps} apps never placeable, got ${stuck}`);
  const max = 2 * size.racks;
  if (!report.waiting[0].verdict.text.includes(`at most ${max} of its ${size.instancesEach}`))
    throw new Error(`why: unexpected verdict: ${report.waiting[0].verdict.text}`);
  ctx.log(
    `  why: ${size.apps} stuck apps × ${size.instancesEach} instances on ${size.agents} agents; ${report.waiting[0].suggestions.length} suggestions each`,
  );
  const input = {
    agents: snap.agents,
    apps: snap.apps,
    running: [],
    explainAgents: Number.POSITIVE_INFINITY,
  };
  const measured = compare(
    {
      why: { iters: 1, run: () => lib.why({ snapshot: snap, now: 0 }).waiting.length },
      simulate: { iters: 1, run: () => lib.simulate(input).placements.length },
    },
    { smoke, rounds: 7, minRounds: 3, warmup: 1, budgetMs: 60000 },
  );
  if (smoke) return [];
  return [
    {
      group: "why",
      scenario: `Explain ${size.apps} stuck apps (${size.instancesEach} instances each) on ${size.agents.toLocaleString("en-US")} agents: verdicts and suggestions`,
      unit: "ns",
      ours: measured.why,
      baselines: [{ name: "one simulate()", measure: measured.simulate }],
      ratios: [{ label: "why / one simulation", value: measured.why.median / measured.simulate.median }],
      target: `< ${c.targets.underNs / 1e9} s`,
      met: measured.why.median < c.targets.underNs,
      notes: [
        "each app's verdict and suggestions re-run the simulation for that app alone, the others kept as the first run placed them",
      ],
    },
  ];
}
