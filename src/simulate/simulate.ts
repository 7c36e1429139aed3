// The placement loop: Marathon's offer cycle over an inventory (rounds of offers, several launches per
// offer while resources last), compiled matchers with incremental state, and the why-not explanations.
// Pure computation: no I/O, no rendering.
import type { Agent, Resources } from "../agents/agent.js";
import { renderMarathonValue } from "../agents/render.js";
import type { Constraint } from "../ast.js";
import { type Matcher, type PlacementState, safeCompile, type Verdict } from "../eval/index.js";
import { resolveMarathonConfig } from "./marathon/config.js";
import {
  inspectOffer,
  isCurrentVersion,
  type OfferApp,
  type OfferMode,
  offerApp,
  offerFits,
  offersTo,
  requestFor,
} from "./marathon/match.js";
import { D, GPUS, OfferPool, RoleIndex, registerRoles } from "./marathon/pool.js";
import { type FunnelStep, funnelSteps, type NoOfferMatchReason } from "./marathon/reasons.js";
import type {
  AgentRejection,
  AgentUsage,
  AppSummary,
  Drift,
  Placement,
  ReasonCount,
  Rejection,
  ResourceName,
  RunningPlacement,
  SimulateOptions,
  SimulationResult,
  Spread,
  Unplaced,
  WorkloadApp,
} from "./types.js";

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
  /** Free resources and host ports by role, and what Mesos and maintenance say about the agent. */
  readonly pool: OfferPool;
  readonly counts: Map<string, number>;
}

interface AppRun {
  readonly app: WorkloadApp;
  readonly matcher: Matcher;
  readonly state: PlacementState;
  /** The app as Marathon's offer matcher sees it (roles, needs, ports, GPU rules, residency). */
  readonly offer: OfferApp;
  /** Constraint index from which the package's rules start. */
  readonly packageFrom: number;
  remaining: number;
  running: number;
  placed: number;
  /** Running instances of an older configuration. */
  outdated: number;
  /** Agents of the running instances, in order (for drift). */
  readonly runningAgents: AgentRun[];
  /** Resident apps: reservations waiting for their instance, by agent index (-1: an agent not in the inventory). */
  readonly waiting: Map<number, number>;
  waitingTotal: number;
  /** The hostname behind each key of `waiting` (negative keys: agents missing from the inventory). */
  readonly waitingHosts: Map<number, string>;
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

/** How the app meets this agent's offer: resident apps launch on their reservation, or reserve, or wait. */
function modeFor(run: AppRun, agent: AgentRun): OfferMode {
  if (run.offer.reserve === undefined) return "launch";
  if ((run.waiting.get(agent.index) ?? 0) > 0) return "on-reservation";
  return run.remaining > run.waitingTotal ? "reserve" : "no-reservation";
}

/** The constraints accept one more instance here; an instance relaunched on its reservation is not counted against itself. */
function constraintsAccept(run: AppRun, agent: AgentRun, mode: OfferMode): boolean {
  if (mode !== "on-reservation") return run.matcher.accepts(agent.agent, run.state);
  run.state.remove(agent.agent);
  const ok = run.matcher.accepts(agent.agent, run.state);
  run.state.place(agent.agent);
  return ok;
}

/** Host port numbers the workload's apps ask for by number: dynamic ports leave them alone where they can. */
function wantedPorts(apps: readonly WorkloadApp[]): Set<number> {
  const out = new Set<number>();
  for (const app of apps) for (const p of app.fixedPorts) out.add(p);
  return out;
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

interface AgentExplanation {
  /** Our reasons: every check that fails. Empty: the agent could take an instance. */
  readonly reasons: Rejection[];
  /** Marathon's reasons for the agent's offer, when Marathon's matcher sees one (Marathon apps only). */
  readonly marathon: readonly NoOfferMatchReason[] | undefined;
}

/** Every reason `agent` refuses one more instance of `run` now, in our words and in Marathon's. */
function rejections(agent: AgentRun, run: AppRun, roleNames: readonly string[]): AgentExplanation {
  const a = agent.agent;
  const mode = modeFor(run, agent);
  const constraintsOk = mode === "no-reservation" || constraintsAccept(run, agent, mode);
  const inspection = inspectOffer(agent.pool, run.offer, mode, {
    constraintsOk,
    regionOk: run.matcher.acceptsRegion(a),
    roleNames,
    reservedOn: [...run.waiting].filter(([, n]) => n > 0).map(([i]) => run.waitingHosts.get(i) ?? "?"),
  });
  const reasons = [...inspection.ours];
  if (!inspection.noOffer && !constraintsOk) {
    if (mode === "on-reservation") run.state.remove(a);
    run.matcher.explain(a, run.state).forEach((v, i) => {
      if (!v.accepted)
        reasons.push(verdictRejection(v, i >= run.packageFrom && v.constraint.operator !== "INVALID"));
    });
    if (mode === "on-reservation") run.state.place(a);
  }
  return { reasons, marathon: inspection.matched ? undefined : inspection.marathon };
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
          key = `inactive${r.state === undefined ? "" : `:${r.state}`}`;
          text = () =>
            r.state === "DOWN"
              ? "are DOWN for maintenance (Mesos makes no offers for them)"
              : r.state === undefined
                ? "are inactive (Mesos makes no offers for them)"
                : `are ${r.state.toLowerCase()} (Mesos makes no offers for them)`;
          break;
        case "gpu_hidden":
          key = "gpu_hidden";
          text = () =>
            "have GPUs, and Mesos offers GPU agents only to frameworks that register for GPUs (Marathon with --enable_features gpu_resources, an SDK service that asks for a GPU)";
          break;
        case "ports":
          key = "ports";
          value = r.free;
          text = (max) => `have too few free host ports (need ${r.need}, most free ${max})`;
          break;
        case "maintenance":
          key = `maintenance:${r.draining}`;
          text = () =>
            r.draining
              ? "are about to enter a maintenance window (within --draining_seconds), so Marathon declines their offers"
              : "are in a maintenance window, so Marathon declines their offers (--maintenance_mode)";
          break;
        case "gpu_scarce":
          key = "gpu_scarce";
          text = () =>
            "are GPU agents: this app uses no GPU and Marathon keeps GPU agents for GPU work (--gpu_scheduling_behavior restricted)";
          break;
        case "reservation":
          key = "reservation";
          text = () =>
            `hold no reservation of this app: its remaining instances wait for their persistent volumes on ${r.hostnames.length === 0 ? "other agents" : r.hostnames.join(", ")}`;
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
          key = `port:${r.port}:${r.offered === false ? "absent" : "used"}`;
          text = () =>
            r.offered === false
              ? `do not offer host port ${r.port} at all`
              : `have host port ${r.port} in use`;
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

interface SeedCounts {
  unknownApps: number;
  unknownAgents: number;
  clamped: number;
  notResident: number;
}

/**
 * Records one instance already on the cluster: it holds its resources and host ports (unless the
 * inventory already subtracted them), and counts towards constraints when it runs the current
 * configuration. A resident instance that only holds its reservation waits to be relaunched there.
 */
function seedRunning(
  p: RunningPlacement,
  run: AppRun,
  byHost: ReadonlyMap<string, AgentRun>,
  byId: ReadonlyMap<string, AgentRun>,
  placements: Placement[],
  avoid: ReadonlySet<number>,
  counts: SeedCounts,
): void {
  const agent =
    (p.agentId === undefined ? undefined : byId.get(p.agentId)) ??
    (p.hostname === undefined ? undefined : byHost.get(p.hostname));
  const resident = run.offer.reserve;
  const req = resident ?? run.offer.launch;
  if (p.reserved === true) {
    if (resident === undefined) {
      counts.notResident++;
      return;
    }
    // A reservation on an agent the inventory lacks still pins its instance there: it cannot launch.
    const key = agent?.index ?? -1 - run.waitingHosts.size;
    run.waiting.set(key, (run.waiting.get(key) ?? 0) + 1);
    run.waitingHosts.set(key, agent?.agent.hostname ?? p.hostname ?? p.agentId ?? "?");
    run.waitingTotal++;
    if (agent === undefined) return;
    if (
      p.consumes !== false &&
      !agent.pool.take(req.roles, p.resources ? resourcesArray(p.resources) : req.need, undefined, 0)
    )
      counts.clamped++;
    agent.pool.heldGpus += req.need[GPUS]!;
    run.state.place(agent.agent);
    return;
  }
  if (agent === undefined) {
    counts.unknownAgents++;
    return;
  }
  let ports = p.ports;
  if (p.consumes !== false) {
    const pick =
      ports === undefined
        ? agent.pool.pickPorts(req.roles, req.fixedPorts, req.dynamicPorts, avoid)
        : { ports, roles: [] };
    ports ??= pick?.ports;
    const need = p.resources ? resourcesArray(p.resources) : req.need;
    // An instance whose ports no longer fit holds more than was free: the agent counts as full.
    const exact = agent.pool.take(req.roles, need, pick, pick === undefined ? 0 : req.dynamicPorts);
    if (!exact || pick === undefined) counts.clamped++;
  } else {
    // The inventory's free resources already exclude it; where only port counts are known, its
    // fixed ports still must not be handed out again.
    ports ??= req.fixedPorts;
    if (agent.pool.ranges === undefined) for (const port of ports) agent.pool.taken.add(port);
  }
  const shown = ports !== undefined && ports.length > 0 ? { ports } : {};
  addCount(agent, run.app.id);
  if (!isCurrentVersion(p.version, run.app.lastConfigChangeAt)) {
    run.outdated++;
    placements.push({
      appId: run.app.id,
      instance: 0,
      hostname: agent.agent.hostname,
      round: 0,
      running: true,
      outdated: true,
      ...shown,
    });
    return;
  }
  run.state.place(agent.agent);
  run.running++;
  run.placed++;
  run.remaining = Math.max(0, run.remaining - 1);
  run.runningAgents.push(agent);
  placements.push({
    appId: run.app.id,
    instance: run.placed,
    hostname: agent.agent.hostname,
    round: 0,
    running: true,
    ...shown,
  });
}

/**
 * Tries to launch one instance of `run` from `agent`'s offer: Marathon's matcher (resources, ports,
 * roles, GPUs, maintenance, reservations), the region gate and the constraints. Launches it when all
 * accept.
 */
function tryLaunch(
  agent: AgentRun,
  run: AppRun,
  avoid: ReadonlySet<number>,
  placements: Placement[],
  round: number,
): boolean {
  const pool = agent.pool;
  if (!offersTo(pool, run.offer)) return false;
  const mode = modeFor(run, agent);
  if (!offerFits(pool, run.offer, mode)) return false;
  if (!run.matcher.acceptsRegion(agent.agent)) return false;
  if (!constraintsAccept(run, agent, mode)) return false;
  let ports: readonly number[] | undefined;
  if (mode === "on-reservation") {
    // Its resources and its place in the constraint state were taken when the reservation was made.
    run.waiting.set(agent.index, run.waiting.get(agent.index)! - 1);
    run.waitingTotal--;
    pool.heldGpus = Math.max(0, pool.heldGpus - run.offer.reserve!.need[GPUS]!);
  } else {
    const req = requestFor(run.offer, mode)!;
    const pick = pool.pickPorts(req.roles, req.fixedPorts, req.dynamicPorts, avoid);
    pool.take(req.roles, req.need, pick, req.dynamicPorts);
    run.state.place(agent.agent);
    ports = pick?.ports;
  }
  run.remaining--;
  run.placed++;
  addCount(agent, run.app.id);
  placements.push({
    appId: run.app.id,
    instance: run.placed,
    hostname: agent.agent.hostname,
    round,
    ...(ports !== undefined && ports.length > 0 ? { ports } : {}),
    ...(mode === "on-reservation" ? { onReservation: true } : {}),
  });
  return true;
}

/**
 * One offer, as Marathon's offer matcher manager hands it round: every queued app in turn gets one
 * instance; those that launched queue again, the others drop out, until no app launches or Marathon's
 * apps reach `--max_instances_per_offer` (DC/OS SDK pods are another framework's, with no such limit).
 * Returns how many instances launched.
 */
function matchOneOffer(
  agent: AgentRun,
  pending: readonly AppRun[],
  maxPerOffer: number,
  avoid: ReadonlySet<number>,
  placements: Placement[],
  round: number,
): number {
  let active = pending;
  let launched = 0;
  let marathonLaunched = 0;
  while (active.length > 0) {
    const next: AppRun[] = [];
    for (const run of active) {
      if (run.remaining === 0 || (run.offer.marathon && marathonLaunched >= maxPerOffer)) continue;
      if (!tryLaunch(agent, run, avoid, placements, round)) continue;
      launched++;
      if (run.offer.marathon) marathonLaunched++;
      next.push(run);
    }
    active = next;
  }
  return launched;
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
  const config = resolveMarathonConfig(options.marathon);
  const now = options.now ?? Date.now();
  const roles = new RoleIndex();
  registerRoles(
    roles,
    options.agents,
    options.apps.flatMap((a) => a.acceptedRoles),
  );
  const roleCount = roles.names.length;

  const agents: AgentRun[] = options.agents.map((agent, index) => ({
    agent,
    index,
    pool: new OfferPool(agent, index, roles, options.maintenance, config, now),
    counts: new Map(),
  }));
  const before = agents.map((a) => a.pool.free?.slice());
  const unlimited = agents.filter((a) => a.pool.free === undefined).length;
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

  // An SDK service registers for GPUs only when one of its pods asks for one (dcos-commons).
  const gpuServices = new Set(
    options.apps.filter((a) => a.kind === "sdk-pod" && a.resources.gpus >= 1).map((a) => a.group ?? a.id),
  );
  const runs: AppRun[] = options.apps.map((app) => {
    const matcher = compileApp(app, options.masterRegion);
    return {
      app,
      matcher,
      state: matcher.createState({ instances: app.instances }),
      offer: offerApp(app, roles, config, gpuServices.has(app.group ?? app.id)),
      packageFrom: app.invalidConstraints !== undefined ? Number.POSITIVE_INFINITY : app.constraints.length,
      remaining: app.instances,
      running: 0,
      placed: 0,
      outdated: 0,
      runningAgents: [],
      waiting: new Map(),
      waitingTotal: 0,
      waitingHosts: new Map(),
    };
  });
  const runById = new Map(runs.map((r) => [r.app.id, r]));
  const placements: Placement[] = [];
  const avoid = wantedPorts(options.apps);

  // Running instances first: they hold their resources; current ones count in every state.
  const counts = { unknownApps: 0, unknownAgents: 0, clamped: 0, notResident: 0 };
  const seenTasks = new Set<string>();
  for (const p of options.running ?? []) {
    if (p.taskId !== undefined) {
      if (seenTasks.has(p.taskId)) continue;
      seenTasks.add(p.taskId);
    }
    const run = runById.get(p.appId) ?? runById.get(p.appId.startsWith("/") ? p.appId : `/${p.appId}`);
    if (run === undefined) {
      counts.unknownApps++;
      continue;
    }
    seedRunning(p, run, byHost, byId, placements, avoid, counts);
  }
  if (counts.unknownApps > 0)
    notes.push(
      `${counts.unknownApps} running instance${counts.unknownApps === 1 ? " belongs" : "s belong"} to no app in the workload and ${counts.unknownApps === 1 ? "was" : "were"} ignored`,
    );
  if (counts.unknownAgents > 0)
    notes.push(
      `${counts.unknownAgents} running instance${counts.unknownAgents === 1 ? " is" : "s are"} on agents missing from the inventory and ${counts.unknownAgents === 1 ? "was" : "were"} ignored`,
    );
  if (counts.clamped > 0)
    notes.push(
      `${counts.clamped} running instance${counts.clamped === 1 ? " holds" : "s hold"} more than its agent had free; the agent was counted as full`,
    );
  if (counts.notResident > 0)
    notes.push(
      `${counts.notResident} reserved instance${counts.notResident === 1 ? " belongs" : "s belong"} to an app without persistent volumes and ${counts.notResident === 1 ? "was" : "were"} ignored`,
    );
  for (const run of runs) {
    if (run.running > run.app.instances) {
      notes.push(
        `${run.app.id} has ${run.running} running instances but wants ${run.app.instances}: none are placed, and a scale-down would kill the extra ones`,
      );
    }
    if (run.outdated > 0) {
      notes.push(
        `${run.app.id}: ${run.outdated} running instance${run.outdated === 1 ? " runs" : "s run"} a version older than the last configuration change (${run.app.lastConfigChangeAt}); Marathon replaces ${run.outdated === 1 ? "it" : "them"}, so ${run.outdated === 1 ? "it holds" : "they hold"} resources but ${run.outdated === 1 ? "does" : "do"} not count towards constraints`,
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
  const offerable = agents.filter((a) => !a.pool.silent);
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
      if (!agent.pool.offers()) continue;
      launched += matchOneOffer(agent, pending, config.maxInstancesPerOffer, avoid, placements, rounds);
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
    const declined: (readonly NoOfferMatchReason[])[] = [];
    let candidates = 0;
    for (const agent of agents) {
      const { reasons, marathon } = rejections(agent, run, roles.names);
      if (marathon !== undefined) declined.push(marathon);
      if (reasons.length === 0) candidates++;
      else
        perAgent.push({
          hostname: agent.agent.hostname,
          reasons,
          ...(marathon === undefined ? {} : { marathon }),
        });
    }
    const first = run.placed + 1;
    const funnel: FunnelStep[] | undefined = run.offer.marathon ? funnelSteps(declined) : undefined;
    unplaced.push({
      appId: run.app.id,
      instances: Array.from({ length: run.remaining }, (_, i) => first + i),
      candidates,
      agentCount: agents.length,
      summary: summarize(perAgent),
      agents: perAgent,
      ...(funnel === undefined ? {} : { funnel }),
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
    outdated: run.outdated,
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
      hasResources: a.pool.free !== undefined,
      total: toResources(sum(a.pool.total)),
      before: toResources(sum(before[i])),
      after: toResources(sum(a.pool.free)),
      apps: [...a.counts.entries()].map(([appId, count]) => ({ appId, count })),
    };
  });

  return {
    offerOrder,
    marathon: config,
    ...(options.maintenance === undefined ? {} : { now: new Date(now).toISOString() }),
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
