// Constraints that depend on the agent alone (IS, CLUSTER with a value, LIKE, UNLIKE, IS_NOT) as value
// selections on one field, per dialect: exact where the semantics allow, from the agents given otherwise.
import type { Agent } from "../agents/agent.js";
import { fieldValue } from "../agents/field-value.js";
import { renderScalarMarathon } from "../agents/render.js";
import type { ConstraintTuple, Dialect } from "../ast.js";
import { parseJavaDouble } from "../eval/java-number.js";
import { safeCompile } from "../eval/matcher.js";
import { type FieldKind, fieldKind } from "./fields.js";
import { matchedValues, toRe2 } from "./regex.js";
import type { ConstraintLike, ConvertTarget } from "./types.js";

/**
 * Which agents a constraint admits, by the value of its field (the first attribute of that name,
 * rendered as Marathon renders it). `hosts` names agents when no single field can say it.
 */
export type Selection =
  /** Has the field, with one of these values (none: admits nothing). */
  | { readonly t: "in"; readonly values: readonly string[] }
  /** Lacks the field, or has another value (none listed: admits everything). */
  | { readonly t: "notIn"; readonly values: readonly string[] }
  /** Has the field, with a value not listed. */
  | { readonly t: "presentNotIn"; readonly values: readonly string[] }
  | { readonly t: "exists" }
  | { readonly t: "absent" }
  /** Exactly these agents, by host name. */
  | { readonly t: "hosts"; readonly hostnames: readonly string[] };

export interface Choice {
  readonly sel: Selection;
  /** Why this selection is right, or how it differs (for approximations). */
  readonly why: string;
}

/** Every way we know to express one agent-only constraint, best first; targets take what they can. */
export interface StaticPlan {
  readonly exact?: Choice;
  /** Nomad's `regexp` (RE2) for the field's value; exact. */
  readonly re2?: { readonly pattern: string; readonly why: string };
  readonly inventory?: Choice;
  readonly approximate?: Choice;
  /** Why nothing fits on a target, when nothing does. */
  readonly none: (target: ConvertTarget) => string;
}

export const STATIC_OPERATORS = new Set(["IS", "LIKE", "UNLIKE", "IS_NOT"]);

/** Whether the constraint depends on the agent alone (no placed instances). */
export function isStatic(c: ConstraintLike): boolean {
  return STATIC_OPERATORS.has(c.operator) || (c.operator === "CLUSTER" && (c.value ?? "") !== "");
}

const MARATHON_SCALAR = /^[0-9]+(?:\.[0-9]+)?$/;
/** `none` of a plan that always has an exact or approximate rule. */
const NOTHING = () => "";

function quote(values: readonly string[]): string {
  const shown = values.slice(0, 4).map((v) => JSON.stringify(v));
  return values.length > 4 ? `${shown.join(", ")} and ${values.length - 4} more` : shown.join(", ");
}

/**
 * Whether no scalar, range or set attribute renders to this string in either dialect (Marathon's
 * `0.###`, the SDK's `%.3f`, `[..]`, `{..}`), so it can only be a text value.
 */
function textOnly(v: string): boolean {
  return !/^-?[0-9]+(?:\.[0-9]+)?$/.test(v) && !/^[[{]/.test(v) && !/^-?(?:∞|NaN|Infinity)$/.test(v);
}

/** The exact analysis, per dialect; undefined parts mean "not exactly expressible without agents". */
function analyse(c: ConstraintLike, dialect: Dialect, kind: FieldKind): Omit<StaticPlan, "inventory"> {
  const value = c.value ?? "";
  const op = c.operator;
  const field = c.field;
  const sdk = dialect === "dcos-sdk";
  if (!sdk || kind !== "attribute") {
    // Marathon compares one rendered value; the SDK does too for hostname, zone and region.
    if (op === "LIKE" || op === "UNLIKE") return regexPlan(c, value, sdk);
    if (!sdk) {
      const target = op === "IS" && MARATHON_SCALAR.test(value) ? renderScalarMarathon(Number(value)) : value;
      const how =
        target === value
          ? `equal to ${JSON.stringify(value)}`
          : `equal to ${JSON.stringify(target)} (Marathon reads ${value} as a number)`;
      return { exact: { sel: { t: "in", values: [target] }, why: how }, none: NOTHING };
    }
    // dcos-commons' exact matchers read both sides as Java doubles when they can.
    const n = parseJavaDouble(value);
    const target = n === undefined ? value : renderScalarMarathon(n);
    const inverted = op === "IS_NOT";
    if (n === undefined && target !== "∞" && target !== "-∞") {
      return {
        exact: {
          sel: inverted ? { t: "presentNotIn", values: [value] } : { t: "in", values: [value] },
          why: inverted ? `present and not ${JSON.stringify(value)}` : `equal to ${JSON.stringify(value)}`,
        },
        none: NOTHING,
      };
    }
    const spellings = [...new Set([target, value])];
    return {
      approximate: {
        sel: inverted ? { t: "presentNotIn", values: spellings } : { t: "in", values: spellings },
        why: `the SDK compares ${field} values as numbers, so any spelling of ${target} (${value}, ${target}e0, +${target}, ...) ${inverted ? "is excluded" : "matches"}; only ${quote(spellings)} are listed`,
      },
      none: NOTHING,
    };
  }
  // dcos-sdk attributes: a match of "field:value" against every attribute string of the agent.
  if (op === "IS" || op === "CLUSTER" || op === "IS_NOT") {
    if (op === "IS_NOT") {
      return {
        none: () =>
          `the SDK's IS_NOT on an attribute passes when any attribute string of the agent differs from "${field}:${value}", which no rule on one value can say`,
      };
    }
    if (textOnly(value) && !field.includes(":")) {
      return {
        exact: {
          sel: { t: "in", values: [value] },
          why: `the SDK looks for the attribute string "${field}:${value}"`,
        },
        none: NOTHING,
      };
    }
    return {
      approximate: {
        sel: { t: "in", values: [value] },
        why: `the SDK compares "${field}:${value}" with the attribute as it renders it (scalars with 3 decimals, ranges and sets in stored order); labels hold Marathon's rendering`,
      },
      none: NOTHING,
    };
  }
  return sdkAttributeRegexPlan(c, value);
}

function regexPlan(c: ConstraintLike, pattern: string, sdk: boolean): Omit<StaticPlan, "inventory"> {
  const like = c.operator === "LIKE";
  if (pattern === "" && !sdk) {
    return like
      ? {
          exact: {
            sel: { t: "in", values: [] },
            why: "Marathon's LIKE with an empty pattern matches no agent",
          },
          none: NOTHING,
        }
      : {
          exact: {
            sel: { t: "absent" },
            why: "Marathon's UNLIKE with an empty pattern admits only agents without the field",
          },
          none: NOTHING,
        };
  }
  const values = matchedValues(pattern);
  const re2 = like ? toRe2(pattern) : undefined;
  const plan: { -readonly [K in keyof StaticPlan]?: StaticPlan[K] } = {
    none: (target) =>
      target === "kubernetes"
        ? "Kubernetes has no regular expressions"
        : like
          ? "RE2 (Nomad's regexp) cannot say this Java pattern exactly"
          : "Nomad has no negated regexp, and the pattern matches too many values to list",
  };
  if (values !== undefined) {
    plan.exact = like
      ? { sel: { t: "in", values }, why: `the pattern matches exactly ${quote(values)}` }
      : { sel: { t: "notIn", values }, why: `the pattern matches exactly ${quote(values)}` };
  }
  if (re2 !== undefined)
    plan.re2 = { pattern: re2, why: "the Java pattern translated exactly to RE2, anchored" };
  if (like) {
    plan.approximate = {
      sel: { t: "exists" },
      why: "admits every node with the field whatever its value; Marathon also requires the pattern to match",
    };
  }
  return plan as StaticPlan;
}

/** dcos-sdk LIKE/UNLIKE on an attribute: the pattern "field:value" against every attribute string. */
function sdkAttributeRegexPlan(c: ConstraintLike, pattern: string): Omit<StaticPlan, "inventory"> {
  const like = c.operator === "LIKE";
  const whole = `${c.field}:${pattern}`;
  const strings = matchedValues(whole);
  const plan: { -readonly [K in keyof StaticPlan]?: StaticPlan[K] } = {
    none: () =>
      `the SDK matches "${whole}" against every attribute string of the agent, which no rule on one value can say`,
  };
  if (strings !== undefined) {
    const prefix = `${c.field}:`;
    const values: string[] = [];
    const never: string[] = [];
    let other = false;
    for (const s of strings) {
      if (s.startsWith(prefix)) values.push(s.slice(prefix.length));
      // A string without ":" is no attribute string; one with another name depends on other attributes.
      else if (s.includes(":")) other = true;
      else never.push(s);
    }
    if (!other && values.every(textOnly) && !c.field.includes(":")) {
      const dropped =
        never.length === 0
          ? ""
          : ` (${quote(never)} ${never.length === 1 ? "has" : "have"} no ":" and can match no attribute string)`;
      const why = `"${whole}" matches exactly ${quote([...values.map((v) => prefix + v), ...never])}${dropped}`;
      plan.exact = { sel: like ? { t: "in", values } : { t: "notIn", values }, why };
    }
  }
  if (like) {
    plan.approximate = {
      sel: { t: "exists" },
      why: `admits every node with the field; the SDK also requires "${whole}" to match one of the agent's attribute strings`,
    };
  }
  return plan as StaticPlan;
}

/** Whether a selection admits an agent whose field value is `v` (undefined: lacks the field). */
export function admits(sel: Selection, v: string | undefined, hostname: string): boolean {
  switch (sel.t) {
    case "in":
      return v !== undefined && sel.values.includes(v);
    case "notIn":
      return v === undefined || !sel.values.includes(v);
    case "presentNotIn":
      return v !== undefined && !sel.values.includes(v);
    case "exists":
      return v !== undefined;
    case "absent":
      return v === undefined;
    case "hosts":
      return sel.hostnames.includes(hostname);
  }
}

function tuple(c: ConstraintLike): ConstraintTuple {
  return c.value === undefined ? [c.field, c.operator] : [c.field, c.operator, c.value];
}

/**
 * What our evaluator says about each agent, as a selection on the field when one fits (every agent
 * with a value is accepted or refused alike), else by host name.
 */
function fromAgents(c: ConstraintLike, dialect: Dialect, agents: readonly Agent[]): Choice | undefined {
  const compiled = safeCompile([tuple(c)], { dialect });
  if (compiled.matcher === undefined) return undefined;
  const matcher = compiled.matcher;
  const verdicts = new Map<string | undefined, boolean>();
  let uniform = true;
  const accepted: string[] = [];
  for (const agent of agents) {
    const ok = matcher.accepts(agent);
    if (ok) accepted.push(agent.hostname);
    const v = fieldValue(agent, c.field);
    const seen = verdicts.get(v);
    if (seen !== undefined && seen !== ok) uniform = false;
    verdicts.set(v, ok);
  }
  const n = agents.length;
  const summary = `${accepted.length} of ${n} agents pass`;
  if (!uniform) {
    // Agents that share a host name cannot be told apart by it either.
    const refused = new Set(agents.filter((a) => !matcher.accepts(a)).map((a) => a.hostname));
    if (accepted.some((h) => refused.has(h))) return undefined;
    return {
      sel: { t: "hosts", hostnames: accepted },
      why: `${summary}, and not by the value of ${c.field} alone: the agents are listed by host name`,
    };
  }
  const yes: string[] = [];
  const no: string[] = [];
  for (const [v, ok] of verdicts) if (v !== undefined) (ok ? yes : no).push(v);
  yes.sort();
  no.sort();
  const missing = verdicts.get(undefined);
  // Keep the dialect's rule for agents without the field where the inventory has none.
  const missingPasses = missing ?? c.operator === "UNLIKE";
  if (missingPasses) {
    return {
      sel: { t: "notIn", values: no },
      why: `${summary}: every value but ${no.length === 0 ? "none" : quote(no)}`,
    };
  }
  if (yes.length === 0)
    return { sel: { t: "in", values: [] }, why: `${summary}: no value of ${c.field} matches` };
  return {
    sel: { t: "in", values: yes },
    why: `${summary}: ${yes.length === 1 ? "the value" : "the values"} ${quote(yes)}`,
  };
}

/** Whether a selection gives exactly the evaluator's verdicts on these agents. */
function agrees(c: ConstraintLike, dialect: Dialect, sel: Selection, agents: readonly Agent[]): boolean {
  const compiled = safeCompile([tuple(c)], { dialect });
  if (compiled.matcher === undefined) return true;
  return agents.every(
    (a) => compiled.matcher!.accepts(a) === admits(sel, fieldValue(a, c.field), a.hostname),
  );
}

/**
 * All the ways to express an agent-only constraint; with agents, the value list our evaluator gives
 * (and an exact claim that the agents contradict, such as an SDK agent repeating an attribute name, is dropped).
 */
export function planStatic(c: ConstraintLike, dialect: Dialect, agents?: readonly Agent[]): StaticPlan {
  const kind = fieldKind(c.field);
  const plan = analyse(c, dialect, kind);
  if (agents === undefined || agents.length === 0) return plan;
  const inventory = fromAgents(c, dialect, agents);
  if (plan.exact !== undefined && !agrees(c, dialect, plan.exact.sel, agents)) {
    const { exact: _dropped, ...rest } = plan;
    return inventory === undefined ? rest : { ...rest, inventory };
  }
  return inventory === undefined ? plan : { ...plan, inventory };
}
