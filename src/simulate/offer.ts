// The offer-matching step: whether one agent's offer can take one more instance of one app, decided in
// one place (matchOffer), with every reason it cannot recorded through an OfferSink when one is given.
// Also the per-agent and per-app run records the loop keeps. Pure computation.
import type { Agent, Resources } from "../agents/agent.js";
import type { AgentTable, Matcher, PlacementState } from "../eval/index.js";
import type { Rejection, ResourceName, WorkloadApp } from "./types.js";

export const DIMS: readonly ResourceName[] = ["cpus", "mem", "disk", "gpus", "ports"];
export const D = DIMS.length;
/** Resource sums of decimals (0.1 cpus) drift in binary; comparisons allow this much. */
export const EPS = 1e-9;

/** One agent during a simulation (its row in the cluster's agent table is `index`). */
export interface AgentRun {
  readonly agent: Agent;
  readonly index: number;
  /** Free resources per role index, D numbers each; undefined: the inventory gave none (unlimited). */
  readonly free: Float64Array | undefined;
  readonly total: Float64Array | undefined;
  readonly ports: Set<number>;
  /** Instances per app id placed here (running and new). */
  readonly counts: Map<string, number>;
}

/** One app (or pod type) during a simulation. */
export interface AppRun {
  readonly app: WorkloadApp;
  /** Compiled against the simulation's agent table, so it checks agents by row. */
  readonly matcher: Matcher;
  readonly state: PlacementState;
  /** Role indexes the app may use, reserved roles first (they are used up before the shared pool). */
  readonly roles: Int32Array;
  /** The role names of `roles`, for reasons. */
  readonly roleNames: readonly string[];
  readonly need: Float64Array;
  /** Constraint index from which the package's rules start. */
  readonly packageFrom: number;
  remaining: number;
  running: number;
  placed: number;
  /** Agents of the running instances, in order (for drift). */
  readonly runningAgents: AgentRun[];
}

/** The cluster as the offer step sees it. */
export interface Offers {
  readonly table: AgentTable;
  readonly agents: readonly AgentRun[];
}

/**
 * Receives the reasons an offer cannot take an instance. `constraints` is called once when some
 * constraint rejects: the sink reads from the matcher what it needs (cheap kinds for counts, or full
 * verdicts for per-agent detail), so nothing is worded that nobody reads.
 */
export interface OfferSink {
  reason(r: Rejection): void;
  constraints(run: AppRun, row: number): void;
}

/** Free (or total) amount of `dim` an app can use on an agent: the sum over its accepted roles. */
export function usable(pool: Float64Array, roles: Int32Array, dim: number): number {
  let sum = 0;
  for (let i = 0; i < roles.length; i++) sum += pool[roles[i]! * D + dim]!;
  return sum;
}

/**
 * Whether `agent`'s offer can take one more instance of `run` now: the agent is active, the app's
 * roles have enough of every resource, no fixed host port clashes, the remote-region gate allows the
 * agent and every constraint accepts it. Without a sink it stops at the first failure (the placement
 * loop); with one it checks everything and reports every failure (Marathon evaluates constraints even
 * when resources already fall short), so the explanations and the loop can never disagree.
 */
export function matchOffer(agent: AgentRun, run: AppRun, sink?: OfferSink): boolean {
  const a = agent.agent;
  if (a.inactive) {
    sink?.reason({ kind: "inactive" });
    return false;
  }
  let ok = true;
  if (!run.matcher.acceptsRegion(a)) {
    if (sink === undefined) return false;
    sink.reason({ kind: "remote_region", region: a.region ?? "" });
    ok = false;
  }
  const free = agent.free;
  if (free !== undefined) {
    if (sink === undefined) {
      for (let d = 0; d < D; d++) {
        const need = run.need[d]!;
        if (need > 0 && usable(free, run.roles, d) + EPS < need) return false;
      }
    } else {
      let any = false;
      for (let d = 0; d < D && !any; d++) if (usable(agent.total!, run.roles, d) > EPS) any = true;
      if (!any) {
        sink.reason({ kind: "role", roles: run.roleNames });
        ok = false;
      } else {
        for (let d = 0; d < D; d++) {
          const need = run.need[d]!;
          const have = usable(free, run.roles, d);
          if (need > 0 && have + EPS < need) {
            sink.reason({ kind: "resources", resource: DIMS[d]!, need, free: have });
            ok = false;
          }
        }
      }
    }
  }
  const fixed = run.app.fixedPorts;
  for (let i = 0; i < fixed.length; i++) {
    if (!agent.ports.has(fixed[i]!)) continue;
    if (sink === undefined) return false;
    sink.reason({ kind: "port", port: fixed[i]! });
    ok = false;
  }
  if (!run.matcher.acceptsRow(agent.index, run.state)) {
    if (sink === undefined) return false;
    sink.constraints(run, agent.index);
    ok = false;
  }
  return ok;
}

/** Takes `need` from the agent's pools, reserved roles first; returns false when it had to clamp. */
export function consume(agent: AgentRun, roles: Int32Array, need: ArrayLike<number>): boolean {
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

/** Records one instance of `run` on `agent` (resources, fixed ports, constraint state, counts). */
export function launch(agent: AgentRun, run: AppRun): void {
  consume(agent, run.roles, run.need);
  for (const port of run.app.fixedPorts) agent.ports.add(port);
  run.state.placeRow(agent.index);
  agent.counts.set(run.app.id, (agent.counts.get(run.app.id) ?? 0) + 1);
}

export function resourcesArray(r: Resources): Float64Array {
  return Float64Array.of(r.cpus, r.mem, r.disk, r.gpus, r.ports);
}
