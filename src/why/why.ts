// Explains every waiting deployment: simulates the next offer round on the live state with simulate()
// (no placement loop of its own), compares it with Marathon's offer counters, picks a verdict, and
// re-runs the simulation with one change at a time to say what would change the outcome. Pure.
import type { Agent } from "../agents/agent.js";
import { fieldValue } from "../agents/field-value.js";
import type { Constraint } from "../ast.js";
import type { QueueEntry } from "../cluster/marathon-queue.js";
import type { ClusterSnapshot } from "../cluster/snapshot.js";
import { safeCompile } from "../eval/index.js";
import { isCurrentVersion } from "../simulate/marathon/match.js";
import { REASON_FUNNEL } from "../simulate/marathon/reasons.js";
import { constraintLabel, simulate } from "../simulate/simulate.js";
import { formatAmount } from "../simulate/summary.js";
import type {
  AgentRejection,
  Rejection,
  ResourceName,
  RunningPlacement,
  SimulateOptions,
  SimulationResult,
  Unplaced,
  WorkloadApp,
} from "../simulate/types.js";
import { formatDuration } from "./report-text.js";
import type { FunnelRow, WaitingApp, WhyReport, WhySuggestion, WhyVerdict } from "./types.js";

export interface WhyOptions {
  readonly snapshot: ClusterSnapshot;
  /** Only these apps or pods (`/prod/web` or `prod/web`); default every one in the queue. */
  readonly appIds?: readonly string[];
  /** The snapshot's clock, in ms since 1970 (default now): waiting durations count up to it. */
  readonly now?: number;
}

/** Re-runs allowed per waiting app for suggestions: keeps `why` quick on big clusters. */
const MAX_RERUNS = 40;

/** A constraint made here, not read from a file: its spans point nowhere. */
const FIELDLESS = {
  span: { start: 0, end: 0 },
  fieldSpan: { start: 0, end: 0 },
  operatorSpan: { start: 0, end: 0 },
} as const;

function normalizeId(id: string): string {
  return id.startsWith("/") ? id : `/${id}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function sameApp(app: WorkloadApp, changes: Partial<WorkloadApp>): WorkloadApp {
  return { ...app, ...changes } as WorkloadApp;
}

interface Context {
  readonly snapshot: ClusterSnapshot;
  readonly apps: readonly WorkloadApp[];
  readonly running: readonly RunningPlacement[];
  /** The next offer round as simulated on the unchanged state. */
  readonly base: SimulationResult;
  readonly options: SharedOptions;
}

type SharedOptions = Pick<SimulateOptions, "masterRegion" | "now" | "marathon" | "maintenance">;

/**
 * Waiting instances of `target` that a simulation places, with `app` standing in for it and extra
 * agents. The other apps keep what the unchanged round gave them (as running instances holding their
 * resources), so a re-run places only the target: one app's suggestions cost one app's loop.
 * `only`: the target alone, nothing else in the cluster (constraints-only questions).
 */
function placedWith(
  ctx: Context,
  target: string,
  change: {
    app?: WorkloadApp;
    agents?: readonly Agent[];
    running?: readonly RunningPlacement[];
    only?: boolean;
    /** Keep every refusing agent's reasons in the result (for naming constraints). */
    explain?: boolean;
  } = {},
): { placed: number; result: SimulationResult } {
  const mine = change.app ?? ctx.apps.find((a) => a.id === target)!;
  let apps: WorkloadApp[];
  let running: readonly RunningPlacement[];
  if (change.only === true) {
    apps = [mine];
    running = (change.running ?? ctx.running).filter((p) => p.appId === target);
  } else {
    const placed = new Map(ctx.base.apps.map((a) => [a.id, a.placed]));
    apps = ctx.apps.map((a) => (a.id === target ? mine : sameApp(a, { instances: placed.get(a.id) ?? 0 })));
    running = [
      ...(change.running ?? ctx.running),
      ...ctx.base.placements
        .filter((p) => p.running !== true && p.appId !== target)
        .map((p) => ({ appId: p.appId, hostname: p.hostname })),
    ];
  }
  const result = simulate({
    ...ctx.options,
    agents: change.agents ?? ctx.snapshot.agents,
    apps,
    running,
    ...(change.explain === true ? { explainAgents: Number.POSITIVE_INFINITY } : {}),
  });
  const s = result.apps.find((a) => a.id === target);
  return { placed: s === undefined ? 0 : s.placed - s.running, result };
}

/**
 * The smallest n in [lo, hi] with which `run` places every waiting instance (binary search: more of
 * the change never places fewer), or hi and what it places when none does.
 */
function smallest(
  lo: number,
  hi: number,
  waiting: number,
  run: (n: number) => number,
): { n: number; places: number } {
  const top = run(hi);
  if (top < waiting) return { n: hi, places: top };
  let found = { n: hi, places: top };
  let low = lo;
  let high = hi - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const places = run(mid);
    if (places >= waiting) {
      found = { n: mid, places };
      high = mid - 1;
    } else low = mid + 1;
  }
  return found;
}

function reasonsByHost(u: Unplaced | undefined): Map<string, readonly Rejection[]> {
  return new Map((u?.agents ?? []).map((a: AgentRejection) => [a.hostname, a.reasons]));
}

/** Constraint labels named by rejections, most agents first. */
function constraintsNamed(u: Unplaced | undefined): string[] {
  const counts = new Map<string, number>();
  for (const a of u?.agents ?? []) {
    const seen = new Set<string>();
    for (const r of a.reasons) {
      if (r.kind !== "constraint" || seen.has(r.constraint)) continue;
      seen.add(r.constraint);
      counts.set(r.constraint, (counts.get(r.constraint) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((x, y) => y[1] - x[1]).map(([c]) => c);
}

function describeOr(values: readonly string[], max = 4): string {
  const shown = values.slice(0, max);
  const more = values.length > max ? ` or ${values.length - max} more` : "";
  if (shown.length <= 1) return `${shown.join("")}${more}`;
  return `${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}${more}`;
}

/**
 * Explains each waiting app or pod in Marathon's queue: how long and how many, back-off, Marathon's
 * decline counts beside our simulation of the next offer round (running instances count towards
 * constraints; the Mesos state already holds their resources), a verdict, and changes that would place
 * the rest, each measured by re-running the simulation.
 * @example why({ snapshot: loadClusterSnapshot({ queue, apps, state }) }).waiting[0]?.verdict.text
 */
export function why(options: WhyOptions): WhyReport {
  const { snapshot } = options;
  const now = options.now ?? Date.now();
  const wanted =
    options.appIds === undefined || options.appIds.length === 0 ? undefined : options.appIds.map(normalizeId);
  const queue = snapshot.queue;
  const selected = wanted === undefined ? queue : queue.filter((q) => wanted.includes(q.id));
  const notWaiting = (wanted ?? []).filter((id) => !queue.some((q) => q.id === id));
  const known = new Set<string>();
  for (const a of snapshot.agents) {
    known.add(`h:${a.hostname}`);
    if (a.id !== undefined) known.add(`i:${a.id}`);
  }
  const byId = new Map(snapshot.apps.map((a) => [a.id, a]));
  const runningOf = new Map<string, number>();
  const seenTasks = new Set<string>();
  for (const p of snapshot.running) {
    if (p.taskId !== undefined) {
      if (seenTasks.has(p.taskId)) continue;
      seenTasks.add(p.taskId);
    }
    const onKnown =
      (p.agentId !== undefined && known.has(`i:${p.agentId}`)) ||
      (p.hostname !== undefined && known.has(`h:${p.hostname}`));
    // Reserved instances wait to be relaunched and outdated ones are being replaced: neither counts.
    const current = isCurrentVersion(p.version, byId.get(p.appId)?.lastConfigChangeAt);
    if (onKnown && current && p.reserved !== true) runningOf.set(p.appId, (runningOf.get(p.appId) ?? 0) + 1);
  }
  const queued = new Map(queue.map((q) => [q.id, q]));
  // The next offer round: queued apps want what runs plus what waits. Others place nothing; those with
  // fixed host ports stay in, since their running instances hold those ports.
  const apps: WorkloadApp[] = [];
  for (const q of queue) {
    const app = byId.get(q.id);
    if (app !== undefined) apps.push(sameApp(app, { instances: (runningOf.get(q.id) ?? 0) + q.count }));
  }
  for (const app of snapshot.apps) {
    if (!queued.has(app.id) && app.fixedPorts.length > 0 && (runningOf.get(app.id) ?? 0) > 0)
      apps.push(sameApp(app, { instances: runningOf.get(app.id) ?? 0 }));
  }
  const ids = new Set(apps.map((a) => a.id));
  const running = snapshot.running.filter((p) => ids.has(p.appId));
  // Every refusing agent's reasons: the funnel and the verdict read them agent by agent.
  // Marathon's switches, the maintenance windows and the clock apply to every simulation alike.
  const shared: SharedOptions = {
    masterRegion: snapshot.masterRegion,
    now,
    ...(snapshot.marathon === undefined ? {} : { marathon: snapshot.marathon }),
    ...(snapshot.maintenance === undefined ? {} : { maintenance: snapshot.maintenance }),
  };
  const base = simulate({
    ...shared,
    agents: snapshot.agents,
    apps,
    running,
    explainAgents: Number.POSITIVE_INFINITY,
  });
  const ctx: Context = { snapshot, apps, running, base, options: shared };
  const unknown = selected.filter((q) => !byId.has(q.id)).map((q) => q.id);

  const waiting: WaitingApp[] = [];
  for (const entry of selected) {
    const app = apps.find((a) => a.id === entry.id);
    if (app === undefined) continue;
    waiting.push(explainOne(ctx, base, entry, app, now));
  }
  return {
    at: new Date(now).toISOString(),
    waiting,
    notWaiting,
    unknown,
    simulation: base,
    notes: [...snapshot.notes],
  };
}

function explainOne(
  ctx: Context,
  base: SimulationResult,
  entry: QueueEntry,
  app: WorkloadApp,
  now: number,
): WaitingApp {
  const summary = base.apps.find((a) => a.id === app.id)!;
  const running = summary.running;
  const placedNext = summary.placed - summary.running;
  const u = base.unplaced.find((x) => x.appId === app.id);
  const funnel = buildFunnel(entry, u);
  const analysis = analyse(ctx, app, entry, u, running, placedNext);
  const backoff =
    entry.delay !== undefined && !entry.delay.overdue && entry.delay.timeLeftSeconds > 0
      ? {
          kind: "held_by_backoff" as const,
          text: `held by launch back-off for another ${formatDuration(entry.delay.timeLeftSeconds)} after failed launches (DELETE /v2/queue/${app.id.slice(1)}/delay ends it)`,
        }
      : undefined;
  const since = entry.since === undefined ? Number.NaN : Date.parse(entry.since);
  const offers = entry.offers;
  return {
    id: app.id,
    kind: entry.kind,
    waiting: entry.count,
    running,
    ...(entry.since === undefined ? {} : { since: entry.since }),
    ...(Number.isFinite(since) ? { waitingSeconds: Math.max(0, Math.round((now - since) / 1000)) } : {}),
    ...(entry.delay === undefined ? {} : { delay: entry.delay }),
    ...(entry.role === undefined ? {} : { role: entry.role }),
    verdict: backoff ?? analysis.verdict,
    ...(backoff === undefined ? {} : { afterBackoff: analysis.verdict }),
    placedNext,
    funnel,
    ...(offers === undefined
      ? {}
      : {
          offers: {
            processed: offers.processedOffersCount,
            unused: offers.unusedOffersCount,
            ...(offers.lastUnusedOfferAt === undefined ? {} : { lastUnusedAt: offers.lastUnusedOfferAt }),
            ...(offers.lastUsedOfferAt === undefined ? {} : { lastUsedAt: offers.lastUsedOfferAt }),
          },
        }),
    disagreements: disagreements(ctx.snapshot.agents, entry, funnel, u, placedNext, backoff !== undefined),
    suggestions: analysis.suggestions,
    ...(u === undefined ? {} : { unplaced: u }),
  };
}

/** Marathon's last-offer funnel beside the simulation's own (Marathon's matcher over our agents). */
function buildFunnel(entry: QueueEntry, u: Unplaced | undefined): FunnelRow[] {
  const ours = new Map((u?.funnel ?? []).map((s) => [s.reason as string, s]));
  const theirs = new Map((entry.offers?.rejectSummaryLastOffers ?? []).map((s) => [s.reason, s]));
  const known = REASON_FUNNEL as readonly string[];
  const names = [...known, ...[...theirs.keys()].filter((k) => !known.includes(k))];
  return names.map((reason) => {
    const m = theirs.get(reason);
    const o = ours.get(reason);
    return {
      reason,
      ...(m === undefined ? {} : { marathon: { declined: m.declined, processed: m.processed } }),
      ...(u?.funnel === undefined
        ? {}
        : { ours: { declined: o?.declined ?? 0, processed: o?.processed ?? 0 } }),
    };
  });
}

/**
 * Marathon's last unused offers name every reason an agent's offer failed; where one says a constraint
 * failed and we find none on that agent, or the reverse, the two disagree about that agent.
 */
function agentDisagreements(entry: QueueEntry, u: Unplaced, agents: readonly Agent[]): string[] {
  const reasons = reasonsByHost(u);
  const hostOf = new Map(agents.flatMap((a) => (a.id === undefined ? [] : [[a.id, a.hostname] as const])));
  const known = new Set(agents.map((a) => a.hostname));
  const theyOnly: string[] = [];
  const weOnly: string[] = [];
  for (const offer of entry.lastUnusedOffers ?? []) {
    const host = offer.hostname ?? (offer.agentId === undefined ? undefined : hostOf.get(offer.agentId));
    if (host === undefined || !known.has(host) || offer.reasons.length === 0) continue;
    const ours = (reasons.get(host) ?? []).some((r) => r.kind === "constraint");
    const theirs = offer.reasons.includes("UnfulfilledConstraint");
    if (theirs && !ours) theyOnly.push(host);
    if (ours && !theirs) weOnly.push(host);
  }
  const out: string[] = [];
  if (theyOnly.length > 0)
    out.push(
      `Marathon's last offer from ${describeOr(theyOnly, 3)} failed a constraint, but no constraint refuses ${theyOnly.length === 1 ? "that agent" : "those agents"} in our simulation: a bug in one of us, or a stale snapshot`,
    );
  if (weOnly.length > 0)
    out.push(
      `a constraint refuses ${describeOr(weOnly, 3)} in our simulation, but Marathon's last offer from ${weOnly.length === 1 ? "it" : "them"} passed every constraint: a bug in one of us, or a stale snapshot`,
    );
  return out;
}

function disagreements(
  agents: readonly Agent[],
  entry: QueueEntry,
  funnel: readonly FunnelRow[],
  u: Unplaced | undefined,
  placedNext: number,
  backoff: boolean,
): string[] {
  const out: string[] = [];
  const offers = entry.offers;
  const last = offers?.rejectSummaryLastOffers;
  const row = (reason: string) => funnel.find((r) => r.reason === reason);
  if (last !== undefined && last.length > 0 && (last[0]?.processed ?? 0) > 0) {
    const seen = last[0]!.processed;
    const declined = last.reduce((n, s) => n + s.declined, 0);
    const constraint = row("UnfulfilledConstraint");
    const role = row("UnfulfilledRole");
    if ((constraint?.marathon?.declined ?? 0) > 0 && (constraint!.ours?.declined ?? -1) === 0) {
      out.push(
        `Marathon declined ${plural(constraint!.marathon!.declined, "offer")} for UnfulfilledConstraint, but in our simulation every constraint passes on every agent that offers: a bug in one of us, or a stale snapshot`,
      );
    } else if ((constraint?.ours?.declined ?? 0) > 0 && (constraint?.marathon?.declined ?? -1) === 0) {
      const named = constraintsNamed(u);
      out.push(
        `our simulation finds ${plural(constraint!.ours!.declined, "agent")} refusing for a constraint${named.length > 0 ? ` (${named.slice(0, 2).join(", ")})` : ""}, but Marathon's last offers never stopped at a constraint: a bug in one of us, or a stale snapshot`,
      );
    }
    if ((role?.marathon?.declined ?? 0) > 0 && (role!.ours?.declined ?? -1) === 0) {
      out.push(
        `Marathon declined ${plural(role!.marathon!.declined, "offer")} for UnfulfilledRole, but our simulation finds resources for its roles on every agent that offers: the snapshot may be stale`,
      );
    }
    if (u === undefined && placedNext > 0 && declined >= seen) {
      const top = [...last].sort((a, b) => b.declined - a.declined)[0];
      out.push(
        `our simulation places ${placedNext === 1 ? "its waiting instance" : `all ${placedNext} waiting instances`} on this snapshot, but Marathon declined the last offer of every agent it heard from${top && top.declined > 0 ? ` (most for ${top.reason})` : ""}: resources may have changed since, or one of us is wrong`,
      );
    }
  }
  // Agent by agent, unless the counts already said that the two disagree about constraints.
  if (out.length === 0 && u !== undefined) out.push(...agentDisagreements(entry, u, agents));
  if (!backoff && offers !== undefined && offers.processedOffersCount === 0 && placedNext > 0) {
    out.push(
      "Marathon has processed no offers for it in this launch attempt, though our simulation places instances: Mesos is not sending offers to Marathon (its role's quota or weight, or another framework holding them)",
    );
  }
  return out;
}

interface Analysis {
  readonly verdict: WhyVerdict;
  readonly suggestions: WhySuggestion[];
}

function analyse(
  ctx: Context,
  app: WorkloadApp,
  entry: QueueEntry,
  u: Unplaced | undefined,
  running: number,
  placedNext: number,
): Analysis {
  const waiting = entry.count;
  if (u === undefined || placedNext >= waiting) {
    return {
      verdict: {
        kind: "deploying_normally",
        text:
          waiting === 0
            ? "deploying normally: nothing is left to launch (its last instances are starting)"
            : `deploying normally: the next offers place ${waiting === 1 ? "its waiting instance" : `all ${waiting} waiting instances`}`,
      },
      suggestions: [],
    };
  }
  const reasons = reasonsByHost(u);
  const agents = ctx.snapshot.agents;
  const active = agents.filter((a) => !a.inactive);
  const hasRole = (a: Agent) => !(reasons.get(a.hostname) ?? []).some((r) => r.kind === "role");
  const isLocal = (a: Agent) => !(reasons.get(a.hostname) ?? []).some((r) => r.kind === "remote_region");
  const withRole = active.filter(hasRole);
  const roles = app.acceptedRoles;
  const budget = { runs: 0 };
  // Agents without resources for its roles, or inactive, refuse whatever else changes: re-runs skip them.
  const pool = withRole;
  const rerun = (change: Parameters<typeof placedWith>[2] = {}) => {
    budget.runs++;
    return placedWith(ctx, app.id, { agents: pool, ...change }).placed;
  };
  const suggestions: WhySuggestion[] = [];
  const suggest = (change: string, places: number) => {
    if (places <= placedNext) return;
    suggestions.push({
      change,
      places,
      of: waiting,
      text: places >= waiting ? "places all" : `places ${places} of ${waiting}`,
    });
  };

  if (withRole.length === 0) {
    if (!roles.includes("*")) {
      const wider = [...roles, "*"];
      suggest(
        `acceptedResourceRoles [${roles.join(", ")}] → [${wider.join(", ")}]`,
        rerun({ app: sameApp(app, { acceptedRoles: wider }), agents: ctx.snapshot.agents }),
      );
    }
    moreInstances(suggestions, app, running, placedNext, waiting);
    return {
      verdict: {
        kind: "no_role_offers",
        text: `no offers for its role${roles.length === 1 ? "" : "s"}: no active agent has resources for ${describeOr(roles.map((r) => (r === "*" ? "* (unreserved)" : r)))}`,
      },
      suggestions,
    };
  }
  const local = withRole.filter(isLocal);
  if (local.length === 0) {
    const regions = [...new Set(withRole.map((a) => a.region ?? "?"))];
    // Any @region or @zone constraint opens the other regions to the app (Marathon's fault-domain gate).
    for (const region of regions.slice(0, 3)) {
      if (region === "?") continue;
      const pin: Constraint = { ...FIELDLESS, field: "@region", operator: "IS", value: region };
      suggest(
        `with @region:IS:${region}`,
        rerun({ app: sameApp(app, { constraints: [...app.constraints, pin] }) }),
      );
    }
    moreInstances(suggestions, app, running, placedNext, waiting);
    return {
      verdict: {
        kind: "remote_region",
        text: `every agent with resources for it is in a remote region (${describeOr(regions)}); Marathon launches only in the master's region${ctx.snapshot.masterRegion === undefined ? "" : ` ${ctx.snapshot.masterRegion}`} unless a constraint names @region or @zone`,
      },
      suggestions,
    };
  }

  // Agents Marathon will not use now, whatever the constraints: maintenance, GPUs it cannot or may not use.
  const blocked = (a: Agent) =>
    (reasons.get(a.hostname) ?? []).find(
      (r) => r.kind === "maintenance" || r.kind === "gpu_hidden" || r.kind === "gpu_scarce",
    );
  if (local.every((a) => blocked(a) !== undefined)) {
    const count = (kind: string) => local.filter((a) => blocked(a)?.kind === kind).length;
    const ends = local.flatMap((a) => {
      const r = blocked(a);
      return r?.kind === "maintenance" && r.end !== undefined ? [r.end] : [];
    });
    const parts = [
      count("maintenance") > 0
        ? `${plural(count("maintenance"), "is", "are")} in a maintenance window${ends.length > 0 ? ` (until ${ends.sort()[0]} at the earliest)` : ""} (AgentMaintenance)`
        : "",
      count("gpu_scarce") > 0
        ? `${plural(count("gpu_scarce"), "keeps its", "keep their")} GPUs for GPU apps (DeclinedScarceResources; the app label GPU_SCHEDULING_BEHAVIOR=unrestricted lifts it)`
        : "",
      count("gpu_hidden") > 0
        ? `${plural(count("gpu_hidden"), "has", "have")} GPUs, and Marathon runs without the gpu_resources feature, so Mesos offers ${count("gpu_hidden") === 1 ? "it" : "them"} to other frameworks only`
        : "",
    ].filter((x) => x !== "");
    if (count("gpu_scarce") > 0)
      suggest(
        "label GPU_SCHEDULING_BEHAVIOR=unrestricted",
        rerun({ app: sameApp(app, { gpuSchedulingBehavior: "unrestricted" }) }),
      );
    moreInstances(suggestions, app, running, placedNext, waiting);
    return {
      verdict: {
        kind: "agents_unavailable",
        text: `no agent that could take it is available: of ${plural(local.length, "agent")} with resources for it, ${parts.join("; ")}`,
      },
      suggestions,
    };
  }

  // Constraints alone: the same agents (those with resources for its roles) without resource limits.
  const unlimited = withRole.map(({ resources: _, ...rest }) => rest as Agent);
  const others = ctx.running.filter((p) => p.appId !== app.id);
  const fitsUnlimited = rerun({ agents: unlimited, only: true });
  let verdict: WhyVerdict;
  if (fitsUnlimited >= waiting) {
    verdict = resourceVerdict(app, u);
  } else {
    const total = running + waiting;
    const scratch = placedWith(ctx, app.id, {
      agents: unlimited,
      only: true,
      running: others,
      app: sameApp(app, { instances: total }),
      explain: true,
    });
    budget.runs++;
    const named = constraintsNamed(scratch.result.unplaced.find((x) => x.appId === app.id) ?? u);
    const rule = named.length === 0 ? "its constraints" : named.slice(0, 2).join(" and ");
    if (scratch.placed >= total) {
      verdict = {
        kind: "blocked_by_running",
        text: `placeable from scratch, but not beside its ${plural(running, "running instance")}: ${rule} ${named.length > 1 ? "reject" : "rejects"} every agent for the next one`,
      };
    } else {
      const qualifying = qualifyingAgents(app, unlimited, ctx.snapshot.masterRegion);
      verdict = {
        kind: "never_placeable",
        text: `can never be placed with these agents: ${rule} ${named.length > 1 ? "allow" : "allows"} at most ${scratch.placed} of its ${total} instances (${plural(qualifying, "agent qualifies", "agents qualify")})`,
      };
    }
  }

  relaxConstraints(app, waiting, suggest, rerun, budget);
  moreAgents(ctx, app, local, pool, waiting, suggestions, placedNext, budget);
  if (verdict.kind === "waiting_for_resources") smallerInstances(app, u, suggest, rerun);
  moreInstances(suggestions, app, running, placedNext, waiting);
  return { verdict, suggestions };
}

/** Agents that accept a first instance: resources for its roles, the region gate and every constraint. */
function qualifyingAgents(
  app: WorkloadApp,
  agents: readonly Agent[],
  masterRegion: string | undefined,
): number {
  if (app.invalidConstraints !== undefined) return 0;
  const compiled = safeCompile([...app.constraints, ...app.packageRules], {
    dialect: app.dialect,
    ...(masterRegion === undefined ? {} : { localRegion: masterRegion }),
  });
  const m = compiled.matcher;
  if (m === undefined) return 0;
  const state = m.createState({ instances: app.instances });
  return agents.filter((a) => !a.inactive && m.acceptsRegion(a) && m.accepts(a, state)).length;
}

function resourceVerdict(app: WorkloadApp, u: Unplaced): WhyVerdict {
  const most = new Map<ResourceName, number>();
  for (const a of u.agents) {
    if (a.reasons.some((r) => r.kind === "role" || r.kind === "remote_region" || r.kind === "inactive"))
      continue;
    for (const r of a.reasons) {
      if (r.kind === "resources") most.set(r.resource, Math.max(most.get(r.resource) ?? 0, r.free));
    }
  }
  const ports = u.agents.some((a) => a.reasons.some((r) => r.kind === "port"));
  let dynamic: { need: number; free: number } | undefined;
  for (const a of u.agents)
    for (const r of a.reasons)
      if (r.kind === "ports") dynamic = { need: r.need, free: Math.max(dynamic?.free ?? 0, r.free) };
  const parts = [...most.entries()].map(
    ([res, free]) =>
      `${res} (needs ${formatAmount(res, app.resources[res])}, most free ${formatAmount(res, free)})`,
  );
  if (dynamic !== undefined) parts.push(`host ports (needs ${dynamic.need}, most free ${dynamic.free})`);
  if (ports)
    parts.push(`host port${app.fixedPorts.length === 1 ? "" : "s"} ${app.fixedPorts.join(", ")} (in use)`);
  return {
    kind: "waiting_for_resources",
    text: `waiting for resources: no agent its constraints allow has enough ${parts.length === 0 ? "free" : parts.join(" or ")}`,
  };
}

type Rerun = (change: Parameters<typeof placedWith>[2]) => number;
type Suggest = (change: string, places: number) => void;

function withConstraint(app: WorkloadApp, i: number, c: Constraint | undefined): WorkloadApp {
  const constraints = app.constraints.flatMap((x, k) => (k === i ? (c === undefined ? [] : [c]) : [x]));
  return sameApp(app, { constraints });
}

/** One constraint at a time: a higher MAX_PER, UNIQUE as MAX_PER 2, or without it. */
function relaxConstraints(
  app: WorkloadApp,
  waiting: number,
  suggest: Suggest,
  rerun: Rerun,
  budget: { runs: number },
): void {
  if (app.invalidConstraints !== undefined) return;
  app.constraints.forEach((c, i) => {
    if (budget.runs >= MAX_RERUNS) return;
    const label = constraintLabel(c);
    if (c.operator === "MAX_PER" && c.value !== undefined && /^-?\d+$/.test(c.value)) {
      const from = Math.max(1, Number(c.value));
      const best = smallest(from + 1, from + 8, waiting, (n) =>
        rerun({ app: withConstraint(app, i, { ...c, value: String(n) }) }),
      );
      suggest(`${label} → ${best.n}`, best.places);
      return;
    }
    if (c.operator === "UNIQUE") {
      const to = { ...c, operator: "MAX_PER" as const, value: "2" };
      const places = rerun({ app: withConstraint(app, i, to) });
      suggest(`${label} → ${constraintLabel(to)}`, places);
      return;
    }
    suggest(`without ${label}`, rerun({ app: withConstraint(app, i, undefined) }));
  });
}

/** Copies of agents that already qualify, grouped by their values of the app's constraint fields. */
function moreAgents(
  ctx: Context,
  app: WorkloadApp,
  local: readonly Agent[],
  pool: readonly Agent[],
  waiting: number,
  suggestions: WhySuggestion[],
  placedNext: number,
  budget: { runs: number },
): void {
  const compiled =
    app.invalidConstraints === undefined
      ? safeCompile([...app.constraints, ...app.packageRules], { dialect: app.dialect }).matcher
      : undefined;
  if (compiled === undefined) return;
  const empty = compiled.createState({ instances: app.instances });
  const fields = [
    ...new Set(
      [...app.constraints, ...app.packageRules]
        .map((c) => c.field)
        .filter((f) => f !== "hostname" && f !== "@hostname"),
    ),
  ];
  const groups = new Map<string, Agent>();
  for (const a of local) {
    if (!compiled.accepts(a, empty)) continue;
    const key = fields.map((f) => `${f}=${fieldValue(a, f) ?? ""}`).join(";");
    if (!groups.has(key)) groups.set(key, a);
  }
  const taken = new Set(ctx.snapshot.agents.map((a) => a.hostname));
  const clone = (t: Agent, n: number): Agent[] => {
    const out: Agent[] = [];
    for (let i = 1, k = 0; k < n; i++) {
      const hostname = `new-agent-${i}`;
      if (taken.has(hostname)) continue;
      const { id: _, resources, ...rest } = t;
      out.push({
        ...rest,
        hostname,
        ...(resources === undefined ? {} : { resources: { total: resources.total, free: resources.total } }),
      });
      k++;
    }
    return out;
  };
  let best: { k: number; places: number; templates: Agent[] } | undefined;
  for (const template of [...groups.values()].slice(0, 3)) {
    if (budget.runs >= MAX_RERUNS) break;
    const r = smallest(1, Math.min(waiting, 10), waiting, (k) => {
      budget.runs++;
      return placedWith(ctx, app.id, { agents: [...pool, ...clone(template, k)] }).placed;
    });
    if (best === undefined || r.places > best.places || (r.places === best.places && r.n < best.k))
      best = { k: r.n, places: r.places, templates: [template] };
    else if (r.places === best.places && r.n === best.k) best.templates.push(template);
  }
  if (best === undefined || best.places <= placedNext) return;
  const describe = (t: Agent) =>
    fields.length === 0
      ? `like ${t.hostname}`
      : fields.map((f) => `${f} ${fieldValue(t, f) ?? "(none)"}`).join(", ");
  const what =
    fields.length === 0
      ? `like ${best.templates[0]!.hostname}`
      : fields.length === 1
        ? `with ${fields[0]} ${describeOr(best.templates.map((t) => fieldValue(t, fields[0]!) ?? "(none)"))}`
        : `with ${describeOr(best.templates.map(describe))}`;
  suggestions.push({
    change: `${plural(best.k, "more agent")} ${what}`,
    places: best.places,
    of: waiting,
    text: best.places >= waiting ? "places all" : `places ${best.places} of ${waiting}`,
  });
}

/** Each short resource cut to the most an allowed agent has free. */
function smallerInstances(app: WorkloadApp, u: Unplaced, suggest: Suggest, rerun: Rerun): void {
  const most = new Map<ResourceName, number>();
  for (const a of u.agents) {
    if (a.reasons.some((r) => r.kind !== "resources")) continue;
    for (const r of a.reasons)
      if (r.kind === "resources") most.set(r.resource, Math.max(most.get(r.resource) ?? 0, r.free));
  }
  for (const [res, free] of most) {
    const to = Math.floor(free * 1000) / 1000;
    if (to <= 0 || to >= app.resources[res]) continue;
    const places = rerun({ app: sameApp(app, { resources: { ...app.resources, [res]: to } }) });
    suggest(`${res} ${formatAmount(res, app.resources[res])} → ${formatAmount(res, to)}`, places);
  }
}

function moreInstances(
  suggestions: WhySuggestion[],
  app: WorkloadApp,
  running: number,
  placedNext: number,
  waiting: number,
): void {
  const to = running + placedNext;
  if (to < 1 || placedNext >= waiting) return;
  suggestions.push({
    change: `instances ${app.instances} → ${to}`,
    places: placedNext,
    of: placedNext,
    text: "nothing left waiting",
  });
}
