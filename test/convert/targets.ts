// Test-only models of the targets' node selection, written from their documentation: Kubernetes'
// nodeSelector and required node affinity (In, NotIn, Exists, DoesNotExist, Gt, Lt), and Nomad's
// constraint operators as scheduler/feasible/feasible.go checks them (regexp through an RE2 engine).
import { RE2JS } from "re2js";
import { NOMAD_HOSTNAME } from "../../src/convert/fields.js";
import type {
  KubernetesPlacement,
  NodeSelectorRequirement,
  NomadPlacement,
} from "../../src/convert/types.js";

/** Kubernetes' Gt/Lt read both sides as base-10 int64; a value that does not parse never matches. */
function int64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

function requirement(e: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, e.key);
  const v = labels[e.key];
  const values = e.values ?? [];
  switch (e.operator) {
    case "In":
      return has && values.includes(v!);
    case "NotIn":
      return !has || !values.includes(v!);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has || values.length !== 1) return false;
      const a = int64(v!);
      const b = int64(values[0]!);
      if (a === undefined || b === undefined) return false;
      return e.operator === "Gt" ? a > b : a < b;
    }
  }
}

/** Whether a node with these labels passes the placement's nodeSelector and required node affinity. */
export function kubernetesAdmits(p: KubernetesPlacement, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(p.spec.nodeSelector ?? {})) {
    if (labels[k] !== v || !Object.hasOwn(labels, k)) return false;
  }
  const terms =
    p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
  if (terms === undefined) return true;
  // Terms are ORed; the expressions of a term are ANDed.
  return terms.some((t) => t.matchExpressions.every((e) => requirement(e, labels)));
}

export interface NomadNode {
  readonly name: string;
  readonly meta: Readonly<Record<string, string>>;
}

function resolve(target: string, node: NomadNode): [string, boolean] {
  if (!target.startsWith("${")) return [target, true];
  if (target === NOMAD_HOSTNAME) return [node.name, true];
  if (target.startsWith("${meta.")) {
    const key = target.slice(7, -1);
    return Object.hasOwn(node.meta, key) ? [node.meta[key]!, true] : ["", false];
  }
  return ["", false];
}

/** Whether a node passes the task group's constraints (distinct_* need placed allocations: skipped). */
export function nomadAdmits(p: NomadPlacement, node: NomadNode): boolean {
  return p.Constraints.every((c) => {
    const [l, lFound] = resolve(c.LTarget, node);
    const [r, rFound] = resolve(c.RTarget, node);
    switch (c.Operand) {
      case "distinct_hosts":
      case "distinct_property":
        return true;
      case "=":
      case "==":
      case "is":
        return lFound && rFound && l === r;
      case "!=":
      case "not":
        // A missing attribute resolves to "", which differs from any (non-empty) right-hand value.
        return l !== r;
      case "is_set":
        return lFound;
      case "is_not_set":
        return !lFound;
      case "regexp":
        // Go's MatchString looks for a match anywhere; the pattern carries its own anchors.
        return lFound && rFound && RE2JS.compile(r).matcher(l).find();
      default:
        throw new Error(`nomadAdmits: operator ${c.Operand} not modelled`);
    }
  });
}
