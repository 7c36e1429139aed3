// The Kubernetes-style summary of why agents refuse an app: one line per reason with the agents
// counted once each, worded in agreement with the count; the per-agent definition it must match.
// Wording and counting only: no offers, no matching.
import type { Verdict } from "../eval/index.js";
import type { AgentRejection, ReasonCount, Rejection, ResourceName } from "./types.js";

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

/** An amount of a resource as the reports print it (at most three decimals, MB for mem and disk). */
export function formatAmount(resource: ResourceName, x: number): string {
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
export class Entry {
  count = 0;
  /** The last agent row counted, so an agent counts once per line. */
  stamp = -1;

  constructor(
    readonly key: string,
    /** Resources: the most any refusing agent has free. */
    public max: number,
    /** The line's words for `count` agents (the verb agrees with it). */
    readonly text: (max: number, count: number) => string,
  ) {}
}

/** `one` for a single agent, else `many`: summary lines read "1 has ...", "2 have ...". */
function agree(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

/** The summary key and wording of a reason (one definition for both summaries). */
function describeReason(r: Rejection): {
  key: string;
  value: number;
  text: (max: number, count: number) => string;
} {
  switch (r.kind) {
    case "inactive":
      return {
        key: `inactive${r.state === undefined ? "" : `:${r.state}`}`,
        value: 0,
        text: (_, n) => {
          const state =
            r.state === "DOWN"
              ? "DOWN for maintenance"
              : r.state === undefined
                ? "inactive"
                : r.state.toLowerCase();
          return `${agree(n, "is", "are")} ${state} (Mesos makes no offers for ${agree(n, "it", "them")})`;
        },
      };
    case "gpu_hidden":
      return {
        key: "gpu_hidden",
        value: 0,
        text: (_, n) =>
          `${agree(n, "has", "have")} GPUs, and Mesos offers GPU agents only to frameworks that register for GPUs (Marathon with --enable_features gpu_resources, an SDK service that asks for a GPU)`,
      };
    case "ports":
      return {
        key: "ports",
        value: r.free,
        text: (max, n) =>
          `${agree(n, "has", "have")} too few free host ports (need ${r.need}, most free ${max})`,
      };
    case "maintenance":
      return {
        key: `maintenance:${r.draining}`,
        value: 0,
        text: (_, n) =>
          r.draining
            ? `${agree(n, "is", "are")} about to enter a maintenance window (within --draining_seconds), so Marathon declines ${agree(n, "its", "their")} offers`
            : `${agree(n, "is", "are")} in a maintenance window, so Marathon declines ${agree(n, "its", "their")} offers (--maintenance_mode)`,
      };
    case "gpu_scarce":
      return {
        key: "gpu_scarce",
        value: 0,
        text: (_, n) =>
          `${agree(n, "is a GPU agent", "are GPU agents")}: this app uses no GPU and Marathon keeps GPU agents for GPU work (--gpu_scheduling_behavior restricted)`,
      };
    case "reservation":
      return {
        key: "reservation",
        value: 0,
        text: (_, n) =>
          `${agree(n, "holds", "hold")} no reservation of this app: its remaining instances wait for their persistent volumes on ${r.hostnames.length === 0 ? "other agents" : r.hostnames.join(", ")}`,
      };
    case "remote_region":
      return {
        key: "remote_region",
        value: 0,
        text: (_, n) =>
          `${agree(n, "is", "are")} in a remote region (no @region or @zone constraint allows that)`,
      };
    case "role":
      return {
        key: `role:${r.roles.join(",")}`,
        value: 0,
        text: (_, n) => `${agree(n, "has", "have")} no resources for role ${r.roles.join(" or ")}`,
      };
    case "resources":
      return {
        key: `resources:${r.resource}`,
        value: r.free,
        text: (max, n) =>
          `${agree(n, "has", "have")} too little ${r.resource} (need ${formatAmount(r.resource, r.need)}, most free ${formatAmount(r.resource, max)})`,
      };
    case "port":
      return {
        key: `port:${r.port}:${r.offered === false ? "absent" : "used"}`,
        value: 0,
        text: (_, n) =>
          r.offered === false
            ? `${agree(n, "does", "do")} not offer host port ${r.port} at all`
            : `${agree(n, "has", "have")} host port ${r.port} in use`,
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

export class Summary {
  readonly #entries = new Map<string, Entry>();

  /** Counts `row` under the line `key` (once per agent); `value` feeds the line's maximum. */
  add(key: string, row: number, value: number, text: Entry["text"]): Entry {
    let e = this.#entries.get(key);
    if (e === undefined) {
      e = new Entry(key, value, text);
      this.#entries.set(key, e);
    }
    this.bump(e, row, value);
    return e;
  }

  /** The line of `r`, made (with no agent counted) when new: for counts added at once. */
  line(r: Rejection): Entry {
    const d = describeReason(r);
    let e = this.#entries.get(d.key);
    if (e === undefined) {
      e = new Entry(d.key, d.value, d.text);
      this.#entries.set(d.key, e);
    }
    return e;
  }

  /** Counts `row` under the line of `r`. */
  addReason(r: Rejection, row: number): Entry {
    const d = describeReason(r);
    return this.add(d.key, row, d.value, d.text);
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

  /** An independent copy, to count more agents or more reasons into. */
  copy(): Summary {
    const other = new Summary();
    for (const e of this.#entries.values()) {
      const copy = new Entry(e.key, e.max, e.text);
      copy.count = e.count;
      other.#entries.set(e.key, copy);
    }
    return other;
  }

  lines(): ReasonCount[] {
    return [...this.#entries.values()]
      .map((e) => ({ key: e.key, count: e.count, text: e.text(e.max, e.count) }))
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
    for (const r of a.reasons) summary.addReason(r, row);
  });
  return summary.lines();
}
