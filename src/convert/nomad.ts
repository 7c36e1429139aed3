// Nomad: each constraint becomes task group constraints (`=`, `!=`, `regexp`, `is_set`, `distinct_hosts`,
// `distinct_property`) or a spread, in the job API's JSON form, with a fidelity and a reason.
import type { Agent } from "../agents/agent.js";
import type { Dialect } from "../ast.js";
import { type FieldRef, fieldRef, type Naming } from "./fields.js";
import { re2Literals } from "./regex.js";
import { planStatic, type Selection } from "./select.js";
import { invalidReason, spreadRule } from "./spread.js";
import type { ConstraintLike, Converted, NomadConstraint, NomadPlacement, NomadSpread } from "./types.js";

export interface NomadContext {
  readonly naming: Naming;
  readonly agents?: readonly Agent[];
  readonly dialect: Dialect;
}

class Builder {
  readonly constraints: NomadConstraint[] = [];
  readonly spreads: NomadSpread[] = [];

  add(LTarget: string, Operand: string, RTarget = ""): void {
    if (
      !this.constraints.some((c) => c.LTarget === LTarget && c.Operand === Operand && c.RTarget === RTarget)
    ) {
      this.constraints.push({ LTarget, RTarget, Operand });
    }
  }

  never(target: string): void {
    this.add(target, "is_set");
    this.add(target, "is_not_set");
  }

  build(): NomadPlacement {
    return { Constraints: this.constraints, Spreads: this.spreads };
  }
}

/**
 * Whether Nomad reads this right-hand value literally: it must not be empty (validation requires one)
 * and must not start with "${" (Nomad would resolve it as a node attribute).
 */
function literal(v: string): boolean {
  return v !== "" && !v.startsWith("${");
}

/** The constraints for a selection, or undefined when Nomad's operators cannot say it. */
function constraintsFor(
  ref: FieldRef,
  sel: Selection,
  hostRef: FieldRef,
): [string, string, string][] | undefined {
  const t = ref.key;
  switch (sel.t) {
    case "in":
      if (sel.values.length === 0)
        return [
          [t, "is_set", ""],
          [t, "is_not_set", ""],
        ];
      if (sel.values.length === 1 && literal(sel.values[0]!)) return [[t, "=", sel.values[0]!]];
      return [[t, "regexp", re2Literals(sel.values)]];
    case "notIn":
      // `!=` passes when the node lacks the attribute, as Marathon's UNLIKE does.
      if (!sel.values.every(literal)) return undefined;
      return sel.values.map((v) => [t, "!=", v]);
    case "presentNotIn":
      if (!sel.values.every(literal)) return undefined;
      return [
        ...(ref.builtinHost ? [] : [[t, "is_set", ""] as [string, string, string]]),
        ...sel.values.map((v): [string, string, string] => [t, "!=", v]),
      ];
    case "exists":
      return ref.builtinHost ? [] : [[t, "is_set", ""]];
    case "absent":
      return [[t, "is_not_set", ""]];
    case "hosts":
      return constraintsFor(hostRef, { t: "in", values: sel.hostnames }, hostRef);
  }
}

function describe(rules: readonly [string, string, string][]): string {
  if (rules.length === 0) return "no constraint needed";
  const ops = [...new Set(rules.map((r) => r[1]))];
  return `constraint ${rules[0]![0]} ${ops.join(" and ")}`;
}

function premise(ref: FieldRef): string {
  if (ref.kind === "hostname" && ref.builtinHost) return "; exact when Nomad nodes keep the Mesos host names";
  return ref.renamed ? `; the attribute name is not a meta key and is written as ${ref.key}` : "";
}

function convertOne(c: ConstraintLike, b: Builder, ctx: NomadContext): Converted {
  const ref = fieldRef(c.field, ctx.naming);
  const hostRef = fieldRef("hostname", ctx.naming);
  const rule = spreadRule(c, ctx.dialect, ctx.agents);
  if (rule !== undefined) {
    const target = ref.key;
    switch (rule.kind) {
      case "unique":
      case "limit": {
        const max = rule.kind === "unique" ? 1 : rule.max;
        const hosts = ref.builtinHost && max === 1;
        if (hosts) b.add("", "distinct_hosts", "true");
        else b.add(target, "distinct_property", max === 1 ? "" : String(max));
        const what = hosts
          ? "distinct_hosts"
          : `distinct_property on ${target}${max === 1 ? "" : ` (limit ${max})`}`;
        const note = rule.kind === "unique" ? rule.note : "";
        const loose = rule.kind === "unique" && !rule.fieldExact;
        if (rule.missing === "pass") {
          const everyone = ctx.agents?.length && ctx.agents.every((a) => a.region !== undefined);
          if (everyone) {
            return {
              fidelity: "inventory",
              reason: `${what}: Nomad refuses nodes without ${target}, which the SDK admits for @region, but every agent given has a region${note}`,
            };
          }
          return {
            fidelity: "approximate",
            reason: `${what}: Nomad refuses nodes without ${target}; the SDK admits agents without a region${note}`,
          };
        }
        return {
          fidelity: loose ? "approximate" : "exact",
          reason: hosts
            ? `distinct_hosts: at most one allocation per node${note}`
            : `${what}: at most ${max} ${max === 1 ? "allocation" : "allocations"} per value, nodes without it refused${note}${loose ? "" : premise(ref)}`,
        };
      }
      case "spread":
        b.add(target, "is_set");
        b.spreads.push({ Attribute: target, Weight: 100, SpreadTarget: null });
        return {
          fidelity: "approximate",
          reason: `spread on ${target} (weight 100) and ${target} is_set: ${rule.differs.nomad}`,
        };
      case "cluster":
        return {
          fidelity: "none",
          reason: `no rule: Nomad has no constraint relative to the values its own allocations use; pin the value with CLUSTER:<value> first`,
        };
      case "never":
        b.never(target);
        return {
          fidelity: "exact",
          reason: `${rule.why}; the converted constraints (is_set and is_not_set) admit no node either`,
        };
    }
  }
  const plan = planStatic(c, ctx.dialect, ctx.agents);
  const fieldRules = (sel: Selection) => constraintsFor(ref, sel, hostRef);
  const tries: {
    fidelity: "exact" | "inventory" | "approximate";
    rules: [string, string, string][] | undefined;
    why: string;
    ref: FieldRef;
  }[] = [];
  if (plan.exact)
    tries.push({
      fidelity: "exact",
      rules: fieldRules(plan.exact.sel),
      why: plan.exact.why,
      ref: plan.exact.sel.t === "hosts" ? hostRef : ref,
    });
  if (plan.re2)
    tries.push({ fidelity: "exact", rules: [[ref.key, "regexp", plan.re2.pattern]], why: plan.re2.why, ref });
  if (plan.inventory)
    tries.push({
      fidelity: "inventory",
      rules: fieldRules(plan.inventory.sel),
      why: plan.inventory.why,
      ref: plan.inventory.sel.t === "hosts" ? hostRef : ref,
    });
  if (plan.approximate)
    tries.push({
      fidelity: "approximate",
      rules: fieldRules(plan.approximate.sel),
      why: plan.approximate.why,
      ref,
    });
  // An approximation that adds no rule (is_set on the node's own name) is no rule at all.
  const pick = tries.find(
    (t) => t.rules !== undefined && !(t.fidelity === "approximate" && t.rules.length === 0),
  );
  if (pick === undefined) {
    const unsaid =
      plan.exact || plan.inventory
        ? "; the values include one Nomad cannot compare literally (empty, or starting with ${)"
        : "";
    const hint =
      ctx.agents === undefined
        ? "; with --inventory, the agents that pass are listed (by value or host name)"
        : "";
    return { fidelity: "none", reason: `no rule: ${plan.none("nomad")}${unsaid}${hint}` };
  }
  for (const [l, op, r] of pick.rules!) b.add(l, op, r);
  const extra = pick.fidelity === "approximate" ? "" : premise(pick.ref);
  return { fidelity: pick.fidelity, reason: `${describe(pick.rules!)}: ${pick.why}${extra}` };
}

/** One app's constraints as Nomad task group placement, each with its fidelity. */
export function toNomad(
  constraints: readonly ConstraintLike[],
  ctx: NomadContext,
  invalid?: string,
): { placement: NomadPlacement; conversions: Converted[] } {
  const b = new Builder();
  const conversions = constraints.map((c) => convertOne(c, b, ctx));
  if (invalid !== undefined) {
    b.never(fieldRef("hostname", ctx.naming).key);
    conversions.push({ fidelity: "exact", reason: invalidReason(invalid) });
  }
  return { placement: b.build(), conversions };
}
