// The offer-matching step: whether one agent's offer can take one more instance of one app, decided in
// one place (matchOffer), with every reason it cannot recorded through an OfferSink when one is given;
// launching it; and the per-agent and per-app run records the loop keeps. Marathon's matcher itself
// (resources and ports by role, GPUs, maintenance, reservations) lives in ./marathon/. Pure computation.
import type { Agent, Resources } from "../agents/agent.js";
import type { AgentTable, Matcher, PlacementState } from "../eval/index.js";
import {
  inspectOffer,
  type OfferApp,
  type OfferMode,
  offerFits,
  offersTo,
  requestFor,
} from "./marathon/match.js";
import { GPUS, type OfferPool } from "./marathon/pool.js";
import type { NoOfferMatchReason } from "./marathon/reasons.js";
import type { Placement, Rejection, WorkloadApp } from "./types.js";

export { D, DIMS, EPS } from "./marathon/pool.js";

/** One agent during a simulation (its row in the cluster's agent table is `index`). */
export interface AgentRun {
  readonly agent: Agent;
  readonly index: number;
  /** Free resources and host ports by role, and what Mesos and maintenance say about the agent. */
  readonly pool: OfferPool;
  /** Instances per app id placed here (running and new). */
  readonly counts: Map<string, number>;
}

/** One app (or pod type) during a simulation. */
export interface AppRun {
  readonly app: WorkloadApp;
  /** Compiled against the simulation's agent table, so it checks agents by row. */
  readonly matcher: Matcher;
  readonly state: PlacementState;
  /** The app as Marathon's offer matcher sees it (roles, needs, ports, GPU rules, residency). */
  readonly offer: OfferApp;
  /** Role names by id, for reasons. */
  readonly roleNames: readonly string[];
  /** Constraint index from which the package's rules start. */
  readonly packageFrom: number;
  remaining: number;
  running: number;
  placed: number;
  /** Running instances of an older configuration (they hold resources, they do not count). */
  outdated: number;
  /** Agents of the running instances, in order (for drift). */
  readonly runningAgents: AgentRun[];
  /** Resident apps: reservations waiting for their instance, by agent row (negative: an agent not in the inventory). */
  readonly waiting: Map<number, number>;
  waitingTotal: number;
  /** The hostname behind each key of `waiting`. */
  readonly waitingHosts: Map<number, string>;
}

/** The cluster as the offer step sees it. */
export interface Offers {
  readonly table: AgentTable;
  readonly agents: readonly AgentRun[];
}

/**
 * Receives the reasons an offer cannot take an instance. `constraints` is called once when some
 * constraint rejects (with the state to read them against): the sink reads from the matcher what it
 * needs (cheap kinds for counts, or full verdicts for per-agent detail), so nothing is worded that
 * nobody reads. `marathon` receives Marathon's own reasons for the agent's offer (undefined: Mesos makes
 * the app's framework no offer, or the offer matched).
 */
export interface OfferSink {
  reason(r: Rejection): void;
  constraints(run: AppRun, row: number, state: PlacementState): void;
  marathon?(reasons: readonly NoOfferMatchReason[] | undefined): void;
}

/** How the app meets this agent's offer: resident apps relaunch on their reservation, or reserve, or wait. */
export function modeFor(run: AppRun, agent: AgentRun): OfferMode {
  if (run.offer.reserve === undefined) return "launch";
  if ((run.waiting.get(agent.index) ?? 0) > 0) return "on-reservation";
  return run.remaining > run.waitingTotal ? "reserve" : "no-reservation";
}

/**
 * The state constraints are read against: an instance relaunched on its reservation is not counted
 * against itself (a copy, so the placement order CLUSTER reads is kept).
 */
function constraintState(run: AppRun, agent: AgentRun, mode: OfferMode): PlacementState {
  if (mode !== "on-reservation") return run.state;
  const others = run.state.clone();
  others.remove(agent.agent);
  return others;
}

/**
 * Whether `agent`'s offer can take one more instance of `run` now: Mesos offers the agent to the app's
 * framework, Marathon's matcher accepts (roles, resources, host ports, GPU rules, maintenance,
 * reservations), the remote-region gate allows it and every constraint accepts it. Without a sink it
 * stops at the first failure, cheapest checks first (the placement loop); with one it checks everything
 * and reports every failure, ours and Marathon's (Marathon evaluates constraints even when resources
 * already fall short), so the explanations and the loop can never disagree.
 */
export function matchOffer(agent: AgentRun, run: AppRun, sink?: OfferSink): boolean {
  const mode = modeFor(run, agent);
  if (sink === undefined) {
    // The agent-only constraints are one cached byte per agent: the cheapest refusal comes first.
    if (mode !== "no-reservation" && !run.matcher.acceptsStatic(agent.index)) return false;
    return (
      offersTo(agent.pool, run.offer) &&
      offerFits(agent.pool, run.offer, mode) &&
      run.matcher.acceptsRegion(agent.agent) &&
      (mode === "no-reservation" || run.matcher.acceptsRow(agent.index, constraintState(run, agent, mode)))
    );
  }
  const state = mode === "no-reservation" ? run.state : constraintState(run, agent, mode);
  const constraintsOk = mode === "no-reservation" || run.matcher.acceptsRow(agent.index, state);
  const inspection = inspectOffer(agent.pool, run.offer, mode, {
    constraintsOk,
    regionOk: run.matcher.acceptsRegion(agent.agent),
    roleNames: run.roleNames,
    // Only a resident app waiting for its reservations elsewhere names them (so only then are they listed).
    ...(mode === "no-reservation"
      ? { reservedOn: [...run.waiting].filter(([, n]) => n > 0).map(([i]) => run.waitingHosts.get(i) ?? "?") }
      : {}),
  });
  for (const r of inspection.ours) sink.reason(r);
  if (!inspection.noOffer && !constraintsOk) sink.constraints(run, agent.index, state);
  sink.marathon?.(inspection.matched ? undefined : inspection.marathon);
  return inspection.matched;
}

/** Host port numbers the workload's apps ask for by number: dynamic ports leave them alone where they can. */
export type AvoidPorts = ReadonlySet<number>;

/**
 * Launches one instance of `run` from `agent`'s offer (after `matchOffer` accepted): takes its
 * resources and host ports (a relaunch on a reservation takes nothing new), records it in the
 * constraint state and the counts, and returns the placement.
 */
export function launch(agent: AgentRun, run: AppRun, avoid: AvoidPorts, round: number): Placement {
  const pool = agent.pool;
  const mode = modeFor(run, agent);
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
    run.state.placeRow(agent.index);
    ports = pick?.ports;
  }
  run.remaining--;
  run.placed++;
  agent.counts.set(run.app.id, (agent.counts.get(run.app.id) ?? 0) + 1);
  return {
    appId: run.app.id,
    instance: run.placed,
    hostname: agent.agent.hostname,
    round,
    ...(ports !== undefined && ports.length > 0 ? { ports } : {}),
    ...(mode === "on-reservation" ? { onReservation: true } : {}),
  };
}

export function resourcesArray(r: Resources): Float64Array {
  return Float64Array.of(r.cpus, r.mem, r.disk, r.gpus, r.ports);
}
