// Kubernetes: each constraint becomes node affinity, a node selector, pod (anti-)affinity on the app's own
// label, or a topology spread, with a fidelity and a reason. Reads the per-operator table in spread.ts.
import type { Agent } from "../agents/agent.js";
import type { Dialect } from "../ast.js";
import { type FieldRef, fieldRef, type Naming, targetValue } from "./fields.js";
import { planStatic, type Selection } from "./select.js";
import { invalidReason, spreadRule } from "./spread.js";
import type {
  ConstraintLike,
  Converted,
  KubernetesPlacement,
  NodeSelectorRequirement,
  PodAffinityTerm,
  TopologySpreadConstraint,
} from "./types.js";

export const DEFAULT_APP_LABEL = "app.kubernetes.io/instance";

/** Collects one app's placement fields as its constraints are converted. */
class Builder {
  readonly nodeSelector: Record<string, string> = {};
  readonly expressions: NodeSelectorRequirement[] = [];
  readonly affinity: PodAffinityTerm[] = [];
  readonly antiAffinity: PodAffinityTerm[] = [];
  readonly spread: TopologySpreadConstraint[] = [];

  constructor(readonly selector: Readonly<Record<string, string>>) {}

  expression(e: NodeSelectorRequirement): void {
    const same = (x: NodeSelectorRequirement) =>
      x.key === e.key && x.operator === e.operator && JSON.stringify(x.values) === JSON.stringify(e.values);
    if (!this.expressions.some(same)) this.expressions.push(e);
  }

  equals(key: string, value: string): void {
    const had = this.nodeSelector[key];
    if (had === undefined) this.nodeSelector[key] = value;
    else if (had !== value) this.expression({ key, operator: "In", values: [value] });
  }

  never(key: string): void {
    this.expression({ key, operator: "Exists" });
    this.expression({ key, operator: "DoesNotExist" });
  }

  build(labels: Readonly<Record<string, string>>): KubernetesPlacement {
    const affinity = {
      ...(this.expressions.length > 0
        ? {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: this.expressions }],
              },
            },
          }
        : {}),
      ...(this.affinity.length > 0
        ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: this.affinity } }
        : {}),
      ...(this.antiAffinity.length > 0
        ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: this.antiAffinity } }
        : {}),
    };
    return {
      metadata: { labels },
      spec: {
        ...(Object.keys(this.nodeSelector).length > 0 ? { nodeSelector: this.nodeSelector } : {}),
        ...(Object.keys(affinity).length > 0 ? { affinity } : {}),
        ...(this.spread.length > 0 ? { topologySpreadConstraints: this.spread } : {}),
      },
    };
  }
}

export interface KubernetesContext {
  readonly naming: Naming;
  readonly agents?: readonly Agent[];
  readonly dialect: Dialect;
}

/** Label values for a list, and a note when some had to be renamed. */
function values(list: readonly string[]): { names: string[]; note: string } {
  const named = list.map((v) => targetValue("kubernetes", v));
  const renamed = list.filter((_, i) => named[i]!.renamed);
  const note =
    renamed.length === 0
      ? ""
      : `; ${renamed.map((v) => JSON.stringify(v)).join(", ")} ${renamed.length === 1 ? "is not a valid label value and is" : "are not valid label values and are"} written as ${named
          .filter((n) => n.renamed)
          .map((n) => n.name)
          .join(", ")}`;
  return { names: named.map((n) => n.name), note };
}

/** Adds a selection on one field; returns what it says about renamed values. */
function select(b: Builder, ref: FieldRef, sel: Selection, hostRef: FieldRef): string {
  const key = ref.key;
  switch (sel.t) {
    case "in": {
      if (sel.values.length === 0) {
        b.never(key);
        return "";
      }
      const v = values(sel.values);
      if (v.names.length === 1) b.equals(key, v.names[0]!);
      else b.expression({ key, operator: "In", values: v.names });
      return v.note;
    }
    case "notIn": {
      if (sel.values.length === 0) return "";
      const v = values(sel.values);
      b.expression({ key, operator: "NotIn", values: v.names });
      return v.note;
    }
    case "presentNotIn": {
      if (!ref.builtinHost) b.expression({ key, operator: "Exists" });
      const v = values(sel.values);
      b.expression({ key, operator: "NotIn", values: v.names });
      return v.note;
    }
    case "exists":
      if (!ref.builtinHost) b.expression({ key, operator: "Exists" });
      return "";
    case "absent":
      b.expression({ key, operator: "DoesNotExist" });
      return "";
    case "hosts":
      return select(b, hostRef, { t: "in", values: sel.hostnames }, hostRef);
  }
}

function describe(ref: FieldRef, sel: Selection, hostRef: FieldRef): string {
  const key = ref.key;
  switch (sel.t) {
    case "in":
      if (sel.values.length === 0) return `${key} Exists and DoesNotExist (no node qualifies)`;
      return sel.values.length === 1 ? `nodeSelector ${key}` : `node affinity ${key} In`;
    case "notIn":
      return sel.values.length === 0 ? "no rule needed" : `node affinity ${key} NotIn`;
    case "presentNotIn":
      return `node affinity ${ref.builtinHost ? "" : `${key} Exists and `}${key} NotIn`;
    case "exists":
      return ref.builtinHost ? "no rule needed" : `node affinity ${key} Exists`;
    case "absent":
      return `node affinity ${key} DoesNotExist`;
    case "hosts":
      return `node affinity ${hostRef.key} In (the agents' host names)`;
  }
}

/** Premises an exact claim rests on: which node labels must hold what. */
function premise(ref: FieldRef): string {
  if (ref.kind === "hostname" && ref.builtinHost) return "; exact when nodes keep the Mesos host names";
  if (ref.kind === "zone" || ref.kind === "region")
    return `; exact when ${ref.key} holds the Mesos ${ref.kind} names`;
  return ref.renamed ? `; the attribute name is not a valid label key and is written as ${ref.key}` : "";
}

/** Converts one constraint, adding its rule to the builder. */
function convertOne(c: ConstraintLike, b: Builder, ctx: KubernetesContext): Converted {
  const ref = fieldRef(c.field, ctx.naming);
  const hostRef = fieldRef("hostname", ctx.naming);
  const rule = spreadRule(c, ctx.dialect, ctx.agents);
  if (rule !== undefined) {
    const topologyKey = ref.key;
    const term = { labelSelector: { matchLabels: b.selector }, topologyKey };
    switch (rule.kind) {
      case "unique": {
        b.antiAffinity.push(term);
        if (rule.missing === "reject" && !ref.builtinHost)
          b.expression({ key: topologyKey, operator: "Exists" });
        const exists = rule.missing === "reject" && !ref.builtinHost ? ` and ${topologyKey} Exists` : "";
        const fidelity = rule.fieldExact ? "exact" : "approximate";
        return {
          fidelity,
          reason: `required pod anti-affinity on ${topologyKey}${exists}: one pod per value${rule.note}${fidelity === "exact" && !ref.builtinHost ? premise(ref) : ""}`,
        };
      }
      case "limit": {
        b.spread.push({
          maxSkew: rule.max,
          topologyKey,
          whenUnsatisfiable: "DoNotSchedule",
          labelSelector: term.labelSelector,
        });
        const unlabelled =
          rule.missing === "pass"
            ? `, except on nodes without ${topologyKey}, which it refuses and ${rule.who} admits`
            : "";
        return {
          fidelity: "approximate",
          reason: `Kubernetes has no per-value count limit; chose a topology spread with maxSkew ${rule.max} on ${topologyKey}: it admits every placement ${rule.who} does${unlabelled}, and also more than ${rule.max} pods on a value once every value has pods (${rule.who} refuses the ${ordinal(rule.max + 1)})`,
        };
      }
      case "spread": {
        b.spread.push({
          maxSkew: 1,
          topologyKey,
          whenUnsatisfiable: "DoNotSchedule",
          labelSelector: term.labelSelector,
          ...(rule.groups > 1 ? { minDomains: rule.groups } : {}),
        });
        const min = rule.groups > 1 ? ` and minDomains ${rule.groups}` : "";
        return {
          fidelity: "approximate",
          reason: `topology spread on ${topologyKey} with maxSkew 1${min}: ${rule.differs.kubernetes}`,
        };
      }
      case "cluster":
        b.affinity.push(term);
        return {
          fidelity: "exact",
          reason: `required pod affinity to the app's own pods on ${topologyKey}: the first pod picks the value and the rest follow, as Marathon's first instance does${premise(ref)}`,
        };
      case "never":
        b.never(topologyKey);
        return {
          fidelity: "exact",
          reason: `${rule.why}; the converted rule (${topologyKey} Exists and DoesNotExist) admits no node either`,
        };
    }
  }
  const plan = planStatic(c, ctx.dialect, ctx.agents);
  // An approximation that adds no rule (Exists on the node's own host name) is no rule at all.
  const useful = (f: "exact" | "inventory" | "approximate") =>
    plan[f] !== undefined && !(f === "approximate" && plan[f].sel.t === "exists" && ref.builtinHost);
  const pick = (["exact", "inventory", "approximate"] as const).find(useful);
  if (pick === undefined)
    return { fidelity: "none", reason: `no rule: ${plan.none("kubernetes")}${inventoryHint(ctx)}` };
  const choice = plan[pick]!;
  const note = select(b, ref, choice.sel, hostRef);
  const what = describe(ref, choice.sel, hostRef);
  const extra = pick === "approximate" ? "" : premise(choice.sel.t === "hosts" ? hostRef : ref);
  return { fidelity: pick, reason: `${what}: ${choice.why}${note}${extra}` };
}

function inventoryHint(ctx: { readonly agents?: readonly Agent[] }): string {
  return ctx.agents === undefined
    ? "; with --inventory, the agents that pass are listed (by value or host name)"
    : "";
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${s}`;
}

/** One app's constraints as Kubernetes placement, each with its fidelity. */
export function toKubernetes(
  constraints: readonly ConstraintLike[],
  appLabels: Readonly<Record<string, string>>,
  ctx: KubernetesContext,
  invalid?: string,
): { placement: KubernetesPlacement; conversions: Converted[] } {
  const b = new Builder(appLabels);
  const conversions = constraints.map((c) => convertOne(c, b, ctx));
  if (invalid !== undefined) {
    b.never(fieldRef("hostname", ctx.naming).key);
    conversions.push({ fidelity: "exact", reason: invalidReason(invalid) });
  }
  return { placement: b.build(appLabels), conversions };
}
