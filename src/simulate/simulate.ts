// The placement loop: Marathon's offer cycle over an inventory (rounds of offers, several launches per
// offer while resources last), compiled matchers with incremental state, and the why-not explanations.
// Pure computation: no I/O, no rendering.
import type { Agent, Resources } from "../agents/agent.js";
import { renderMarathonValue } from "../agents/render.js";
import type { Constraint } from "../ast.js";
import { type Matcher, type PlacementState, safeCompile, type Verdict } from "../eval/index.js";
import type {
  AgentRejection,
  AgentUsage,
  AppSummary,
  Drift,
  Placement,
  ReasonCount,
  Rejection,
  ResourceName,
  SimulateOptions,
  SimulationResult,
  Spread,
  Unplaced,
  WorkloadApp,
} from "./types.js";

const DIMS: readonly ResourceName[] = ["cpus", "mem", "disk", "gpus", "ports"];
const D = DIMS.length;
/** Resource sums of decimals (0.1 cpus) drift in binary; comparisons allow this much. */
const EPS = 1e-9;

/** A seeded PRNG (mulberry32): the same seed gives the same offer order on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `field:OPERATOR[:value]`, as summaries show a constraint. */
export function constraintLabel(c: { field: string; operator: string; value?: string }): string {
  if (c.operator === "INVALID") return "invalid constraints";
  return c.value === undefined ? `${c.field}:${c.operator}` : `${c.field}:${c.operator}:${c.value}`;
}

interface AgentRun {
  readonly agent: Agent;
  readonly index: number;
  /** Free resources per role index, D numbers each; undefined: the inventory gave none (unlimited). */
  readonly free: Float64Array | undefined;
  readonly total: Float64Array | undefined;
  readonly ports: Set<number>;
  readonly counts: Map<string, number>;
}

interface AppRun {
  readonly app: WorkloadApp;
  readonly matcher: Matcher;
  readonly state: PlacementState;
  /** Role indexes the app may use, reserved roles first (they are used up before the shared pool). */
  readonly roles: Int32Array;
  readonly need: Float64Array;
  /** Constraint index from which the package's rules start. */
  readonly packageFrom: number;
  remaining: number;
  running: number;
  placed: number;
  /** Agents of the running instances, in order (for drift). */
  readonly runningAgents: AgentRun[];
}

function resourcesArray(r: Resources): Float64Array {
  return Float64Array.of(r.cpus, r.mem, r.disk, r.gpus, r.ports);
}

function toResources(a: ArrayLike<number>, offset = 0): Resources {
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    cpus: r(a[offset]!),
    mem: r(a[offset + 1]!),
    disk: r(a[offset + 2]!),
    gpus: r(a[offset + 3]!),
    ports: r(a[offset + 4]!),
  };
}

class RoleIndex {
  readonly names: string[] = [];
  readonly #ids = new Map<string, number>();
  id(role: string): number {
    let id = this.#ids.get(role);
    if (id === undefined) {
      id = this.names.length;
      this.#ids.set(role, id);
      this.names.push(role);
    }
    return id;
  }
}

/** Free (or total) amount of `dim` an app can use on an agent: the sum over its accepted roles. */
function usable(pool: Float64Array, roles: Int32Array, dim: number): number {
  let sum = 0;
  for (let i = 0; i < roles.length; i++) sum += pool[roles[i]! * D + dim]!;
  return sum;
}

function fits(agent: AgentRun, run: AppRun): boolean {
  const free = agent.free;
  if (free !== undefined) {
    for (let d = 0; d < D; d++) {
      const need = run.need[d]!;
      if (need > 0 && usable(free, run.roles, d) + EPS < need) return false;
    }
  }
  const fixed = run.app.fixedPorts;
  for (let i = 0; i < fixed.length; i++) if (agent.ports.has(fixed[i]!)) return false;
  return true;
}

/** Takes `need` from the agent's pools, reserved roles first; returns false when it had to clamp. */
function consume(agent: AgentRun, roles: Int32Array, need: ArrayLike<number>): boolean {
  const free = agent.free;
  if (free === undefined) return true;
  let exact = true;
  for (let d = 0; d < D; d++) {
    let left = need[d]!;
    for (let i = 0; i < roles.length && left > EPS; i++) {
      const at = roles[i]! * D + d;
      const take = Math.min(free[at]!, left);
      free[at] = Math.round((free[at]! - take) * 1e9) / 1e9;
      left -= take;
    }
    if (left > EPS) exact = false;
  }
  return exact;
}

function addCount(agent: AgentRun, appId: string): void {
  agent.counts.set(appId, (agent.counts.get(appId) ?? 0) + 1);
}

function rackOf(agent: Agent): string | undefined {
  for (const name of ["rack", "rack_id", "rack-id", "rackid"]) {
    const a = agent.attributes.find((x) => x.name === name);
    if (a !== undefined) return renderMarathonValue(a);
  }
  return undefined;
}

/** The value an agent shows for a constraint field, for spread tables. */
export function fieldValue(agent: Agent, field: string): string | undefined {
  if (field === "hostname" || field === "@hostname") return agent.hostname;
  if (field === "@region") return agent.region;
  if (field === "@zone") return agent.zone;
  const a = agent.attributes.find((x) => x.name === field);
  return a === undefined ? undefined : renderMarathonValue(a);
}

function compileApp(app: WorkloadApp, masterRegion: string | undefined): Matcher {
  const gate = masterRegion === undefined ? {} : { localRegion: masterRegion };
  if (app.invalidConstraints !== undefined) {
    const r = safeCompile(app.invalidConstraints, { dialect: app.dialect, invalid: "reject", ...gate });
    if (r.matcher !== undefined) return r.matcher;
  }
  const all: Constraint[] = [...app.constraints, ...app.packageRules];
  const r = safeCompile(all, { dialect: app.dialect, invalid: "reject", ...gate });
  // loadWorkload drops apps whose constraints cannot be evaluated; reject-all is the safe reading otherwise.
  return r.matcher!;
}

const KIND_TEXT: Readonly<Record<string, string>> = {
  missing_field: "agent lacks the field",
  value_mismatch: "value does not match",
  value_used: "value already used",
  limit_reached: "limit reached",
  group_full: "group already has its share",
  group_limit: "all groups already exist",
  groups_incomplete: "other groups must fill first",
  cluster_mismatch: "differs from the first instance",
  division_by_zero: "no positive group count",
  invalid_constraints: "the constraints are invalid",
};

const UNIT: Readonly<Record<ResourceName, string>> = {
  cpus: "",
  mem: " MB",
  disk: " MB",
  gpus: "",
  ports: "",
};

function formatAmount(resource: ResourceName, x: number): string {
  return `${Math.round(x * 1000) / 1000}${UNIT[resource]}`;
}

function verdictRejection(v: Verdict, packageRule: boolean): Rejection {
  return {
    kind: "constraint",
    constraint: constraintLabel(v.constraint),
    verdict: v.kind,
    reason: v.reason,
    packageRule,
  };
}

/** Every reason `agent` refuses one more instance of `run` now. */
function rejections(agent: AgentRun, run: AppRun, roleNames: readonly string[]): Rejection[] {
  const out: Rejection[] = [];
  const a = agent.agent;
  if (a.inactive) return [{ kind: "inactive" }];
  if (!run.matcher.acceptsRegion(a)) out.push({ kind: "remote_region", region: a.region ?? "" });
  if (agent.free !== undefined && agent.total !== undefined) {
    let any = false;
    for (let d = 0; d < D; d++) if (usable(agent.total, run.roles, d) > EPS) any = true;
    if (!any) {
      out.push({ kind: "role", roles: Array.from(run.roles, (r) => roleNames[r]!) });
    } else {
      for (let d = 0; d < D; d++) {
        const need = run.need[d]!;
        const free = usable(agent.free, run.roles, d);
        if (need > 0 && free + EPS < need) out.push({ kind: "resources", resource: DIMS[d]!, need, free });
      }
    }
  }
  for (const port of run.app.fixedPorts) if (agent.ports.has(port)) out.push({ kind: "port", port });
  run.matcher.explain(a, run.state).forEach((v, i) => {
    if (!v.accepted)
      out.push(verdictRejection(v, i >= run.packageFrom && v.constraint.operator !== "INVALID"));
  });
  return out;
}

/** Groups per-agent rejections into Kubernetes-style counts, biggest first. */
export function summarize(agents: readonly AgentRejection[]): ReasonCount[] {
  const groups = new Map<string, { count: number; text: (max: number) => string; max: number }>();
  const add = (key: string, text: (max: number) => string, value = 0) => {
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { count: 1, text, max: value });
    else {
      g.count++;
      g.max = Math.max(g.max, value);
    }
  };
  for (const a of agents) {
    const seen = new Set<string>();
    for (const r of a.reasons) {
      let key: string;
      let text: (max: number) => string;
      let value = 0;
      switch (r.kind) {
        case "inactive":
          key = "inactive";
          text = () => "are inactive (Mesos makes no offers for them)";
          break;
        case "remote_region":
          key = "remote_region";
          text = () => "are in a remote region (no @region or @zone constraint allows that)";
          break;
        case "role":
          key = `role:${r.roles.join(",")}`;
          text = () => `have no resources for role ${r.roles.join(" or ")}`;
          break;
        case "resources":
          key = `resources:${r.resource}`;
          value = r.free;
          text = (max) =>
            `have too little ${r.resource} (need ${formatAmount(r.resource, r.need)}, most free ${formatAmount(r.resource, max)})`;
          break;
        case "port":
          key = `port:${r.port}`;
          text = () => `have host port ${r.port} in use`;
          break;
        case "constraint":
          key = `constraint:${r.constraint}:${r.verdict}:${r.packageRule}`;
          text = () =>
            `rejected by ${r.constraint}${r.packageRule ? " [package rule]" : ""} (${KIND_TEXT[r.verdict] ?? r.verdict})`;
          break;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      add(key, text, value);
    }
  }
  return [...groups.entries()]
    .map(([key, g]) => ({ key, count: g.count, text: g.text(g.max) }))
    .sort((x, y) => y.count - x.count || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

/**
 * Simulates Marathon's offer cycle: each round offers every active agent once (in listed, seeded random
 * or rotating order); each offer launches queued instances, app by app, while resources, roles and every
 * constraint allow, re-checking constraints after each launch. Stops when everything is placed or a
 * whole round launches nothing, then explains each unplaced instance per agent.
 * @example simulate({ agents, apps: loadWorkload(text).apps }).complete
 */
export function simulate(options: SimulateOptions): SimulationResult {
  const offerOrder = options.offerOrder ?? "listed";
  const notes: string[] = [];
  const roles = new RoleIndex();
  roles.id("*");
  for (const a of options.agents) {
    for (const r of Object.keys(a.resources?.total ?? {})) roles.id(r);
    for (const r of Object.keys(a.resources?.free ?? {})) roles.id(r);
  }
  for (const app of options.apps) for (const r of app.acceptedRoles) roles.id(r);
  const roleCount = roles.names.length;

  const agents: AgentRun[] = options.agents.map((agent, index) => {
    let free: Float64Array | undefined;
    let total: Float64Array | undefined;
    if (agent.resources !== undefined) {
      free = new Float64Array(roleCount * D);
      total = new Float64Array(roleCount * D);
      for (const [role, r] of Object.entries(agent.resources.free))
        free.set(resourcesArray(r), roles.id(role) * D);
      for (const [role, r] of Object.entries(agent.resources.total))
        total.set(resourcesArray(r), roles.id(role) * D);
    }
    return { agent, index, free, total, ports: new Set<number>(), counts: new Map() };
  });
  const before = agents.map((a) => (a.free === undefined ? undefined : a.free.slice()));
  const unlimited = agents.filter((a) => a.free === undefined).length;
  if (unlimited > 0) {
    notes.push(
      `${unlimited} agent${unlimited === 1 ? " has" : "s have"} no resources in the inventory and ${unlimited === 1 ? "was" : "were"} treated as unlimited: only constraints limit placement there`,
    );
  }
  if (options.masterRegion === undefined && options.agents.some((a) => a.region !== undefined)) {
    notes.push(
      "the Mesos master's region is unknown, so agents in every region were used (Marathon uses only the local region unless a constraint names @region or @zone)",
    );
  }
  const byHost = new Map<string, AgentRun>();
  const byId = new Map<string, AgentRun>();
  for (const a of agents) {
    if (!byHost.has(a.agent.hostname)) byHost.set(a.agent.hostname, a);
    if (a.agent.id !== undefined && !byId.has(a.agent.id)) byId.set(a.agent.id, a);
  }

  const runs: AppRun[] = options.apps.map((app) => {
    const matcher = compileApp(app, options.masterRegion);
    const reserved = app.acceptedRoles.filter((r) => r !== "*");
    const ordered = app.acceptedRoles.includes("*") ? [...reserved, "*"] : reserved;
    return {
      app,
      matcher,
      state: matcher.createState({ instances: app.instances }),
      roles: Int32Array.from(ordered, (r) => roles.id(r)),
      need: resourcesArray(app.resources),
      packageFrom: app.invalidConstraints !== undefined ? Number.POSITIVE_INFINITY : app.constraints.length,
      remaining: app.instances,
      running: 0,
      placed: 0,
      runningAgents: [],
    };
  });
  const runById = new Map(runs.map((r) => [r.app.id, r]));
  const placements: Placement[] = [];

  // Running instances first: they count in every state and hold their resources.
  let unknownApps = 0;
  let unknownAgents = 0;
  let clamped = 0;
  const seenTasks = new Set<string>();
  for (const p of options.running ?? []) {
    if (p.taskId !== undefined) {
      if (seenTasks.has(p.taskId)) continue;
      seenTasks.add(p.taskId);
    }
    const run = runById.get(p.appId) ?? runById.get(p.appId.startsWith("/") ? p.appId : `/${p.appId}`);
    if (run === undefined) {
      unknownApps++;
      continue;
    }
    const agent =
      (p.agentId === undefined ? undefined : byId.get(p.agentId)) ??
      (p.hostname === undefined ? undefined : byHost.get(p.hostname));
    if (agent === undefined) {
      unknownAgents++;
      continue;
    }
    if (p.consumes !== false) {
      if (!consume(agent, run.roles, resourcesArray(p.resources ?? run.app.resources))) clamped++;
    }
    for (const port of run.app.fixedPorts) agent.ports.add(port);
    run.state.place(agent.agent);
    run.running++;
    run.placed++;
    run.remaining = Math.max(0, run.remaining - 1);
    run.runningAgents.push(agent);
    addCount(agent, run.app.id);
    placements.push({
      appId: run.app.id,
      instance: run.placed,
      hostname: agent.agent.hostname,
      round: 0,
      running: true,
    });
  }
  if (unknownApps > 0)
    notes.push(
      `${unknownApps} running instance${unknownApps === 1 ? " belongs" : "s belong"} to no app in the workload and ${unknownApps === 1 ? "was" : "were"} ignored`,
    );
  if (unknownAgents > 0)
    notes.push(
      `${unknownAgents} running instance${unknownAgents === 1 ? " is" : "s are"} on agents missing from the inventory and ${unknownAgents === 1 ? "was" : "were"} ignored`,
    );
  if (clamped > 0)
    notes.push(
      `${clamped} running instance${clamped === 1 ? " holds" : "s hold"} more than its agent had free; the agent was counted as full`,
    );
  for (const run of runs) {
    if (run.running > run.app.instances) {
      notes.push(
        `${run.app.id} has ${run.running} running instances but wants ${run.app.instances}: none are placed, and a scale-down would kill the extra ones`,
      );
    }
  }

  let drift: Drift[] | undefined;
  if (options.drift) {
    drift = [];
    for (const run of runs) {
      run.runningAgents.forEach((agent, i) => {
        const others = run.state.clone();
        others.remove(agent.agent);
        if (run.matcher.accepts(agent.agent, others) && run.matcher.acceptsRegion(agent.agent)) return;
        const reasons: Rejection[] = [];
        if (!run.matcher.acceptsRegion(agent.agent))
          reasons.push({ kind: "remote_region", region: agent.agent.region ?? "" });
        run.matcher.explain(agent.agent, others).forEach((v, k) => {
          if (!v.accepted)
            reasons.push(verdictRejection(v, k >= run.packageFrom && v.constraint.operator !== "INVALID"));
        });
        drift!.push({ appId: run.app.id, instance: i + 1, hostname: agent.agent.hostname, reasons });
      });
    }
  }

  const wanted = runs.reduce((n, r) => n + r.remaining, 0);
  const offerable = agents.filter((a) => !a.agent.inactive);
  const random = mulberry32(options.seed ?? 1);
  let launchedTotal = 0;
  let rounds = 0;
  let pending = runs.filter((r) => r.remaining > 0);
  while (pending.length > 0 && offerable.length > 0) {
    rounds++;
    let order: AgentRun[];
    if (offerOrder === "random") {
      order = offerable.slice();
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
    } else if (offerOrder === "round-robin") {
      const start = (rounds - 1) % offerable.length;
      order = [...offerable.slice(start), ...offerable.slice(0, start)];
    } else {
      order = offerable;
    }
    let launched = 0;
    for (const agent of order) {
      // One offer: every queued app in order, several instances each while the offer lasts.
      for (const run of pending) {
        while (
          run.remaining > 0 &&
          fits(agent, run) &&
          run.matcher.acceptsRegion(agent.agent) &&
          run.matcher.accepts(agent.agent, run.state)
        ) {
          consume(agent, run.roles, run.need);
          for (const port of run.app.fixedPorts) agent.ports.add(port);
          run.state.place(agent.agent);
          run.remaining--;
          run.placed++;
          addCount(agent, run.app.id);
          placements.push({
            appId: run.app.id,
            instance: run.placed,
            hostname: agent.agent.hostname,
            round: rounds,
          });
          launched++;
        }
      }
    }
    launchedTotal += launched;
    options.onProgress?.(launchedTotal, wanted);
    pending = pending.filter((r) => r.remaining > 0);
    if (launched === 0) break;
  }

  const unplaced: Unplaced[] = [];
  for (const run of runs) {
    if (run.remaining === 0) continue;
    const perAgent: AgentRejection[] = [];
    let candidates = 0;
    for (const agent of agents) {
      const reasons = rejections(agent, run, roles.names);
      if (reasons.length === 0) candidates++;
      else perAgent.push({ hostname: agent.agent.hostname, reasons });
    }
    const first = run.placed + 1;
    unplaced.push({
      appId: run.app.id,
      instances: Array.from({ length: run.remaining }, (_, i) => first + i),
      candidates,
      agentCount: agents.length,
      summary: summarize(perAgent),
      agents: perAgent,
    });
  }

  const apps: AppSummary[] = runs.map((run) => ({
    id: run.app.id,
    kind: run.app.kind,
    ...(run.app.group === undefined ? {} : { group: run.app.group }),
    dialect: run.app.dialect,
    wanted: run.app.instances,
    placed: run.placed,
    running: run.running,
    resources: run.app.resources,
    acceptedRoles: run.app.acceptedRoles,
    constraints:
      run.app.invalidConstraints !== undefined
        ? [`invalid: ${run.app.invalidConstraints}`]
        : run.app.constraints.map(constraintLabel),
    packageRules: run.app.packageRules.map(constraintLabel),
  }));

  const spreads: Spread[] = [];
  for (const run of runs) {
    const fields: string[] = [];
    for (const c of run.app.constraints) {
      if (c.field !== "hostname" && c.field !== "@hostname" && !fields.includes(c.field))
        fields.push(c.field);
    }
    const mine = run.state.placed;
    for (const field of fields) {
      const counts = new Map<string, number>();
      for (const agent of mine) {
        const v = fieldValue(agent, field) ?? "(none)";
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      spreads.push({
        appId: run.app.id,
        field,
        counts: [...counts.entries()]
          .sort((x, y) => x[0].localeCompare(y[0], "en", { numeric: true }))
          .map(([value, count]) => ({ value, count })),
      });
    }
  }

  const usage: AgentUsage[] = agents.map((a, i) => {
    const sum = (pool: Float64Array | undefined) => {
      const out = new Float64Array(D);
      if (pool === undefined) return out;
      for (let r = 0; r < roleCount; r++) for (let d = 0; d < D; d++) out[d]! += pool[r * D + d]!;
      return out;
    };
    const rack = rackOf(a.agent);
    return {
      hostname: a.agent.hostname,
      ...(a.agent.id === undefined ? {} : { id: a.agent.id }),
      ...(a.agent.region === undefined ? {} : { region: a.agent.region }),
      ...(a.agent.zone === undefined ? {} : { zone: a.agent.zone }),
      ...(rack === undefined ? {} : { rack }),
      public: a.agent.public === true,
      inactive: a.agent.inactive === true,
      hasResources: a.free !== undefined,
      total: toResources(sum(a.total)),
      before: toResources(sum(before[i])),
      after: toResources(sum(a.free)),
      apps: [...a.counts.entries()].map(([appId, count]) => ({ appId, count })),
    };
  });

  return {
    offerOrder,
    ...(offerOrder === "random" ? { seed: options.seed ?? 1 } : {}),
    rounds,
    complete: unplaced.length === 0,
    apps,
    placements,
    unplaced,
    spreads,
    agents: usage,
    ...(drift === undefined ? {} : { drift }),
    notes,
  };
}
