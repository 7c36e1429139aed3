// Small builders for simulator tests: agents with resources, apps from tuples.
import type { Agent, Attribute } from "../../src/agents/agent.js";
import type { Constraint, ConstraintTuple, Dialect } from "../../src/ast.js";
import type { WorkloadApp } from "../../src/simulate/types.js";
import { constraintsFromTuples } from "../../src/syntax/parse.js";

export interface AgentSpec {
  zone?: string;
  region?: string;
  rack?: string;
  attrs?: Record<string, string | number>;
  cpus?: number;
  mem?: number;
  disk?: number;
  ports?: number;
  gpus?: number;
  /** Host port ranges (free and total), like `[[31000, 31009]]`; then `ports` is their count. */
  portRanges?: readonly (readonly [number, number])[];
  public?: boolean;
  inactive?: boolean;
  noResources?: boolean;
}

/** An agent with resources (8 cpus, 32 GB, 100 GB disk, 1000 ports unless given). */
export function agent(hostname: string, spec: AgentSpec = {}): Agent {
  const attributes: Attribute[] = [];
  if (spec.rack !== undefined) attributes.push({ name: "rack", text: spec.rack });
  for (const [name, v] of Object.entries(spec.attrs ?? {})) {
    attributes.push(typeof v === "number" ? { name, scalar: v } : { name, text: v });
  }
  const ranges = spec.portRanges;
  const r = {
    cpus: spec.cpus ?? 8,
    mem: spec.mem ?? 32768,
    disk: spec.disk ?? 100000,
    gpus: spec.gpus ?? 0,
    ports: ranges === undefined ? (spec.ports ?? 1000) : ranges.reduce((n, [b, e]) => n + e - b + 1, 0),
  };
  const role = spec.public ? "slave_public" : "*";
  const portRanges =
    ranges === undefined ? {} : { portRanges: { total: { [role]: ranges }, free: { [role]: ranges } } };
  const zone = spec.zone;
  return {
    hostname,
    ...(zone === undefined ? {} : { region: spec.region ?? "r1", zone }),
    attributes,
    ...(spec.noResources ? {} : { resources: { total: { [role]: r }, free: { [role]: r }, ...portRanges } }),
    ...(spec.public ? { public: true } : {}),
    ...(spec.inactive ? { inactive: true } : {}),
  };
}

export interface AppSpec {
  instances?: number;
  cpus?: number;
  mem?: number;
  disk?: number;
  ports?: number;
  constraints?: readonly ConstraintTuple[];
  dialect?: Dialect;
  roles?: readonly string[];
  packageRules?: readonly ConstraintTuple[];
  fixedPorts?: readonly number[];
  gpus?: number;
  kind?: WorkloadApp["kind"];
  group?: string;
  gpuSchedulingBehavior?: "restricted" | "unrestricted";
  lastConfigChangeAt?: string;
  persistentDisk?: number;
}

function constraints(tuples: readonly ConstraintTuple[], dialect: Dialect): readonly Constraint[] {
  if (tuples.length === 0) return [];
  const parsed = constraintsFromTuples(tuples, { dialect });
  if (!parsed.ok) throw new Error(`bad test constraints: ${JSON.stringify(parsed.diagnostics)}`);
  return parsed.constraints;
}

/** A workload app (1 instance, 1 cpu, 128 MB unless given). */
export function app(id: string, spec: AppSpec = {}): WorkloadApp {
  const dialect = spec.dialect ?? "marathon";
  return {
    id,
    kind: spec.kind ?? "app",
    instances: spec.instances ?? 1,
    resources: {
      cpus: spec.cpus ?? 1,
      mem: spec.mem ?? 128,
      disk: spec.disk ?? 0,
      gpus: spec.gpus ?? 0,
      ports: spec.ports ?? 0,
    },
    ...(spec.group === undefined ? {} : { group: spec.group }),
    ...(spec.gpuSchedulingBehavior === undefined
      ? {}
      : { gpuSchedulingBehavior: spec.gpuSchedulingBehavior }),
    ...(spec.lastConfigChangeAt === undefined ? {} : { lastConfigChangeAt: spec.lastConfigChangeAt }),
    ...(spec.persistentDisk === undefined ? {} : { persistentDisk: spec.persistentDisk }),
    fixedPorts: spec.fixedPorts ?? [],
    constraints: constraints(spec.constraints ?? [], dialect),
    packageRules: constraints(spec.packageRules ?? [], dialect),
    dialect,
    acceptedRoles: spec.roles ?? ["*"],
  };
}

/**
 * A cluster of `agents` agents over `zones` zones and `racks` racks, with `placing` apps that fit and
 * `stuck` apps that cannot (hostname:UNIQUE inside one rack, with `extra` more instances than it has
 * agents): the shape of the large-cluster cases, small enough for the suite.
 */
export function largeScenario(o: {
  agents: number;
  racks: number;
  zones: number;
  placing: number;
  stuck: number;
  extra: number;
}) {
  const agents: Agent[] = [];
  for (let i = 0; i < o.agents; i++) {
    const rack = i % o.racks;
    agents.push(
      agent(`10.${(i >> 8) & 255}.${i & 255}.${rack}`, {
        zone: `zone-${rack % o.zones}`,
        region: "r1",
        rack: `rack-${rack}`,
        cpus: 16,
        mem: 65536,
      }),
    );
  }
  const mixes: (readonly ConstraintTuple[])[] = [
    [["hostname", "MAX_PER", "3"]],
    [["rack", "GROUP_BY", String(o.racks)]],
    [["@zone", "MAX_PER", String(Math.ceil(o.agents / o.zones))]],
    [["@zone", "GROUP_BY"]],
  ];
  const apps: WorkloadApp[] = [];
  for (let i = 0; i < o.placing; i++) {
    apps.push(
      app(`/team-${i % 5}/web-${i}`, {
        instances: 10 + (i % 7) * 5,
        cpus: 0.1,
        mem: 64,
        constraints: mixes[i % mixes.length]!,
      }),
    );
  }
  const perRack = Math.ceil(o.agents / o.racks);
  for (let i = 0; i < o.stuck; i++) {
    apps.push(
      app(`/batch/stuck-${i}`, {
        instances: perRack + o.extra,
        cpus: 0.01,
        mem: 16,
        constraints: [
          ["hostname", "UNIQUE"],
          ["rack", "LIKE", `rack-${i % o.racks}`],
        ],
      }),
    );
  }
  return { agents, apps };
}
