// Scenario runner "check": one agent checked against constraints with n instances placed, for each n,
// three ways: the library, Marathon's algorithm, and a hand-specialised limit. Reports check + growth.

import { compare } from "../harness.mjs";
import { launchedInstance, marathonChecker, runSpec } from "../marathon.mjs";
import { cluster } from "../workload.mjs";
import { assertAgree, ratio, textAttribute } from "./common.mjs";

/**
 * The limit for `hostname:UNIQUE`, `rack:GROUP_BY:G` (legacy), `zone:LIKE:<re>`: each agent resolved
 * once, on first sight, into a record; a check is a Map lookup, two array reads and a comparison.
 * Takes the same agent objects as the library and, like it, keeps records only for agents it has seen.
 */
function uniqueGroupLikeLimit(agents, groupsWanted, like) {
  const re = new RegExp(`^(?:${like})$`);
  const records = new Map();
  const rackIds = new Map();
  const hostIds = new Map();
  const used = new Int32Array(agents.length);
  const rackCount = new Int32Array(agents.length);
  let groups = 0;
  let min = 0;
  const record = (a) => {
    const rackText = textAttribute(a, "rack");
    let rack = -1;
    if (rackText !== undefined) {
      rack = rackIds.get(rackText) ?? rackIds.size;
      rackIds.set(rackText, rack);
    }
    const host = hostIds.get(a.hostname) ?? hostIds.size;
    hostIds.set(a.hostname, host);
    const zone = textAttribute(a, "zone");
    const r = { host, rack, zoneOk: zone !== undefined && re.test(zone) };
    records.set(a, r);
    return r;
  };
  return {
    place(a) {
      const r = records.get(a) ?? record(a);
      used[r.host]++;
      if (r.rack >= 0 && rackCount[r.rack]++ === 0) groups++;
      min = 0;
      for (let i = 0; i < rackIds.size; i++) {
        const c = rackCount[i];
        if (c > 0 && (min === 0 || c < min)) min = c;
      }
    },
    accepts(a) {
      const r = records.get(a) ?? record(a);
      if (!r.zoneOk || used[r.host] !== 0 || r.rack < 0) return false;
      const k = rackCount[r.rack];
      return k === 0 || (groups >= groupsWanted && k === min);
    },
  };
}

const LIMITS = { uniqueGroupLike: uniqueGroupLikeLimit };

/**
 * @param {any} c the case data
 * @param {{ lib: Record<string, any>, smoke: boolean, log: (s: string) => void }} ctx
 */
export async function runCheck(c, ctx) {
  const { lib, smoke } = ctx;
  const sizes = smoke ? c.smoke.placed : c.placed;
  const candidateCount = smoke ? c.smoke.candidates : c.candidates;
  const marathon = marathonChecker(lib.renderScalarMarathon);
  const legacy = c.dialect === "marathon";
  const setups = [];
  // One cluster for every size: only the number of placed instances varies.
  const largest = Math.max(...sizes);
  const agents = cluster({ count: largest + candidateCount, racks: c.racks });
  // Candidates are never placed, so hostname:UNIQUE passes and every constraint gets evaluated.
  const candidates = agents.slice(largest);
  for (const n of sizes) {
    const placed = agents.slice(0, n);
    const matcher = lib.compile(c.constraints, { dialect: c.dialect });
    const state = matcher.createState({ instances: n, placed });
    const spec = runSpec("/bench/check", c.constraints, n);
    const known = placed.map((a) => launchedInstance(spec, a));
    const limit = LIMITS[c.limit](agents, ...c.limitArgs);
    for (const a of placed) limit.place(a);
    const accepted = assertAgree(`${c.name} with ${n} placed`, candidates, {
      ours: (a) => matcher.accepts(a, state),
      marathon: (a) => marathon.meetsAllConstraints(known, a, spec, legacy),
      limit: (a) => limit.accepts(a),
    });
    if (smoke) {
      // The other GROUP_BY algorithm (Marathon master) must agree with its transcription too.
      const m11 = lib.compile(c.constraints, { dialect: "marathon-1.11" });
      const s11 = m11.createState({ instances: n, placed });
      assertAgree(`${c.name} (marathon-1.11) with ${n} placed`, candidates, {
        ours: (a) => m11.accepts(a, s11),
        marathon: (a) => marathon.meetsAllConstraints(known, a, spec, false),
      });
    }
    ctx.log(`  ${c.name}: ${n} placed, ${accepted}/${candidates.length} candidates accepted, answers agree`);
    setups.push({ n, matcher, state, spec, known, limit, accepted });
  }
  const mask = candidates.length - 1;
  if ((candidates.length & mask) !== 0) throw new Error("candidate count must be a power of two");
  // All sizes in one interleaved comparison, so load changes hit every size alike.
  const variants = {};
  for (const { n, matcher, state, spec, known, limit } of setups) {
    variants[`ours@${n}`] = {
      run(iters) {
        let k = 0;
        for (let i = 0; i < iters; i++) if (matcher.accepts(candidates[i & mask], state)) k++;
        return k;
      },
    };
    variants[`limit@${n}`] = {
      run(iters) {
        let k = 0;
        for (let i = 0; i < iters; i++) if (limit.accepts(candidates[i & mask])) k++;
        return k;
      },
    };
    variants[`marathon@${n}`] = {
      run(iters) {
        let k = 0;
        for (let i = 0; i < iters; i++) {
          if (marathon.meetsAllConstraints(known, candidates[i & mask], spec, legacy)) k++;
        }
        return k;
      },
    };
  }
  const measured = compare(variants, { smoke, rounds: 25, minRounds: 9, budgetMs: 40000 });
  if (smoke) return [];
  const results = setups.map(({ n, accepted }) => ({
    n,
    accepted,
    candidates: candidates.length,
    measured: {
      ours: measured[`ours@${n}`],
      limit: measured[`limit@${n}`],
      marathon: measured[`marathon@${n}`],
    },
  }));
  return rows(c, results);
}

/** Exponent k in time ∝ size^k between two points (1: linear, 0: flat). */
function slope(timeRatio, sizeRatio) {
  return Math.log(timeRatio) / Math.log(sizeRatio);
}

function rows(c, results) {
  const out = [];
  const label = c.constraints.map((t) => t.join(":")).join(", ");
  const head = results.find((r) => r.n === c.headline);
  if (head !== undefined) {
    const { ours, marathon, limit } = head.measured;
    const vsMarathon = ratio(marathon, ours);
    const vsLimit = ours.median / limit.median;
    out.push({
      group: "check",
      scenario: `Single check (${label}), ${c.headline.toLocaleString("en-US")} placed`,
      unit: "ns",
      ours,
      baselines: [
        { name: "Marathon", measure: marathon },
        { name: "limit", measure: limit },
      ],
      ratios: [
        { label: "Marathon / ours", value: vsMarathon },
        { label: "ours / limit", value: vsLimit },
      ],
      target: `≥ ${c.targets.marathonAtLeast}x faster than Marathon; within ${c.targets.limitWithin}x of the limit`,
      met: vsMarathon >= c.targets.marathonAtLeast && vsLimit <= c.targets.limitWithin,
      notes: [
        `${head.accepted} of ${head.candidates} candidate agents accepted (checks cycle through them); dialect ${c.dialect}`,
      ],
    });
  }
  const first = results[0];
  const last = results[results.length - 1];
  for (const r of results) {
    const growthOurs = r.measured.ours.median / first.measured.ours.median;
    const growthMarathon = r.measured.marathon.median / first.measured.marathon.median;
    const isLast = r === last;
    out.push({
      group: "growth",
      scenario: `Growth: same check, ${r.n.toLocaleString("en-US")} placed`,
      unit: "ns",
      ours: r.measured.ours,
      baselines: [
        { name: "Marathon", measure: r.measured.marathon },
        { name: "limit", measure: r.measured.limit },
      ],
      ratios: [
        { label: `ours vs ours@${first.n}`, value: growthOurs },
        { label: `limit vs limit@${first.n}`, value: r.measured.limit.median / first.measured.limit.median },
        { label: `Marathon vs Marathon@${first.n}`, value: growthMarathon },
        { label: "Marathon / ours", value: ratio(r.measured.marathon, r.measured.ours) },
      ],
      target: isLast
        ? `flat: ≤ ${c.targets.growthWithin}x of ours@${first.n}; Marathon grows linearly`
        : "(growth series)",
      met: isLast
        ? growthOurs <= c.targets.growthWithin && slope(growthMarathon, r.n / first.n) >= 0.8
        : null,
      notes: isLast
        ? [
            `placed ×${(r.n / first.n).toLocaleString("en-US")}: ours ×${growthOurs.toFixed(2)}, Marathon ×${Math.round(growthMarathon).toLocaleString("en-US")} (log-log slope ${slope(growthMarathon, r.n / first.n).toFixed(2)}; 1 is linear)`,
          ]
        : [],
    });
  }
  return out;
}
