// Why-not explanations as aggregates: for an app that cannot place its remaining instances, counts of
// agents per reason (the Kubernetes-style summary), the few agents that came closest (as Aurora's
// NearestFit), and per-agent reasons only for as many agents as asked. Pure computation.
import type { PlacementState, Verdict, VerdictKind } from "../eval/index.js";
import { type FunnelStep, funnelReason, type NoOfferMatchReason, REASON_FUNNEL } from "./marathon/reasons.js";
import { type AgentRun, type AppRun, matchOffer, type OfferSink } from "./offer.js";
import type { AgentRejection, ReasonCount, Rejection, ResourceName, Unplaced } from "./types.js";

/** How much per-agent detail an explanation keeps. */
export interface ExplainOptions {
  /** Agents (in inventory order) whose own reasons are listed; 0 for none, Infinity for all. */
  readonly agents: number;
  /** How many closest agents to keep. */
  readonly nearest: number;
}

/** `field:OPERATOR[:value]`, as summaries show a constraint. */
export function constraintLabel(c: { field: string; operator: string; value?: string }): string {
  if (c.operator === "INVALID") return "invalid constraints";
  return c.value === undefined ? `${c.field}:${c.operator}` : `${c.field}:${c.operator}:${c.value}`;
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

/** A verdict that rejects, as a reason; `packageRule` marks rules a package adds. */
export function verdictRejection(v: Verdict, packageRule: boolean): Rejection {
  return {
    kind: "constraint",
    constraint: constraintLabel(v.constraint),
    verdict: v.kind,
    reason: v.reason,
    packageRule,
  };
}

/** One line of the summary while it is being counted. */
interface Entry {
  readonly key: string;
  count: number;
  /** Resources: the most any refusing agent has free. */
  max: number;
  /** The last agent row counted, so an agent counts once per line. */
  stamp: number;
  readonly text: (max: number) => string;
}

/** The summary key and wording of a non-constraint reason (one definition for both summaries). */
function describeReason(r: Rejection): { key: string; value: number; text: (max: number) => string } {
  switch (r.kind) {
    case "inactive":
      return {
        key: `inactive${r.state === undefined ? "" : `:${r.state}`}`,
        value: 0,
        text: () =>
          r.state === "DOWN"
            ? "are DOWN for maintenance (Mesos makes no offers for them)"
            : r.state === undefined
              ? "are inactive (Mesos makes no offers for them)"
              : `are ${r.state.toLowerCase()} (Mesos makes no offers for them)`,
      };
    case "gpu_hidden":
      return {
        key: "gpu_hidden",
        value: 0,
        text: () =>
          "have GPUs, and Mesos offers GPU agents only to frameworks that register for GPUs (Marathon with --enable_features gpu_resources, an SDK service that asks for a GPU)",
      };
    case "ports":
      return {
        key: "ports",
        value: r.free,
        text: (max) => `have too few free host ports (need ${r.need}, most free ${max})`,
      };
    case "maintenance":
      return {
        key: `maintenance:${r.draining}`,
        value: 0,
        text: () =>
          r.draining
            ? "are about to enter a maintenance window (within --draining_seconds), so Marathon declines their offers"
            : "are in a maintenance window, so Marathon declines their offers (--maintenance_mode)",
      };
    case "gpu_scarce":
      return {
        key: "gpu_scarce",
        value: 0,
        text: () =>
          "are GPU agents: this app uses no GPU and Marathon keeps GPU agents for GPU work (--gpu_scheduling_behavior restricted)",
      };
    case "reservation":
      return {
        key: "reservation",
        value: 0,
        text: () =>
          `hold no reservation of this app: its remaining instances wait for their persistent volumes on ${r.hostnames.length === 0 ? "other agents" : r.hostnames.join(", ")}`,
      };
    case "remote_region":
      return {
        key: "remote_region",
        value: 0,
        text: () => "are in a remote region (no @region or @zone constraint allows that)",
      };
    case "role":
      return {
        key: `role:${r.roles.join(",")}`,
        value: 0,
        text: () => `have no resources for role ${r.roles.join(" or ")}`,
      };
    case "resources":
      return {
        key: `resources:${r.resource}`,
        value: r.free,
        text: (max) =>
          `have too little ${r.resource} (need ${formatAmount(r.resource, r.need)}, most free ${formatAmount(r.resource, max)})`,
      };
    case "port":
      return {
        key: `port:${r.port}:${r.offered === false ? "absent" : "used"}`,
        value: 0,
        text: () =>
          r.offered === false ? `do not offer host port ${r.port} at all` : `have host port ${r.port} in use`,
      };
    case "constraint":
      return {
        key: `constraint:${r.constraint}:${r.verdict}:${r.packageRule}`,
        value: 0,
        text: () =>
          `rejected by ${r.constraint}${r.packageRule ? " [package rule]" : ""} (${KIND_TEXT[r.verdict] ?? r.verdict})`,
      };
  }
}

class Summary {
  readonly #entries = new Map<string, Entry>();

  /** Counts `row` under the line `key` (once per agent); `value` feeds the line's maximum. */
  add(key: string, row: number, value: number, text: (max: number) => string): Entry {
    let e = this.#entries.get(key);
    if (e === undefined) {
      e = { key, count: 0, max: value, stamp: -1, text };
      this.#entries.set(key, e);
    }
    this.bump(e, row, value);
    return e;
  }

  bump(e: Entry, row: number, value: number): void {
    if (e.stamp === row) {
      if (value > e.max) e.max = value;
      return;
    }
    e.stamp = row;
    e.count++;
    if (value > e.max) e.max = value;
  }

  lines(): ReasonCount[] {
    return [...this.#entries.values()]
      .map((e) => ({ key: e.key, count: e.count, text: e.text(e.max) }))
      .sort((x, y) => y.count - x.count || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  }
}

/**
 * Groups per-agent rejections into Kubernetes-style counts, biggest first: the definition the
 * aggregated explanation must agree with (property-tested).
 */
export function summarize(agents: readonly AgentRejection[]): ReasonCount[] {
  const summary = new Summary();
  agents.forEach((a, row) => {
    for (const r of a.reasons) {
      const d = describeReason(r);
      summary.add(d.key, row, d.value, d.text);
    }
  });
  return summary.lines();
}

/** Counts reasons agent by agent without wording them, and scores how close each agent came. */
class CountingSink implements OfferSink {
  /** Refusals that no amount of resources would lift (constraints, region, ports, roles, inactive). */
  hard = 0;
  /** Sum over short resources of the shortfall relative to the need. */
  short = 0;
  row = -1;
  readonly #kinds: VerdictKind[] = [];
  /** Per rule, per kind: its summary line, found once. */
  readonly #lines: Map<VerdictKind, Entry>[] = [];
  /** Per rule, the last kind seen and its line: most agents repeat it. */
  readonly #lastKind: VerdictKind[] = [];
  readonly #lastLine: Entry[] = [];

  constructor(
    readonly summary: Summary,
    readonly run: AppRun,
  ) {}

  start(row: number): void {
    this.row = row;
    this.hard = 0;
    this.short = 0;
  }

  reason(r: Rejection): void {
    const d = describeReason(r);
    this.summary.add(d.key, this.row, d.value, d.text);
    if (r.kind === "resources") this.short += (r.need - r.free) / r.need;
    else this.hard++;
  }

  /** Marathon's funnel: declined offers counted under their first reason (no per-agent lists kept). */
  readonly funnel = new Map<NoOfferMatchReason, number>();
  declined = 0;

  marathon(reasons: readonly NoOfferMatchReason[] | undefined): void {
    if (reasons === undefined) return;
    this.declined++;
    const first = funnelReason(reasons);
    if (first !== undefined) this.funnel.set(first, (this.funnel.get(first) ?? 0) + 1);
  }

  /** The funnel as `/v2/queue` reports it: every reason in order, declined first there, and still in play. */
  steps(): FunnelStep[] {
    let processed = this.declined;
    return REASON_FUNNEL.map((reason) => {
      const declined = this.funnel.get(reason) ?? 0;
      const step = { reason, declined, processed };
      processed -= declined;
      return step;
    });
  }

  constraints(run: AppRun, row: number, state: PlacementState): void {
    const kinds = this.#kinds;
    this.hard += run.matcher.kindsRow(row, state, kinds);
    const rules = run.matcher.ruleConstraints;
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i]!;
      if (kind === "ok") continue;
      if (this.#lastKind[i] === kind) {
        this.summary.bump(this.#lastLine[i]!, row, 0);
        continue;
      }
      let lines = this.#lines[i];
      if (lines === undefined) {
        lines = new Map();
        this.#lines[i] = lines;
      }
      let line = lines.get(kind);
      if (line === undefined) {
        const c = rules[i]!;
        const d = describeReason({
          kind: "constraint",
          constraint: constraintLabel(c),
          verdict: kind,
          reason: "",
          packageRule: i >= run.packageFrom && c.operator !== "INVALID",
        });
        line = this.summary.add(d.key, row, 0, d.text);
        lines.set(kind, line);
      } else {
        this.summary.bump(line, row, 0);
      }
      this.#lastKind[i] = kind;
      this.#lastLine[i] = line;
    }
  }
}

/** Collects one agent's reasons in full, with the constraints' worded verdicts and Marathon's reasons. */
class DetailSink implements OfferSink {
  readonly reasons: Rejection[] = [];
  marathonReasons: readonly NoOfferMatchReason[] | undefined;

  reason(r: Rejection): void {
    this.reasons.push(r);
  }

  marathon(reasons: readonly NoOfferMatchReason[] | undefined): void {
    this.marathonReasons = reasons;
  }

  constraints(run: AppRun, row: number, state: PlacementState): void {
    run.matcher.explainRow(row, state).forEach((v, i) => {
      if (!v.accepted)
        this.reasons.push(verdictRejection(v, i >= run.packageFrom && v.constraint.operator !== "INVALID"));
    });
  }
}

/** Every reason `agent` refuses one more instance of `run` now (empty when it would take one). */
export function agentReasons(agent: AgentRun, run: AppRun): readonly Rejection[] {
  return agentRejection(agent, run).reasons;
}

/** One agent's reasons, ours and (Marathon apps) Marathon's for the agent's offer. */
function agentRejection(agent: AgentRun, run: AppRun): AgentRejection {
  const sink = new DetailSink();
  matchOffer(agent, run, sink);
  return {
    hostname: agent.agent.hostname,
    reasons: sink.reasons,
    ...(sink.marathonReasons === undefined ? {} : { marathon: sink.marathonReasons }),
  };
}

/**
 * Explains why `run`'s remaining instances cannot be placed: one pass over the agents with cheap
 * verdict kinds, then worded reasons only for the closest agents and the ones asked for. Its memory is
 * the summary lines plus the agents kept, whatever the number of agents or stuck instances.
 */
export function explainUnplaced(agents: readonly AgentRun[], run: AppRun, options: ExplainOptions): Unplaced {
  const summary = new Summary();
  const sink = new CountingSink(summary, run);
  const listed: number[] = [];
  /** The closest agents so far, best first: [score, row] pairs. */
  const nearest: { score: number; row: number }[] = [];
  let candidates = 0;
  let refusing = 0;
  for (const agent of agents) {
    sink.start(agent.index);
    if (matchOffer(agent, run, sink)) {
      candidates++;
      continue;
    }
    refusing++;
    if (listed.length < options.agents) listed.push(agent.index);
    if (options.nearest <= 0) continue;
    // Any refusal that resources cannot lift outweighs every shortfall (at most 1 per resource).
    const score = sink.hard * 1000 + sink.short;
    if (nearest.length === options.nearest && score >= nearest[nearest.length - 1]!.score) continue;
    let at = nearest.length;
    while (at > 0 && nearest[at - 1]!.score > score) at--;
    nearest.splice(at, 0, { score, row: agent.index });
    if (nearest.length > options.nearest) nearest.pop();
  }
  const detail = (row: number): AgentRejection => agentRejection(agents[row]!, run);
  return {
    appId: run.app.id,
    first: run.placed + 1,
    count: run.remaining,
    candidates,
    agentCount: agents.length,
    summary: summary.lines(),
    nearest: nearest.map((n) => detail(n.row)),
    agents: listed.map(detail),
    agentsOmitted: refusing - listed.length,
    ...(run.offer.marathon ? { funnel: sink.steps() } : {}),
  };
}
