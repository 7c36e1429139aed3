// The offer-matching step: whether one agent's offer can take one more instance of one app (matchOffer,
// and settleAgent with every finding kept for explanations); launching it; and the per-agent and
// per-app run records the loop keeps. Marathon's matcher itself
// (resources and ports by role, GPUs, maintenance, reservations) lives in ./marathon/. Pure computation.
import type { Agent, Resources } from "../agents/agent.js";
import type { AgentTable, Matcher, PlacementState } from "../eval/index.js";
import {
  type OfferApp,
  type OfferFacts,
  type OfferMode,
  type OfferOutcome,
  offerFits,
  offersTo,
  requestFor,
  settleOffer,
} from "./marathon/match.js";
import { GPUS, type OfferPool } from "./marathon/pool.js";
import type { Placement, WorkloadApp } from "./types.js";

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

/** Resident apps: the hostnames holding reservations their remaining instances wait for. */
export function reservedOn(run: AppRun): string[] {
  return [...run.waiting].filter(([, n]) => n > 0).map(([i]) => run.waitingHosts.get(i) ?? "?");
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
export function constraintState(run: AppRun, agent: AgentRun, mode: OfferMode): PlacementState {
  if (mode !== "on-reservation") return run.state;
  const others = run.state.clone();
  others.remove(agent.agent);
  return others;
}

/**
 * Whether `agent`'s offer can take one more instance of `run` now: Mesos offers the agent to the app's
 * framework, Marathon's matcher accepts (roles, resources, host ports, GPU rules, maintenance,
 * reservations), the remote-region gate allows it and every constraint accepts it. Stops at the first
 * failure, cheapest checks first (the placement loop); `settleAgent` is the same decision with every
 * finding kept, for explanations (property-tested to agree).
 */
export function matchOffer(agent: AgentRun, run: AppRun): boolean {
  const mode = modeFor(run, agent);
  // The agent-only constraints are one cached byte per agent: the cheapest refusal comes first.
  if (mode !== "no-reservation" && !run.matcher.acceptsStatic(agent.index)) return false;
  return (
    offersTo(agent.pool, run.offer) &&
    offerFits(agent.pool, run.offer, mode) &&
    run.matcher.acceptsRegion(agent.agent) &&
    (mode === "no-reservation" || run.matcher.acceptsRow(agent.index, constraintState(run, agent, mode)))
  );
}

/**
 * Settles `agent`'s offer for one more instance of `run` into `outcome`, from its findings `facts`
 * (`readOffer` in `mode`), checking every constraint (Marathon evaluates them even when resources
 * already fall short) and the region gate. Returns the state the constraints were read against.
 */
export function settleAgent(
  agent: AgentRun,
  run: AppRun,
  mode: OfferMode,
  facts: OfferFacts,
  outcome: OfferOutcome,
): PlacementState {
  const state = mode === "no-reservation" ? run.state : constraintState(run, agent, mode);
  const constraintsOk = mode === "no-reservation" || run.matcher.acceptsRow(agent.index, state);
  settleOffer(outcome, facts, constraintsOk, run.matcher.acceptsRegion(agent.agent));
  return state;
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
