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

/**
 * Apps that cannot place all their instances: `hostname:UNIQUE` inside one rack (`rack:LIKE:rack-K`,
 * `perRack` agents), with `perRack + extra` instances each, so `extra` of each stay unplaced.
 * @param {{ count: number, racks?: number, perRack: number, extra: number }} o
 */
export function stuckApps({ count, racks = 100, perRack, extra }) {
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push({
      id: `/bench/stuck-${String(i).padStart(3, "0")}`,
      instances: perRack + extra,
      cpus: 0.01,
      mem: 16,
      constraints: [
        ["hostname", "UNIQUE"],
        ["rack", "LIKE", `rack-${i % racks}`],
      ],
    });
  }
  return out;
}

/**
 * A Mesos `/master/state` document for `agents` agents (about 5 KB each: attributes, resources by
 * role, a fault domain) with `tasksPerAgent` running Marathon tasks each, as JSON text.
 * @param {{ agents: number, tasksPerAgent?: number, seed?: number }} o
 */
export function mesosStateText({ agents: n, tasksPerAgent = 4, seed = 5 }) {
  const random = prng(seed);
  const slaves = [];
  const tasks = [];
  for (let i = 0; i < n; i++) {
    const id = `4a0c5ad3-0a8c-4b53-9a5c-${String(i).padStart(12, "0")}-S${i}`;
    const region = REGIONS[i % REGIONS.length];
    const zone = `${region}-1${"abc"[i % 3]}`;
    const res = {
      disk: 409600,
      mem: 65536,
      gpus: 0,
      cpus: 16,
      ports: "[1025-2180, 2182-3887, 3889-5049, 5052-8079, 8082-8180, 8182-32000]",
    };
    slaves.push({
      id,
      hostname: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      port: 5051,
      pid: `slave(1)@10.0.0.${i & 255}:5051`,
      registered_time: 1700000000 + i,
      reregistered_time: 1700000100 + i,
      domain: { fault_domain: { region: { name: region }, zone: { name: zone } } },
      resources: res,
      used_resources: {
        disk: 0,
        mem: 4096 * tasksPerAgent,
        gpus: 0,
        cpus: tasksPerAgent,
        ports: "[10000-10003]",
      },
      offered_resources: { disk: 0, mem: 0, gpus: 0, cpus: 0 },
      reserved_resources: {},
      unreserved_resources: res,
      attributes: {
        rack: `rack-${i % 100}`,
        zone,
        disk: random() < 0.5 ? "ssd" : "hdd",
        cores: random() < 0.75 ? 16 : 32,
        instance_type: random() < 0.5 ? "m5.4xlarge" : "r5.4xlarge",
        kernel: "5.10.0-28-cloud-amd64",
      },
      active: true,
      deactivated: false,
      version: "1.11.0",
      capabilities: [
        "MULTI_ROLE",
        "HIERARCHICAL_ROLE",
        "RESERVATION_REFINEMENT",
        "RESOURCE_PROVIDER",
        "RESIZE_VOLUME",
        "AGENT_OPERATION_FEEDBACK",
        "AGENT_DRAINING",
        "TASK_RESOURCE_LIMITS",
      ],
      reserved_resources_full: {},
      unreserved_resources_full: [
        {
          name: "ports",
          type: "RANGES",
          ranges: {
            range: [
              { begin: 1025, end: 2180 },
              { begin: 2182, end: 32000 },
            ],
          },
          role: "*",
        },
        { name: "disk", type: "SCALAR", scalar: { value: 409600 }, role: "*" },
        { name: "cpus", type: "SCALAR", scalar: { value: 16 }, role: "*" },
        { name: "mem", type: "SCALAR", scalar: { value: 65536 }, role: "*" },
      ],
      used_resources_full: [],
      offered_resources_full: [],
    });
    for (let t = 0; t < tasksPerAgent; t++) {
      const app = `team-${(i * tasksPerAgent + t) % 50}_service-${t}`;
      tasks.push({
        id: `${app}.instance-${String(i).padStart(8, "0")}-aaaa-bbbb-cccc-${String(t).padStart(12, "0")}._app.1`,
        name: app.replace("_", "."),
        framework_id: "fw-marathon-0001",
        executor_id: "",
        slave_id: id,
        agent_id: id,
        state: "TASK_RUNNING",
        resources: { disk: 0, mem: 4096, gpus: 0, cpus: 1, ports: `[${10000 + t}-${10000 + t}]` },
        role: "*",
        statuses: [
          {
            state: "TASK_RUNNING",
            timestamp: 1700000200.5,
            container_status: {
              network_infos: [{ ip_addresses: [{ protocol: "IPv4", ip_address: "10.0.0.1" }] }],
            },
          },
        ],
        labels: [{ key: "DCOS_SPACE", value: `/${app.replace("_", "/")}` }],
        discovery: {
          visibility: "FRAMEWORK",
          name: app,
          ports: { ports: [{ number: 10000 + t, name: "http", protocol: "tcp" }] },
        },
      });
    }
  }
  return JSON.stringify({
    version: "1.11.0",
    hostname: "master.mesos",
    domain: { fault_domain: { region: { name: REGIONS[0] }, zone: { name: `${REGIONS[0]}-1a` } } },
    activated_slaves: n,
    slaves,
    frameworks: [{ id: "fw-marathon-0001", name: "marathon", role: "*", active: true, tasks }],
  });
}

/**
 * A Marathon group of `count` apps (about 2 KB each: env, labels, health checks, port definitions,
 * constraints), as JSON text: the large-workload case.
 * @param {number} count
 */
export function largeGroupText(count) {
  const apps = [];
  for (let i = 0; i < count; i++) {
    const mix = APP_MIXES[i % APP_MIXES.length];
    apps.push({
      id: `/bench/team-${i % 50}/service-${i}`,
      cmd: `exec /opt/service/bin/run --port $PORT0 --name service-${i} --log-level info`,
      instances: 1 + (i % 5),
      cpus: 0.25,
      mem: 256,
      disk: 0,
      constraints: varied(mix, i),
      acceptedResourceRoles: ["*"],
      env: Object.fromEntries(
        Array.from({ length: 12 }, (_, k) => [`SERVICE_SETTING_${k}`, `value-${i}-${k}-abcdefghij`]),
      ),
      labels: {
        HAPROXY_GROUP: "external",
        HAPROXY_0_VHOST: `service-${i}.example.com`,
        owner: `team-${i % 50}`,
      },
      portDefinitions: [
        { port: 0, protocol: "tcp", name: "http" },
        { port: 0, protocol: "tcp", name: "admin" },
      ],
      healthChecks: [
        {
          protocol: "MESOS_HTTP",
          path: "/health",
          portIndex: 0,
          gracePeriodSeconds: 300,
          intervalSeconds: 60,
          timeoutSeconds: 20,
          maxConsecutiveFailures: 3,
        },
      ],
      upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
      fetch: [
        {
          uri: `https://artifacts.example.com/service-${i}.tgz`,
          extract: true,
          executable: false,
          cache: false,
        },
      ],
    });
  }
  return JSON.stringify({ id: "/bench", apps }, null, 2);
}
