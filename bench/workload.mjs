// Deterministic synthetic clusters and workloads for the benchmarks: agents with a fault domain and
// rack/zone/disk/cores attributes, app constraint mixes, a Marathon group file. Pure data builders.

import { mulberry32 } from "../dist/simulate/simulate.js";

/** The simulator's seeded PRNG (mulberry32), so every run sees the same cluster. */
export const prng = mulberry32;

const REGIONS = ["us-east", "us-west", "eu-central"];

/**
 * `count` agents over `regions` regions × `zonesPerRegion` zones and `racks` racks (rack r sits in
 * zone r mod zones). Each agent has a fault domain, text attributes `rack`, `zone` (same as the
 * fault-domain zone) and `disk` (ssd/hdd), a scalar `cores`, and 16 cpus / 64 GB free.
 * @param {{ count: number, regions?: number, zonesPerRegion?: number, racks?: number, seed?: number }} o
 * @returns {import("../dist/index.js").Agent[]}
 */
export function cluster({ count, regions = 3, zonesPerRegion = 10, racks = 100, seed = 7 }) {
  const random = prng(seed);
  const zones = [];
  for (let r = 0; r < regions; r++) {
    for (let z = 0; z < zonesPerRegion; z++) {
      zones.push({
        region: REGIONS[r % REGIONS.length],
        zone: `${REGIONS[r % REGIONS.length]}-1${"abcdefghij"[z % 10]}${z >= 10 ? z : ""}`,
      });
    }
  }
  const agents = [];
  for (let i = 0; i < count; i++) {
    const rack = i % racks;
    const { region, zone } = zones[rack % zones.length];
    const free = { cpus: 16, mem: 65536, disk: 500000, gpus: 0, ports: 1000 };
    agents.push({
      hostname: `agent-${String(i).padStart(6, "0")}.example.com`,
      region,
      zone,
      attributes: [
        { name: "rack", text: `rack-${rack}` },
        { name: "zone", text: zone },
        { name: "disk", text: random() < 0.5 ? "ssd" : "hdd" },
        { name: "cores", scalar: random() < 0.75 ? 16 : 32 },
      ],
      resources: { total: { "*": free }, free: { "*": free } },
    });
  }
  return agents;
}

/** Constraint mixes the simulation's apps cycle through (every Marathon operator appears). */
export const APP_MIXES = [
  [["hostname", "UNIQUE"]],
  [
    ["hostname", "UNIQUE"],
    ["@zone", "GROUP_BY", "3"],
  ],
  [
    ["rack", "MAX_PER", "10"],
    ["@region", "LIKE", "us-.*"],
  ],
  [
    ["@zone", "GROUP_BY", "30"],
    ["hostname", "MAX_PER", "2"],
  ],
  [
    ["@region", "CLUSTER", "eu-central"],
    ["hostname", "UNIQUE"],
  ],
  [["rack", "CLUSTER"]],
  [
    ["disk", "UNLIKE", "hdd"],
    ["rack", "GROUP_BY", "10"],
  ],
  [
    ["cores", "IS", "16"],
    ["@zone", "MAX_PER", "20"],
  ],
  [
    ["hostname", "UNIQUE"],
    ["rack", "GROUP_BY", "3"],
    ["zone", "LIKE", "us-.*"],
  ],
  [
    ["@region", "UNLIKE", "us-west"],
    ["@zone", "GROUP_BY"],
  ],
];

/**
 * `apps` apps of `instancesEach` instances with constraints from APP_MIXES and small resource needs.
 * @param {{ apps: number, instancesEach: number, seed?: number }} o
 */
export function apps({ apps: n, instancesEach, seed = 11 }) {
  const random = prng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push({
      id: `/bench/app-${String(i).padStart(3, "0")}`,
      instances: instancesEach,
      cpus: [0.1, 0.25, 0.5][Math.floor(random() * 3)],
      mem: [128, 256, 512][Math.floor(random() * 3)],
      constraints: APP_MIXES[i % APP_MIXES.length],
    });
  }
  return out;
}

/** A mix with its numbers and patterns varied by `i`, so a group file has many distinct lists. */
function varied(mix, i) {
  return mix.map(([field, op, value]) => {
    if (value === undefined) return [field, op];
    if (op === "MAX_PER") return [field, op, String(2 + (i % 40))];
    if (op === "GROUP_BY") return [field, op, String(2 + (i % 7))];
    if (op === "LIKE") return [field, op, `${["us", "eu"][i % 2]}-.*`];
    return [field, op, value];
  });
}

/**
 * A Marathon group file with `count` apps (constraints in the array form, some with mistakes a
 * linter reports), as JSON text.
 * @param {number} count
 */
export function groupFile(count) {
  const extra = [
    [["hostname", "unique"]],
    [["rack", "GROUP_BY", "three"]],
    [["zone", "LIKE", "us-east-1[a-c"]],
    [["hostname", "UNIQUE", ""]],
  ];
  const list = [];
  for (let i = 0; i < count; i++) {
    const constraints =
      i % 10 === 9 ? extra[((i / 10) % extra.length) | 0] : varied(APP_MIXES[i % APP_MIXES.length], i);
    list.push({
      id: `/bench/team-${i % 20}/app-${i}`,
      cmd: "sleep 3600",
      instances: 1 + (i % 5),
      cpus: 0.25,
      mem: 256,
      constraints,
    });
  }
  return JSON.stringify({ id: "/bench", apps: list }, null, 2);
}
