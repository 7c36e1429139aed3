// Why-not explanations as aggregates: for an app that cannot place its remaining instances, counts of
// agents per reason (the summary, worded in summary.ts), the few agents that came closest (as Aurora's
// NearestFit), and per-agent reasons only for as many agents as asked. Pure computation.
import type { PlacementState, VerdictKind } from "../eval/index.js";
import {
  firstRank,
  maintenanceReason,
  marathonReasons,
  type OfferApp,
  OfferFacts,
  type OfferMode,
  OfferOutcome,
  offerReasons,
  offerTakes,
  portReasons,
  readOffer,
  settledBits,
  silentReason,
} from "./marathon/match.js";
import { DIMS } from "./marathon/pool.js";
import { type FunnelStep, REASON_FUNNEL } from "./marathon/reasons.js";
import { type AgentRun, type AppRun, constraintState, modeFor, reservedOn, settleAgent } from "./offer.js";
import { constraintLabel, type Entry, Summary, verdictRejection } from "./summary.js";
import type { AgentRejection, Rejection, Unplaced } from "./types.js";

/** How much per-agent detail an explanation keeps. */
export interface ExplainOptions {
  /** Agents (in inventory order) whose own reasons are listed; 0 for none, Infinity for all. */
  readonly agents: number;
  /** How many closest agents to keep. */
  readonly nearest: number;
}

/**
 * What an app asks of an offer, as a key: apps with the same key get the same findings from every
 * agent's offer (only their constraints and region gate differ). Undefined for resident apps, whose
 * mode changes from agent to agent.
 */
function offerKey(o: OfferApp): string | undefined {
  if (o.reserve !== undefined) return undefined;
  const r = o.launch;
  return `${o.marathon}|${o.declinesGpus}|${o.gpuAgentsHidden}|${r.roles.join(",")}|${r.need.join(",")}|${r.fixedPorts.join(",")}|${r.dynamicPorts}`;
}

// An agent's findings packed into one integer: Marathon's own reason bits, and four flags.
const BITS = (1 << REASON_FUNNEL.length) - 1;
/** Mesos makes the app's framework the offer at all. */
const FRAMEWORK = 1 << 16;
/** Mesos offers the agent (its minimum allocatable resources are free). */
const OFFERED = 1 << 17;
const PORTS_OK = 1 << 18;
/** Marathon records reasons for the offer. */
const LISTED = 1 << 19;
/** Marathon's `UnfulfilledRole`, first in its funnel. */
const ROLE = 1 << REASON_FUNNEL.indexOf("UnfulfilledRole");

// Lines an OfferTable keeps at hand while counting, so the reasons most agents repeat are counted
// without building a key: one per kind, per resource, per maintenance phase.
const GPU_HIDDEN = 0;
const RESERVATION = 1;
const SCARCE = 2;
const ROLE_LAUNCH = 3;
const ROLE_RESERVE = 4;
const MAINTENANCE = 5; // + 1 while draining
const RESOURCES = 7; // + the dimension

/**
 * Every agent's offer findings for one app, or for all the apps that ask the same of an offer (one
 * offer key), read once: packed per agent, with the reasons they give already counted, since neither
 * depends on an app's constraints or region gate. Valid while no agent's resources change, as after
 * the placement loop. Its size is a few numbers per agent.
 */
class OfferTable {
  readonly packed: Int32Array;
  /** Per agent: refusals no amount of resources would lift, constraints and the region gate aside. */
  readonly hard: Int32Array;
  /** Per agent: the sum over short resources of the shortfall relative to the need. */
  readonly short: Float64Array;
  /** Resident apps: each agent's mode (it depends on where the app holds reservations). */
  readonly modes: OfferMode[] | undefined;
  /** The reasons counted, agent by agent. */
  readonly summary = new Summary();
  /**
   * Agents whose offer reaches the framework: all of them, and those Marathon records reasons for
   * split by whether one is `UnfulfilledRole` (counted when first asked).
   */
  #totals: { framework: number; listedRole: number; listedOther: number } | undefined;
  /** Per column (its ids), over the agents whose offer reaches the framework: agents per value id + 1, and one such agent's row. */
  readonly #values = new Map<Int32Array, { hits: Int32Array; sample: Int32Array }>();
  readonly #fixed: (Entry | undefined)[] = [];
  readonly #inactive = new Map<string, Entry>();

  constructor(agents: readonly AgentRun[], run: AppRun) {
    const n = agents.length;
    this.packed = new Int32Array(n);
    this.hard = new Int32Array(n);
    this.short = new Float64Array(n);
    this.modes = run.offer.reserve === undefined ? undefined : [];
    const f = new OfferFacts();
    const ports: Rejection[] = [];
    for (const agent of agents) {
      const mode = modeFor(run, agent);
      this.modes?.push(mode);
      readOffer(agent.pool, run.offer, mode, f);
      const row = agent.index;
      this.packed[row] =
        f.bits |
        (f.noOffer === undefined ? FRAMEWORK : 0) |
        (f.offered ? OFFERED : 0) |
        (f.portsOk ? PORTS_OK : 0) |
        (f.marathonListed ? LISTED : 0);
      this.#count(agent, run, f, row, ports);
    }
  }

  totals(): { framework: number; listedRole: number; listedOther: number } {
    if (this.#totals === undefined) {
      const t = { framework: 0, listedRole: 0, listedOther: 0 };
      for (const p of this.packed) {
        if ((p & FRAMEWORK) === 0) continue;
        t.framework++;
        if ((p & LISTED) === 0) continue;
        if ((p & ROLE) !== 0) t.listedRole++;
        else t.listedOther++;
      }
      this.#totals = t;
    }
    return this.#totals;
  }

  /**
   * Per agent, the least score it can have for an app the agent-only constraints of which refuse it
   * (one refusal more than its offer's own when the framework gets the offer; exact otherwise), and
   * the agents in order of that bound, ties to the earlier agent.
   */
  bounds(): { order: Int32Array; bounds: Float64Array } {
    if (this.#bounds === undefined) {
      const n = this.packed.length;
      const bounds = new Float64Array(n);
      for (let row = 0; row < n; row++) {
        const fw = (this.packed[row]! & FRAMEWORK) !== 0 ? 1 : 0;
        bounds[row] = (this.hard[row]! + fw) * 1000 + this.short[row]!;
      }
      const order = Int32Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => bounds[a]! - bounds[b]! || a - b,
      );
      this.#bounds = { order, bounds };
    }
    return this.#bounds;
  }

  #bounds: { order: Int32Array; bounds: Float64Array } | undefined;

  /** See `#values`: `ids` is a column's value per row, `size` one more than its highest id. */
  values(ids: Int32Array, size: number): { hits: Int32Array; sample: Int32Array } {
    let v = this.#values.get(ids);
    if (v === undefined || v.hits.length < size) {
      v = { hits: new Int32Array(size), sample: new Int32Array(size) };
      for (let row = 0; row < this.packed.length; row++) {
        if ((this.packed[row]! & FRAMEWORK) === 0) continue;
        const key = ids[row]! + 1;
        if (v.hits[key]!++ === 0) v.sample[key] = row;
      }
      this.#values.set(ids, v);
    }
    return v;
  }

  /** Counts the agent under the line kept at `slot`; false when there is none yet (then `#keep` it). */
  #bump(slot: number, row: number, value: number): boolean {
    const line = this.#fixed[slot];
    if (line === undefined) return false;
    this.summary.bump(line, row, value);
    return true;
  }

  #keep(slot: number, r: Rejection, row: number): void {
    this.#fixed[slot] = this.summary.addReason(r, row);
  }

  /** Counts the agent's reasons (as `offerReasons` words them, the region gate aside) and scores them. */
  #count(agent: AgentRun, run: AppRun, f: OfferFacts, row: number, ports: Rejection[]): void {
    const pool = agent.pool;
    let hard = 0;
    let short = 0;
    if (f.noOffer === "gpu_hidden") {
      hard++;
      if (!this.#bump(GPU_HIDDEN, row, 0)) this.#keep(GPU_HIDDEN, { kind: "gpu_hidden" }, row);
    } else if (f.noOffer === "inactive") {
      hard++;
      const state = pool.down ? "DOWN" : (agent.agent.drain ?? "");
      const line = this.#inactive.get(state);
      if (line !== undefined) this.summary.bump(line, row, 0);
      else this.#inactive.set(state, this.summary.addReason(silentReason(pool), row));
    } else if (f.noReservation) {
      hard++;
      if (!this.#bump(RESERVATION, row, 0))
        this.#keep(RESERVATION, { kind: "reservation", hostnames: reservedOn(run) }, row);
    }
    const req = f.request;
    if (req !== undefined) {
      if (f.roleMissing) {
        hard++;
        const slot = req === run.offer.reserve ? ROLE_RESERVE : ROLE_LAUNCH;
        if (!this.#bump(slot, row, 0))
          this.#keep(slot, { kind: "role", roles: Array.from(req.roles, (r) => run.roleNames[r]!) }, row);
      } else if (!f.portsOk) {
        ports.length = 0;
        portReasons(pool, req, ports);
        hard += ports.length;
        for (const r of ports) this.summary.addReason(r, row);
      }
      for (let d = 0; f.short !== 0 && d < DIMS.length; d++) {
        if ((f.short & (1 << d)) === 0) continue;
        const need = req.need[d]!;
        const free = pool.usable(req.roles, d);
        short += (need - free) / need;
        if (!this.#bump(RESOURCES + d, row, free))
          this.#keep(RESOURCES + d, { kind: "resources", resource: DIMS[d]!, need, free }, row);
      }
    }
    const m = pool.maintenance;
    if (f.maintenance && m !== undefined) {
      hard++;
      const slot = MAINTENANCE + (m.draining ? 1 : 0);
      if (!this.#bump(slot, row, 0)) this.#keep(slot, maintenanceReason(m), row);
    }
    if (f.scarceGpus > 0) {
      hard++;
      if (!this.#bump(SCARCE, row, 0)) this.#keep(SCARCE, { kind: "gpu_scarce", gpus: f.scarceGpus }, row);
    }
    this.hard[row] = hard;
    this.short[row] = short;
  }
}

/** Per-agent working space, reused from one app's explanation to the next. */
class Scratch {
  /** Per agent row: refusals no resources would lift, constraints included. */
  readonly hard: Int32Array;
  /** Rows some constraint rejects (in order), and rows that refuse the app (in order). */
  readonly refused: Int32Array;
  readonly refusing: Int32Array;
  /** Rows the agent-only constraints accept whose offer reaches the framework (see `settleRows`). */
  readonly accepted: Int32Array;
  /** Marathon's declined offers by the funnel rank of their first reason. */
  readonly funnel = new Int32Array(REASON_FUNNEL.length);
  /** Per row of `refused`: its verdict key (see `countConstraints`). */
  readonly keys: Int32Array;
  /** Per verdict key: rows seen, one such row, and whether the constraint rejects it. */
  hits = new Int32Array(0);
  sample = new Int32Array(0);
  rejects = new Uint8Array(0);
  /** The keys seen, in order. */
  seen = new Int32Array(0);

  constructor(n: number) {
    this.hard = new Int32Array(n);
    this.refused = new Int32Array(n);
    this.refusing = new Int32Array(n);
    this.keys = new Int32Array(n);
    this.accepted = new Int32Array(n);
  }

  /** Makes the per-key arrays hold `keys` keys; they stay zeroed between uses. */
  fit(keys: number): void {
    if (this.hits.length >= keys) return;
    const n = Math.max(keys, this.hits.length * 2);
    this.hits = new Int32Array(n);
    this.sample = new Int32Array(n);
    this.rejects = new Uint8Array(n);
    this.seen = new Int32Array(n);
  }
}

/** A constraint's summary line for a verdict kind, found once. */
function constraintLine(
  summary: Summary,
  lines: Map<VerdictKind, Entry>,
  run: AppRun,
  i: number,
  kind: VerdictKind,
  row: number,
): Entry {
  let line = lines.get(kind);
  if (line === undefined) {
    const c = run.matcher.ruleConstraints[i]!;
    line = summary.addReason(
      {
        kind: "constraint",
        constraint: constraintLabel(c),
        verdict: kind,
        reason: "",
        packageRule: i >= run.packageFrom && c.operator !== "INVALID",
      },
      row,
    );
    lines.set(kind, line);
  } else {
    summary.bump(line, row, 0);
  }
  return line;
}

/**
 * Counts the constraints' verdicts over the rows some constraint rejects, one constraint at a time,
 * adding each rejecting constraint to its row's `hard`. A constraint decided by one field's value is
 * asked once per distinct value among the rows (bench: explain: 400 stuck apps on 5,000 agents);
 * others, and constraints sharing a summary line (the same constraint twice, read together so an
 * agent counts once per line), are asked row by row.
 */
function countConstraints(
  summary: Summary,
  run: AppRun,
  scratch: Scratch,
  count: number,
  states: ReadonlyMap<number, PlacementState>,
): void {
  const matcher = run.matcher;
  const rules = matcher.ruleConstraints;
  const { refused: rows, hard } = scratch;
  const groups = new Map<string, number[]>();
  rules.forEach((c, i) => {
    const label = `${constraintLabel(c)}|${i >= run.packageFrom && c.operator !== "INVALID"}`;
    const group = groups.get(label);
    if (group === undefined) groups.set(label, [i]);
    else group.push(i);
  });
  for (const group of groups.values()) {
    const lines = new Map<VerdictKind, Entry>();
    const values = group.length === 1 && states.size === 0 ? matcher.ruleValues(group[0]!) : undefined;
    if (values !== undefined) {
      const i = group[0]!;
      // Agents with the same key get the same verdict: lacking the field (0), a value no instance
      // holds under a counting constraint (1), else each value (its id + 2).
      const counts = matcher.ruleCounts(i, run.state);
      scratch.fit(matcher.ruleValueCount(i) + 2);
      const { hits, sample, rejects, seen, keys } = scratch;
      let distinct = 0;
      for (let j = 0; j < count; j++) {
        const row = rows[j]!;
        const id = values[row]!;
        const key = id < 0 ? 0 : counts !== undefined && counts.count(id) === 0 ? 1 : id + 2;
        keys[j] = key;
        if (hits[key]!++ === 0) {
          seen[distinct++] = key;
          sample[key] = row;
        }
      }
      for (let t = 0; t < distinct; t++) {
        const key = seen[t]!;
        const kind = matcher.ruleKind(i, sample[key]!, run.state);
        if (kind === "ok") continue;
        rejects[key] = 1;
        // Counted at once: no other constraint shares the line.
        constraintLine(summary, lines, run, i, kind, sample[key]!).count += hits[key]! - 1;
      }
      for (let j = 0; j < count; j++) hard[rows[j]!]! += rejects[keys[j]!]!;
      for (let t = 0; t < distinct; t++) {
        const key = seen[t]!;
        hits[key] = 0;
        rejects[key] = 0;
      }
      continue;
    }
    for (let j = 0; j < count; j++) {
      const row = rows[j]!;
      const state = states.get(row) ?? run.state;
      for (const i of group) {
        const kind = matcher.ruleKind(i, row, state);
        if (kind === "ok") continue;
        hard[row]!++;
        constraintLine(summary, lines, run, i, kind, row);
      }
    }
  }
}

/** One agent's reasons, ours and (Marathon apps) Marathon's for the agent's offer. */
function agentRejection(agent: AgentRun, run: AppRun): AgentRejection {
  const mode = modeFor(run, agent);
  const o = new OfferOutcome();
  const state = settleAgent(agent, run, mode, readOffer(agent.pool, run.offer, mode, new OfferFacts()), o);
  const reasons = offerReasons(o, agent.pool, run.roleNames, () => reservedOn(run));
  if (o.facts.noOffer === undefined && !o.constraintsOk) {
    run.matcher.explainRow(agent.index, state).forEach((v, i) => {
      if (!v.accepted)
        reasons.push(verdictRejection(v, i >= run.packageFrom && v.constraint.operator !== "INVALID"));
    });
  }
  const marathon = o.matched ? undefined : marathonReasons(o);
  return { hostname: agent.agent.hostname, reasons, ...(marathon === undefined ? {} : { marathon }) };
}

/** What one pass over the agents found for one app (the rows themselves are in its Scratch). */
interface Settled {
  readonly candidates: number;
  /** Rows some constraint rejects, in `scratch.refused`. */
  readonly refused: number;
  /** Rows that refuse the app, in `scratch.refusing`. */
  readonly refusing: number;
  /** Offers Marathon declines and records (its funnel, by first reason, is in `scratch.funnel`). */
  readonly declined: number;
  /** By complement: the rows settled, in `scratch.accepted`. */
  readonly accepted: number;
}

/**
 * The pass over the agents for one app: settles each agent's offer from `table` with the app's
 * constraints and region gate (as `settleAgent` does), counting the region gate into `summary` and
 * noting in `scratch` the rows constraints reject and the rows that refuse. Kept apart from the rest
 * of an explanation so that nothing cold deoptimises it (bench: explain).
 */
function settleRows(
  agents: readonly AgentRun[],
  run: AppRun,
  table: OfferTable,
  scratch: Scratch,
  summary: Summary,
  states: Map<number, PlacementState>,
  /**
   * Explaining by complement: only these rows (ascending; every row whose offer reaches the framework
   * and that the agent-only constraints accept is among them), and only the framework's offers.
   */
  only: Int32Array | undefined,
): Settled {
  const matcher = run.matcher;
  const { packed, modes } = table;
  const { hard, refused, refusing, funnel, accepted } = scratch;
  funnel.fill(0);
  let declined = 0;
  let candidates = 0;
  let nRefused = 0;
  let nRefusing = 0;
  let nAccepted = 0;
  let remote: Entry | undefined;
  // Most agents are refused by the agent-only constraints alone: one byte each.
  const agentOnly = matcher.staticVerdicts();
  const everyRegion = matcher.acceptsEveryRegion();
  const count = only === undefined ? agents.length : only.length;
  for (let j = 0; j < count; j++) {
    const row = only === undefined ? j : only[j]!;
    const p = packed[row]!;
    // By complement the caller counts the other agents (those refused by agent-only constraints, and
    // those whose offer does not reach the framework) by other means.
    if (only !== undefined && (agentOnly[row] !== 2 || (p & FRAMEWORK) === 0)) continue;
    let h = table.hard[row]!;
    if ((p & FRAMEWORK) === 0) {
      hard[row] = h;
      refusing[nRefusing++] = row;
      continue;
    }
    const mode = modes === undefined ? "launch" : modes[row]!;
    let constraintsOk = true;
    if (mode !== "no-reservation") {
      let state = run.state;
      if (mode === "on-reservation") {
        state = constraintState(run, agents[row]!, mode);
        states.set(row, state);
      }
      constraintsOk = agentOnly[row] !== 1 && matcher.acceptsRow(row, state);
    }
    const regionOk = everyRegion || matcher.acceptsRegion(agents[row]!.agent);
    const portsOk = (p & PORTS_OK) !== 0;
    const bits = settledBits(p & BITS, true, portsOk, constraintsOk, regionOk);
    const matched = offerTakes(bits, true, (p & OFFERED) !== 0, portsOk, regionOk);
    if (!regionOk) {
      h++;
      if (remote !== undefined) summary.bump(remote, row, 0);
      else
        remote = summary.addReason({ kind: "remote_region", region: agents[row]!.agent.region ?? "" }, row);
    }
    if (!matched && (p & LISTED) !== 0) {
      declined++;
      const rank = firstRank(bits);
      if (rank >= 0) funnel[rank]!++;
    }
    if (!constraintsOk) refused[nRefused++] = row;
    if (only !== undefined) accepted[nAccepted++] = row;
    // -1 marks an agent that takes the app (no score).
    hard[row] = matched ? -1 : h;
    if (matched) candidates++;
    else refusing[nRefusing++] = row;
  }
  return { candidates, refused: nRefused, refusing: nRefusing, declined, accepted: nAccepted };
}

/**
 * The `limit` refusing rows that came closest, best first: fewest refusals no resources would lift,
 * then the smallest shortfall; ties go to the earlier agent.
 */
function closest(scratch: Scratch, refusing: number, short: Float64Array, limit: number): number[] {
  const { hard, refusing: rows } = scratch;
  const nearest: { score: number; row: number }[] = [];
  if (limit <= 0) return [];
  for (let j = 0; j < refusing; j++) {
    const row = rows[j]!;
    // Any refusal that resources cannot lift outweighs every shortfall (at most 1 per resource).
    const score = hard[row]! * 1000 + short[row]!;
    if (nearest.length === limit && score >= nearest[nearest.length - 1]!.score) continue;
    let at = nearest.length;
    while (at > 0 && nearest[at - 1]!.score > score) at--;
    nearest.splice(at, 0, { score, row });
    if (nearest.length > limit) nearest.pop();
  }
  return nearest.map((n) => n.row);
}

/**
 * Explains why `run`'s remaining instances cannot be placed, from the agents' offer findings in
 * `table`: one pass over the agents (`settleRows`), one pass per constraint over the agents
 * constraints reject (`countConstraints`), and worded reasons only for the closest agents and the
 * ones asked for. Its memory is the summary lines plus the agents kept, whatever the number of
 * agents or stuck instances.
 */
function explainWith(
  agents: readonly AgentRun[],
  run: AppRun,
  options: ExplainOptions,
  table: OfferTable,
  scratch: Scratch,
  reach: (run: AppRun) => Int32Array | undefined,
): Unplaced {
  const summary = table.summary.copy();
  /** States of agents where a relaunch on a reservation reads the constraints without itself. */
  const states = new Map<number, PlacementState>();
  const only = byComplement(run, table) ? (reach(run) ?? acceptedRows(run)) : undefined;
  const settled = settleRows(agents, run, table, scratch, summary, states, only);
  const complement = only !== undefined;
  countConstraints(summary, run, scratch, settled.refused, states);
  let declined = settled.declined;
  let listed: number[];
  let nearest: number[];
  let refusing = settled.refusing;
  if (complement) {
    declined += countRefusedByAgentOnly(summary, run, table, scratch, settled);
    refusing = agents.length - settled.candidates;
    ({ listed, nearest } = closestOfAll(run, table, scratch, settled, options));
  } else {
    listed = Array.from(scratch.refusing.subarray(0, Math.min(refusing, options.agents)));
    nearest = closest(scratch, refusing, table.short, options.nearest);
  }
  let processed = declined;
  const steps: FunnelStep[] = REASON_FUNNEL.map((reason, rank) => {
    const declined = scratch.funnel[rank]!;
    const step = { reason, declined, processed };
    processed -= declined;
    return step;
  });
  const detail = (row: number): AgentRejection => agentRejection(agents[row]!, run);
  return {
    appId: run.app.id,
    first: run.placed + 1,
    count: run.remaining,
    candidates: settled.candidates,
    agentCount: agents.length,
    summary: summary.lines(),
    nearest: nearest.map(detail),
    agents: listed.map(detail),
    agentsOmitted: refusing - listed.length,
    ...(run.offer.marathon ? { funnel: steps } : {}),
  };
}

/**
 * Whether `run` can be explained by complement (`countRefusedByAgentOnly`): every constraint decided
 * by one field's value, each with a summary line of its own, no region gate, no reservations.
 */
function byComplement(run: AppRun, table: OfferTable): boolean {
  const matcher = run.matcher;
  if (table.modes !== undefined || !matcher.acceptsEveryRegion()) return false;
  const labels = new Set<string>();
  for (let i = 0; i < matcher.ruleConstraints.length; i++) {
    if (matcher.ruleValues(i) === undefined) return false;
    const label = constraintLabel(matcher.ruleConstraints[i]!);
    if (labels.has(label)) return false;
    labels.add(label);
  }
  return true;
}

/**
 * Counts the agents the app's agent-only constraints refuse, whose offers reach the framework, without
 * visiting them: the table's totals minus the agents they accept (`settleRows` saw those). Each
 * constraint's verdicts are counted per value (agents per value from the table, minus the accepted
 * ones); a counting constraint asks once for all the values no instance holds. Adds Marathon's funnel
 * (such an offer counts under `UnfulfilledRole`, else `UnfulfilledConstraint`) and returns the offers
 * it declines.
 */
function countRefusedByAgentOnly(
  summary: Summary,
  run: AppRun,
  table: OfferTable,
  scratch: Scratch,
  settled: Settled,
): number {
  const matcher = run.matcher;
  const state = run.state;
  const { accepted, funnel } = scratch;
  const totals = table.totals();
  const framework = totals.framework - settled.accepted;
  let listedRole = totals.listedRole;
  let listedOther = totals.listedOther;
  for (let j = 0; j < settled.accepted; j++) {
    const p = table.packed[accepted[j]!]!;
    if ((p & LISTED) === 0) continue;
    if ((p & ROLE) !== 0) listedRole--;
    else listedOther--;
  }
  funnel[0]! += listedRole;
  funnel[1]! += listedOther;
  if (framework === 0) return listedRole + listedOther;
  for (let i = 0; i < matcher.ruleConstraints.length; i++) {
    const ids = matcher.ruleValues(i)!;
    const size = matcher.ruleValueCount(i) + 1;
    const all = table.values(ids, size);
    // The accepted agents' values, to take away from the table's.
    scratch.fit(size);
    const { hits, seen } = scratch;
    let distinct = 0;
    for (let j = 0; j < settled.accepted; j++) {
      const key = ids[accepted[j]!]! + 1;
      if (hits[key]!++ === 0) seen[distinct++] = key;
    }
    const lines = new Map<VerdictKind, Entry>();
    const count = (n: number, row: number) => {
      if (n <= 0) return;
      const kind = matcher.ruleKind(i, row, state);
      if (kind === "ok") return;
      let line = lines.get(kind);
      if (line === undefined) {
        const c = matcher.ruleConstraints[i]!;
        line = summary.line({
          kind: "constraint",
          constraint: constraintLabel(c),
          verdict: kind,
          reason: "",
          packageRule: i >= run.packageFrom && c.operator !== "INVALID",
        });
        lines.set(kind, line);
      }
      line.count += n;
    };
    const counts = matcher.ruleCounts(i, state);
    if (counts === undefined) {
      for (let key = 0; key < size; key++) count(all.hits[key]! - hits[key]!, all.sample[key]!);
    } else {
      // Lacking the field, each value some instance holds, and every other value at once.
      let rest = framework;
      const missing = all.hits[0]! - hits[0]!;
      count(missing, all.sample[0]!);
      rest -= missing;
      const held = scratch.rejects;
      for (let k = 0; k < state.size; k++) {
        const row = state.placedRow(k);
        const key = ids[row]! + 1;
        if (key === 0 || held[key] === 1) continue;
        held[key] = 1;
        const n = all.hits[key]! - hits[key]!;
        count(n, row);
        rest -= n;
      }
      for (let k = 0; k < state.size; k++) held[ids[state.placedRow(k)]! + 1] = 0;
      if (rest > 0)
        count(
          rest,
          unheldRow(table, ids, (id) => counts.count(id)),
        );
    }
    for (let t = 0; t < distinct; t++) hits[seen[t]!] = 0;
  }
  return listedRole + listedOther;
}

/** An agent whose offer reaches the framework and whose value no instance holds (the caller knows one exists). */
function unheldRow(table: OfferTable, ids: Int32Array, held: (id: number) => number): number {
  for (let row = 0; row < table.packed.length; row++) {
    if ((table.packed[row]! & FRAMEWORK) === 0) continue;
    const id = ids[row]!;
    if (id >= 0 && held(id) === 0) return row;
  }
  return -1;
}

/** The rows the app's agent-only constraints accept, ascending. */
function acceptedRows(run: AppRun): Int32Array {
  const ok = run.matcher.staticVerdicts();
  const size = run.matcher.agents.size;
  const out: number[] = [];
  for (let row = 0; row < size; row++) if (ok[row] === 2) out.push(row);
  return Int32Array.from(out);
}

/** Whether (score, row) comes before (score2, row2): the closest agents, ties to the earlier one. */
function before(score: number, row: number, score2: number, row2: number): boolean {
  return score < score2 || (score === score2 && row < row2);
}

/**
 * The agents asked for in detail and the closest ones, for an explanation by complement. The closest
 * are the smallest (score, row) pairs, found among the agents settled one by one (`settleRows`) and
 * then among the others in the table's order of their least possible score (`OfferTable.bounds`): an
 * agent the agent-only constraints refuse scores at least one refusal more than its offer's own, and
 * its constraints are read only while that bound could still place it among the closest.
 */
function closestOfAll(
  run: AppRun,
  table: OfferTable,
  scratch: Scratch,
  settled: Settled,
  options: ExplainOptions,
): { listed: number[]; nearest: number[] } {
  const matcher = run.matcher;
  const agentOnly = matcher.staticVerdicts();
  const { packed } = table;
  const { hard } = scratch;
  /** Settled by `settleRows`: accepted by the agent-only constraints, and the framework is offered. */
  const isSettled = (row: number) => agentOnly[row] === 2 && (packed[row]! & FRAMEWORK) !== 0;
  const listed: number[] = [];
  for (let row = 0; row < packed.length && listed.length < options.agents; row++) {
    if (!isSettled(row) || hard[row]! >= 0) listed.push(row);
  }
  const limit = options.nearest;
  if (limit <= 0) return { listed, nearest: [] };
  const scores: number[] = [];
  const rows: number[] = [];
  const offer = (score: number, row: number) => {
    const n = rows.length;
    if (n === limit && !before(score, row, scores[n - 1]!, rows[n - 1]!)) return;
    let at = n;
    while (at > 0 && before(score, row, scores[at - 1]!, rows[at - 1]!)) at--;
    scores.splice(at, 0, score);
    rows.splice(at, 0, row);
    if (rows.length > limit) {
      scores.pop();
      rows.pop();
    }
  };
  for (let j = 0; j < settled.refusing; j++) {
    const row = scratch.refusing[j]!;
    offer(hard[row]! * 1000 + table.short[row]!, row);
  }
  const { order, bounds } = table.bounds();
  for (let j = 0; j < order.length; j++) {
    const row = order[j]!;
    if (isSettled(row)) continue;
    const bound = bounds[row]!;
    if (rows.length === limit && !before(bound, row, scores[limit - 1]!, rows[limit - 1]!)) break;
    if ((packed[row]! & FRAMEWORK) === 0) {
      offer(bound, row);
      continue;
    }
    let h = table.hard[row]!;
    for (let i = 0; i < matcher.ruleConstraints.length; i++) {
      if (matcher.ruleKind(i, row, run.state) !== "ok") h++;
    }
    offer(h * 1000 + table.short[row]!, row);
  }
  return { listed, nearest: rows };
}

/**
 * Explains every app with instances left to place, in the order given (see `explainWith`). Apps that
 * ask the same of an offer are explained one after another from one reading of the agents' offers:
 * hundreds of stuck apps often do (bench: explain).
 */
export function explainAll(
  agents: readonly AgentRun[],
  runs: readonly AppRun[],
  options: ExplainOptions,
  reach: (run: AppRun) => Int32Array | undefined = () => undefined,
): Unplaced[] {
  const stuck = runs.filter((r) => r.remaining > 0);
  const keys = stuck.map((r) => offerKey(r.offer));
  const order = stuck.map((_, i) => i);
  order.sort((a, b) => {
    const x = keys[a] ?? "";
    const y = keys[b] ?? "";
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const scratch = new Scratch(agents.length);
  const out: Unplaced[] = new Array(stuck.length);
  let table: OfferTable | undefined;
  let tableKey: string | undefined;
  for (const i of order) {
    const run = stuck[i]!;
    const key = keys[i];
    if (table === undefined || key === undefined || key !== tableKey) {
      table = new OfferTable(agents, run);
      tableKey = key;
    }
    out[i] = explainWith(agents, run, options, table, scratch, reach);
  }
  return out;
}
