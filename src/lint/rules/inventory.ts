// Rules that need an agent inventory (`--inventory`): fields no agent has, values no agent has, and
// instance counts the agents can never hold. Static checks only; the simulator does placement.
import type { Agent } from "../../agents/agent.js";
import { fieldValue } from "../../agents/field-value.js";
import { type Constraint, DIALECTS, type Dialect } from "../../ast.js";
import { parseJavaInt } from "../../dialects/java-int.js";
import { closest, editDistance } from "../../suggest.js";
import type { Finding, LintContext, LintRule } from "../types.js";
import { inventoryFields, passesStatic } from "./agent-values.js";
import { fixOf, isAttributeField } from "./util.js";

function fieldEdit(text: string, c: Constraint, name: string) {
  const raw = text.slice(c.fieldSpan.start, c.fieldSpan.end);
  return raw.startsWith('"')
    ? { span: c.fieldSpan, text: JSON.stringify(name) }
    : { span: c.fieldSpan, text: name.replace(/[,:]/g, (m) => `\\${m}`) };
}

/** The closest known name: `closest`, or within two edits so a swapped pair of letters (`rakc`) counts. */
function nearestName(field: string, names: readonly string[]): string | undefined {
  const near = closest(field, names);
  if (near !== undefined) return near;
  let best: string | undefined;
  let bestDistance = 3;
  for (const n of names) {
    if (Math.abs(n.length - field.length) >= bestDistance) continue;
    const d = editDistance(field, n);
    if (d < bestDistance && field.length > 2) {
      best = n;
      bestDistance = d;
    }
  }
  return best;
}

/** A field none of the agents has. */
export const unknownField: LintRule = {
  id: "inventory/unknown-field",
  defaultSeverity: "error",
  dialects: DIALECTS,
  fix: "suggestion",
  needsInventory: true,
  description:
    "No agent in the inventory has this field (attribute names are case-sensitive; `@zone` and `@region` need agents with a fault domain). An agent without the field passes only UNLIKE, so every other operator declines every offer; UNLIKE on a missing field always passes, which is reported as a warning. The nearest attribute name is suggested.",
  check(ctx) {
    const agents = ctx.agents;
    if (!agents || agents.length === 0) return [];
    const known = inventoryFields(agents);
    const findings: Finding[] = [];
    for (const c of ctx.constraints) {
      if (c.field === "" || known.has(c.field)) continue;
      // The SDK's GROUP_BY looks the attribute up ignoring case.
      if (
        ctx.dialect === "dcos-sdk" &&
        c.operator === "GROUP_BY" &&
        [...known].some((k) => k.toLowerCase() === c.field.toLowerCase())
      )
        continue;
      const guess = nearestName(c.field, [...known]);
      const fix = guess ? fixOf(`write "${guess}"`, [fieldEdit(ctx.text, c, guess)]) : undefined;
      const unlike = c.operator === "UNLIKE";
      findings.push({
        message: `no agent has "${c.field}"${guess ? `; did you mean "${guess}"?` : ""}${unlike ? " (UNLIKE on a missing field always passes)" : ": every offer is declined"}`,
        span: c.fieldSpan,
        ...(unlike ? { severity: "warning" as const } : {}),
        ...(fix ? { suggestions: [fix] } : {}),
      });
    }
    return findings;
  },
};

function sampleValues(agents: readonly Agent[], field: string, dialect: Dialect): string {
  const values = new Set<string>();
  for (const a of agents) {
    const v = fieldValue(a, field, dialect);
    if (v !== undefined) values.add(dialect === "dcos-sdk" && isAttributeField(field) ? `${field}:${v}` : v);
  }
  const list = [...values].sort();
  const shown = list.slice(0, 6).map((v) => JSON.stringify(v));
  return list.length > 6 ? `${shown.join(", ")} and ${list.length - 6} more` : shown.join(", ");
}

/** A LIKE, IS, CLUSTER (with a value), IS_NOT or UNLIKE no agent satisfies. */
export const unsatisfiable: LintRule = {
  id: "inventory/unsatisfiable",
  defaultSeverity: "error",
  dialects: DIALECTS,
  needsInventory: true,
  description:
    "No agent in the inventory satisfies this constraint (LIKE, UNLIKE, IS, IS_NOT, or CLUSTER with a value), or no agent satisfies all of them together. The values the agents do have are listed, rendered as the dialect compares them (Marathon: `0.###` scalars, sorted ranges and sets; SDK: `name:value` with `%.3f` scalars), which is where most mismatches hide: `1.0` versus `1`, `rack-1` versus `rack1`, `{a,b}` versus `{a, b}`.",
  check(ctx) {
    const agents = ctx.agents;
    if (!agents || agents.length === 0) return [];
    const known = inventoryFields(agents);
    const findings: Finding[] = [];
    let eachSatisfiable = true;
    const statics: Constraint[] = [];
    for (const c of ctx.constraints) {
      const verdicts = agents.map((a) => passesStatic(a, c, ctx.dialect));
      if (verdicts[0] === undefined) continue;
      statics.push(c);
      if (verdicts.some((v) => v === true)) continue;
      eachSatisfiable = false;
      // A field nobody has is unknown-field's finding.
      if (!known.has(c.field)) continue;
      findings.push({
        message: `no agent satisfies ${c.operator}${c.value === undefined ? "" : ` ${JSON.stringify(c.value)}`} on "${c.field}"; the agents have ${sampleValues(agents, c.field, ctx.dialect)}`,
        span: c.valueSpan ?? c.span,
      });
    }
    if (eachSatisfiable && statics.length > 1) {
      const any = agents.some((a) => statics.every((c) => passesStatic(a, c, ctx.dialect) !== false));
      if (!any) {
        const [first, ...rest] = statics;
        findings.push({
          message: `each constraint is satisfied by some agent, but no agent satisfies all ${statics.length} of them together`,
          span: first!.span,
          related: rest.map((c) => ({ message: "together with this one", span: c.span })),
        });
      }
    }
    return findings;
  },
};

/** How many instances a spreading constraint can hold over `distinct` values, or undefined if unbounded. */
function capacity(c: Constraint, distinct: number, dialect: Dialect, instances: number): number | undefined {
  if (c.operator === "UNIQUE") return distinct;
  if (c.operator === "MAX_PER") {
    const n = c.value === undefined ? undefined : parseJavaInt(c.value);
    return n === undefined ? undefined : distinct * Math.max(1, n);
  }
  if (c.operator === "GROUP_BY") {
    const g = c.value === undefined ? undefined : parseJavaInt(c.value);
    if (g === undefined || g < 1 || distinct >= g) return undefined;
    // Legacy Marathon and the SDK refuse a used value until `g` values are known: one instance per value.
    if (dialect !== "marathon-1.11") return distinct;
    const per = Math.floor(instances / g);
    return distinct * per + Math.min(distinct, instances % g);
  }
  return undefined;
}

/** More instances than UNIQUE, MAX_PER or GROUP_BY allow over the values the eligible agents have. */
export const insufficientCapacity: LintRule = {
  id: "inventory/capacity",
  defaultSeverity: "error",
  dialects: DIALECTS,
  needsInventory: true,
  description:
    "The app asks for more instances than its spreading constraints allow on these agents: UNIQUE places one instance per distinct value, MAX_PER n places n, and GROUP_BY n with fewer than n distinct values places one per value (Marathon 1.10 and the SDK refuse a used value until n values are known; 1.11 caps each group at instances/n). Only agents that pass the app's other constraints count. The remaining instances wait for offers forever (Marathon issues #1425, #329): add agents, lower `instances`, or relax the constraint.",
  check(ctx: LintContext) {
    const agents = ctx.agents;
    const n = ctx.instances;
    if (!agents || agents.length === 0 || n === undefined || n <= 1) return [];
    const eligible = agents.filter((a) =>
      ctx.constraints.every((c) => passesStatic(a, c, ctx.dialect) !== false),
    );
    if (eligible.length === 0) return [];
    const findings: Finding[] = [];
    for (const c of ctx.constraints) {
      if (c.operator !== "UNIQUE" && c.operator !== "MAX_PER" && c.operator !== "GROUP_BY") continue;
      const values = new Set<string>();
      for (const a of eligible) {
        const v = fieldValue(a, c.field, ctx.dialect, c.operator);
        if (v !== undefined) values.add(v);
      }
      if (values.size === 0) continue;
      const cap = capacity(c, values.size, ctx.dialect, n);
      if (cap === undefined || n <= cap) continue;
      const who =
        eligible.length === agents.length
          ? `the ${agents.length} agents`
          : `the ${eligible.length} agents that pass the other constraints`;
      const distinct = `${values.size} distinct value${values.size === 1 ? "" : "s"} of "${c.field}"`;
      findings.push({
        message: `${n} instances, but ${c.operator}${c.value === undefined ? "" : ` ${c.value}`} on "${c.field}" allows at most ${cap}: ${who} have ${distinct}; the other ${n - cap} instances wait for offers forever`,
        span: c.span,
      });
    }
    return findings;
  },
};

export const inventoryRules: readonly LintRule[] = [unknownField, unsatisfiable, insufficientCapacity];
