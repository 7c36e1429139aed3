// Scenario runner "sweep": every agent of a cluster checked once against five constraints with many
// instances placed (a feasibility sweep), by the library, a hand-specialised limit, and Marathon's algorithm.
import { compare } from "../harness.mjs";
import { launchedInstance, marathonChecker, runSpec } from "../marathon.mjs";
import { cluster } from "../workload.mjs";
import { assertAgree, ratio, textAttribute } from "./common.mjs";

/**
 * The limit for exactly the sweep's five constraints (hostname:MAX_PER:a, rack:MAX_PER:b,
 * @zone:GROUP_BY:g legacy, @region:LIKE:re, disk:UNLIKE:re): per-agent records resolved ahead of
 * time, static verdicts folded into one flag, counts in typed arrays.
 */
function sweepLimit(agents, constraints) {
  const [[, , hostMax], [, , rackMax], [, , zoneGroups], [, , regionLike], [, , diskUnlike]] = constraints;
  const maxHost = Number(hostMax);
  const maxRack = Number(rackMax);
  const groupsWanted = Number(zoneGroups);
  const regionRe = new RegExp(`^(?:${regionLike})$`);
  const diskRe = new RegExp(`^(?:${diskUnlike})$`);
  const ids = { host: new Map(), rack: new Map(), zone: new Map() };
  const intern = (table, v) => {
    if (v === undefined) return -1;
    const id = table.get(v) ?? table.size;
    table.set(v, id);
    return id;
  };
  const records = new Map();
  for (const a of agents) {
    const disk = textAttribute(a, "disk");
    const host = intern(ids.host, a.hostname);
    const rack = intern(ids.rack, textAttribute(a, "rack"));
    const zone = intern(ids.zone, a.zone);
    const staticOk =
      a.region !== undefined && regionRe.test(a.region) && (disk === undefined || !diskRe.test(disk));
    records.set(a, { host, rack, zone, staticOk: staticOk && rack >= 0 && zone >= 0 });
  }
  const hostCount = new Int32Array(ids.host.size);
  const rackCount = new Int32Array(ids.rack.size);
  const zoneCount = new Int32Array(ids.zone.size);
  let zoneGroupsNow = 0;
  let zoneMin = 0;
  return {
    place(a) {
      const r = records.get(a);
      hostCount[r.host]++;
      if (r.rack >= 0) rackCount[r.rack]++;
      if (r.zone >= 0 && zoneCount[r.zone]++ === 0) zoneGroupsNow++;
      zoneMin = 0;
      for (const c of zoneCount) if (c > 0 && (zoneMin === 0 || c < zoneMin)) zoneMin = c;
    },
    accepts(a) {
      const r = records.get(a);
      if (!r.staticOk) return false;
      const h = hostCount[r.host];
      if (h !== 0 && h >= maxHost) return false;
      const k = rackCount[r.rack];
      if (k !== 0 && k >= maxRack) return false;
      const z = zoneCount[r.zone];
      return z === 0 || (zoneGroupsNow >= groupsWanted && z === zoneMin);
    },
  };
}

/**
 * @param {any} c the case data
 * @param {{ lib: Record<string, any>, smoke: boolean, log: (s: string) => void }} ctx
 */
export async function runSweep(c, ctx) {
  const { lib, smoke } = ctx;
  const size = smoke ? c.smoke : c;
  const agents = cluster({ count: size.agents });
  const placed = [];
  for (let i = 0; i < size.placed; i++) placed.push(agents[i % agents.length]);
  const matcher = lib.compile(c.constraints, { dialect: c.dialect });
  const state = matcher.createState({ instances: placed.length, placed });
  const limit = sweepLimit(agents, c.constraints);
  for (const a of placed) limit.place(a);
  const marathon = marathonChecker(lib.renderScalarMarathon);
  const spec = runSpec("/bench/sweep", c.constraints, placed.length);
  const known = placed.map((a) => launchedInstance(spec, a));
  const legacy = c.dialect === "marathon";
  // Marathon's check is O(placed) per agent: verified and timed on an evenly spread sample.
  const step = Math.max(1, Math.floor(agents.length / size.marathonSample));
  const sample = agents.filter((_, i) => i % step === 0).slice(0, size.marathonSample);
  const accepted = assertAgree(`${c.name} (all agents)`, agents, {
    ours: (a) => matcher.accepts(a, state),
    limit: (a) => limit.accepts(a),
  });
  assertAgree(`${c.name} (Marathon sample)`, sample, {
    ours: (a) => matcher.accepts(a, state),
    marathon: (a) => marathon.meetsAllConstraints(known, a, spec, legacy),
  });
  ctx.log(`  ${c.name}: ${accepted} of ${agents.length} agents feasible; answers agree`);
  const sweep = (accepts) => (iters) => {
    let k = 0;
    for (let it = 0; it < iters; it++) for (let i = 0; i < agents.length; i++) if (accepts(agents[i])) k++;
    return k;
  };
  const measured = compare(
    {
      ours: { run: sweep((a) => matcher.accepts(a, state)) },
      limit: { run: sweep((a) => limit.accepts(a)) },
      marathon: {
        iters: 1,
        scale: agents.length / sample.length,
        run(iters) {
          let k = 0;
          for (let it = 0; it < iters; it++) {
            for (const a of sample) if (marathon.meetsAllConstraints(known, a, spec, legacy)) k++;
          }
          return k;
        },
      },
    },
    { smoke, rounds: 15, minRounds: 5, budgetMs: 20000 },
  );
  if (smoke) return [];
  const { ours, limit: lim, marathon: mar } = measured;
  return [
    {
      group: "sweep",
      scenario: `Feasibility sweep: ${agents.length.toLocaleString("en-US")} agents × 5 constraints (${c.constraints.map((t) => t.join(":")).join(", ")}), ${placed.length.toLocaleString("en-US")} placed`,
      unit: "ns",
      ours,
      baselines: [
        {
          name: "Marathon",
          measure: mar,
          note: `(timed on ${sample.length} agents, ×${agents.length / sample.length})`,
        },
        { name: "limit", measure: lim },
      ],
      ratios: [
        { label: "Marathon / ours", value: ratio(mar, ours) },
        { label: "ours / limit", value: ours.median / lim.median },
      ],
      target: `< ${c.targets.underNs / 1e6} ms for the whole sweep`,
      met: ours.median < c.targets.underNs,
      notes: [
        `${accepted} of ${agents.length} agents feasible; Marathon's time extrapolated from ${sample.length} agents (its cost per agent does not depend on the agent)`,
      ],
    },
  ];
}
