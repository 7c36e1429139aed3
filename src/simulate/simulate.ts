// The placement loop: Marathon's offer cycle over an inventory (rounds of offers, several launches per
// offer while resources last), compiled matchers with incremental state, and the why-not explanations.
// Pure computation: no I/O, no rendering.
import type { Agent, Resources } from "../agents/agent.js";
import { fieldValue } from "../agents/field-value.js";
import { renderMarathonValue } from "../agents/render.js";
import type { Constraint } from "../ast.js";
import { AgentTable, type Matcher, safeCompile } from "../eval/index.js";
import { explainAll } from "./explain.js";
import { resolveMarathonConfig } from "./marathon/config.js";
import { isCurrentVersion, offerApp } from "./marathon/match.js";
import { D, GPUS, OfferPool, RoleIndex, registerRoles } from "./marathon/pool.js";
import { type AgentRun, type AppRun, type AvoidPorts, launch, matchOffer, resourcesArray } from "./offer.js";
import { OfferQueue } from "./queue.js";
import { constraintLabel, verdictRejection } from "./summary.js";
import type {
  AgentUsage,
  AppSummary,
  Drift,
  Placement,
  Rejection,
  RunningPlacement,
  SimulateOptions,
  SimulationResult,
  Spread,
  Unplaced,
  WorkloadApp,
} from "./types.js";

export { constraintLabel, summarize } from "./summary.js";

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

function rackOf(agent: Agent): string | undefined {
  for (const name of ["rack", "rack_id", "rack-id", "rackid"]) {
    const a = agent.attributes.find((x) => x.name === name);
    if (a !== undefined) return renderMarathonValue(a);
  }
  return undefined;
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

// One collator for every spread: localeCompare with options builds a new one per comparison, which
// cost a third of simulate() on the 50,000-instance benchmark.
const NUMERIC_ORDER = new Intl.Collator("en", { numeric: true });

/** Host port numbers the workload's apps ask for by number: dynamic ports leave them alone where they can. */
function wantedPorts(apps: readonly WorkloadApp[]): Set<number> {
  const out = new Set<number>();
  for (const app of apps) for (const p of app.fixedPorts) out.add(p);
  return out;
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
  avoid: AvoidPorts,
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
    const need = p.resources ? resourcesArray(p.resources) : req.need;
    if (p.consumes !== false && !agent.pool.take(req.roles, need, undefined, 0)) counts.clamped++;
    agent.pool.heldGpus += req.need[GPUS]!;
    run.state.placeRow(agent.index);
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
  agent.counts.set(run.app.id, (agent.counts.get(run.app.id) ?? 0) + 1);
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
  run.state.placeRow(agent.index);
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
 * One offer, as Marathon's offer matcher manager hands it round: every queued app in turn gets one
 * instance; those that launched queue again, the others drop out, until no app launches or Marathon's
 * apps reach `--max_instances_per_offer` (DC/OS SDK pods are another framework's, with no such limit).
 * Returns how many instances launched.
 */
function matchOneOffer(
  agent: AgentRun,
  queue: OfferQueue,
  onlyMarathon: boolean,
  maxPerOffer: number,
  avoid: AvoidPorts,
  placements: Placement[],
  round: number,
): number {
  let launched = 0;
  let marathonLaunched = 0;
  // The first turn walks the queue only as far as the offer gets (Marathon's apps stop at the limit).
  let active: AppRun[] = [];
  queue.ask(agent);
  for (let run = queue.next(); run !== undefined; run = queue.next()) {
    if (run.offer.marathon && marathonLaunched >= maxPerOffer) {
      if (onlyMarathon) break;
      continue;
    }
    if (!matchOffer(agent, run)) continue;
    placements.push(launch(agent, run, avoid, round));
    launched++;
    if (run.offer.marathon) marathonLaunched++;
    active.push(run);
  }
  while (active.length > 0) {
    const next: AppRun[] = [];
    for (const run of active) {
      if (run.offer.marathon && marathonLaunched >= maxPerOffer) {
        if (onlyMarathon) break;
        continue;
      }
      if (run.remaining === 0) continue;
      if (!matchOffer(agent, run)) continue;
      placements.push(launch(agent, run, avoid, round));
      launched++;
      if (run.offer.marathon) marathonLaunched++;
      next.push(run);
    }
    active = next;
  }
  return launched;
}

/**
 * Simulates Marathon's offer cycle: each round offers every agent Mesos would offer once (in listed,
 * seeded random or rotating order); within an offer the queued apps take turns, one instance each,
 * through Marathon's whole offer matcher and every constraint, up to `--max_instances_per_offer`.
 * Stops when everything is placed or a whole round launches nothing, then explains each app with
 * unplaced instances: agents counted per reason, Marathon's funnel, the closest agents, and per-agent
 * reasons for as many agents as `explainAgents` asks.
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

  // One agent table for the whole cluster: every app's matcher reads the same rendered fields by row.
  const table = new AgentTable(options.agents);
  // An SDK service registers for GPUs only when one of its pods asks for one (dcos-commons).
  const gpuServices = new Set(
    options.apps.filter((a) => a.kind === "sdk-pod" && a.resources.gpus >= 1).map((a) => a.group ?? a.id),
  );
  const runs: AppRun[] = options.apps.map((app) => {
    const matcher = compileApp(app, options.masterRegion, table);
    return {
      app,
      matcher,
      state: matcher.createState({ instances: app.instances }),
      offer: offerApp(app, roles, config, gpuServices.has(app.group ?? app.id)),
      roleNames: roles.names,
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
  const counts: SeedCounts = { unknownApps: 0, unknownAgents: 0, clamped: 0, notResident: 0 };
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
  const { unknownApps, unknownAgents, clamped, notResident } = counts;
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
  if (notResident > 0)
    notes.push(
      `${notResident} reserved instance${notResident === 1 ? " belongs" : "s belong"} to an app without persistent volumes and ${notResident === 1 ? "was" : "were"} ignored`,
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
  const offerable = agents.filter((a) => !a.pool.silent);
  const random = mulberry32(options.seed ?? 1);
  let launchedTotal = 0;
  let rounds = 0;
  const queued = runs.filter((r) => r.remaining > 0);
  const queue = new OfferQueue(agents, queued, offerable);
  const queueIndex = new Map(queued.map((r, k) => [r, k]));
  let pending = queued;
  while (offerable.length > 0) {
    // An app that no agent can take at the start of a round never will: its own state (constraints,
    // reservations) changes only when it launches, and agents' resources and ports only shrink. So it
    // leaves the queue before costing a round of offers, and a round that would launch nothing is not
    // run. The exception: while some agent offers GPUs, an app that declines offers carrying GPUs
    // stays, since another app taking those GPUs opens the agent to it. Revisit this if anything else
    // ever grows as resources shrink.
    const gpusOffered = offerable.some((a) => a.pool.offeredGpus() > 0);
    pending = pending.filter(
      (r) => r.remaining > 0 && ((gpusOffered && r.offer.declinesGpus) || queue.anyTakes(queueIndex.get(r)!)),
    );
    if (pending.length === 0) break;
    queue.startRound(pending.map((r) => queueIndex.get(r)!));
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
    // When every queued app is Marathon's, an offer is done as soon as it reaches the launch limit.
    const onlyMarathon = pending.every((r) => r.offer.marathon);
    for (const agent of order) {
      if (!agent.pool.offers()) continue;
      launched += matchOneOffer(
        agent,
        queue,
        onlyMarathon,
        config.maxInstancesPerOffer,
        avoid,
        placements,
        rounds,
      );
    }
    launchedTotal += launched;
    options.onProgress?.(launchedTotal, wanted);
    pending = pending.filter((r) => r.remaining > 0);
    if (launched === 0) break;
  }

  const explain = { agents: options.explainAgents ?? 0, nearest: options.nearest ?? 3 };
  const unplaced: Unplaced[] = explainAll(agents, runs, explain, (run) => {
    const k = queueIndex.get(run);
    return k === undefined ? undefined : queue.reachOf(k);
  });

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
          .sort((x, y) => NUMERIC_ORDER.compare(x[0], y[0]))
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
