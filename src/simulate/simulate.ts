// The placement loop: Marathon's offer cycle over an inventory (rounds of offers, several launches per
// offer while resources last), compiled matchers with incremental state, and the why-not explanations.
// Pure computation: no I/O, no rendering.
import type { Agent, Resources } from "../agents/agent.js";
import { renderMarathonValue } from "../agents/render.js";
import type { Constraint } from "../ast.js";
import { AgentTable, type Matcher, safeCompile } from "../eval/index.js";
import { constraintLabel, explainUnplaced, verdictRejection } from "./explain.js";
import { type AgentRun, type AppRun, consume, D, launch, matchOffer, resourcesArray } from "./offer.js";
import type {
  AgentUsage,
  AppSummary,
  Drift,
  Placement,
  Rejection,
  SimulateOptions,
  SimulationResult,
  Spread,
  Unplaced,
  WorkloadApp,
} from "./types.js";

export { constraintLabel, summarize } from "./explain.js";

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

function compileApp(app: WorkloadApp, masterRegion: string | undefined, table: AgentTable): Matcher {
  const shared =
    masterRegion === undefined ? { agents: table } : { agents: table, localRegion: masterRegion };
  if (app.invalidConstraints !== undefined) {
    const r = safeCompile(app.invalidConstraints, { dialect: app.dialect, invalid: "reject", ...shared });
    if (r.matcher !== undefined) return r.matcher;
  }
  const all: Constraint[] = [...app.constraints, ...app.packageRules];
  const r = safeCompile(all, { dialect: app.dialect, invalid: "reject", ...shared });
  // loadWorkload drops apps whose constraints cannot be evaluated; reject-all is the safe reading otherwise.
  return r.matcher!;
}

/**
 * Simulates Marathon's offer cycle: each round offers every active agent once (in listed, seeded random
 * or rotating order); each offer launches queued instances, app by app, while resources, roles and every
 * constraint allow, re-checking constraints after each launch. Stops when everything is placed or a
 * whole round launches nothing, then explains each app with unplaced instances: agents counted per
 * reason, the closest agents, and per-agent reasons for as many agents as `explainAgents` asks.
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

  // One agent table for the whole cluster: every app's matcher reads the same rendered fields by row.
  const table = new AgentTable(options.agents);
  const runs: AppRun[] = options.apps.map((app) => {
    const matcher = compileApp(app, options.masterRegion, table);
    const reserved = app.acceptedRoles.filter((r) => r !== "*");
    const ordered = app.acceptedRoles.includes("*") ? [...reserved, "*"] : reserved;
    return {
      app,
      matcher,
      state: matcher.createState({ instances: app.instances }),
      roles: Int32Array.from(ordered, (r) => roles.id(r)),
      roleNames: ordered,
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
    run.state.placeRow(agent.index);
    run.running++;
    run.placed++;
    run.remaining = Math.max(0, run.remaining - 1);
    run.runningAgents.push(agent);
    agent.counts.set(run.app.id, (agent.counts.get(run.app.id) ?? 0) + 1);
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
        if (run.matcher.acceptsRow(agent.index, others) && run.matcher.acceptsRegion(agent.agent)) return;
        const reasons: Rejection[] = [];
        if (!run.matcher.acceptsRegion(agent.agent))
          reasons.push({ kind: "remote_region", region: agent.agent.region ?? "" });
        run.matcher.explainRow(agent.index, others).forEach((v, k) => {
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
        while (run.remaining > 0 && matchOffer(agent, run)) {
          launch(agent, run);
          run.remaining--;
          run.placed++;
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

  const explain = { agents: options.explainAgents ?? 0, nearest: options.nearest ?? 3 };
  const unplaced: Unplaced[] = [];
  for (const run of runs) {
    if (run.remaining > 0) unplaced.push(explainUnplaced(agents, run, explain));
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
