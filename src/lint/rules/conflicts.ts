// Rules about constraints that cannot all hold: two different required values for one field, a LIKE
// or UNLIKE that excludes a required value, and spreading rules on a field pinned to one value.
import { renderScalarMarathon } from "../../agents/render.js";
import type { Constraint, Dialect } from "../../ast.js";
import { DIALECTS } from "../../ast.js";
import { parseJavaInt } from "../../dialects/java-int.js";
import { compileJavaRegex } from "../../regex/index.js";
import type { Finding, LintContext, LintRule } from "../types.js";
import { isAttributeField } from "./util.js";

const MARATHON_SCALAR = /^[0-9]+(?:\.[0-9]+)?$/;

/** The value a pinning constraint (IS, or CLUSTER with a value) requires, as the dialect compares it. */
function pinnedValue(c: Constraint, dialect: Dialect): string | undefined {
  if (c.value === undefined) return undefined;
  if (c.operator === "CLUSTER" && c.value !== "") return c.value;
  if (c.operator !== "IS") return undefined;
  if (dialect !== "dcos-sdk" && MARATHON_SCALAR.test(c.value)) return renderScalarMarathon(Number(c.value));
  return c.value;
}

function pins(ctx: LintContext): Map<string, Constraint> {
  const first = new Map<string, Constraint>();
  for (const c of ctx.constraints) {
    if (pinnedValue(c, ctx.dialect) !== undefined && !first.has(c.field)) first.set(c.field, c);
  }
  return first;
}

/** Whether `pattern` fully matches `value` as the dialect matches it; undefined if it cannot tell. */
function patternMatches(
  field: string,
  pattern: string,
  value: string,
  dialect: Dialect,
): boolean | undefined {
  const prefixed = dialect === "dcos-sdk" && isAttributeField(field);
  const re = compileJavaRegex(prefixed ? `${field}:${pattern}` : pattern).regex;
  if (!re) return undefined;
  return re.matches(prefixed ? `${field}:${value}` : value);
}

const show = (c: Constraint) => `${c.operator}${c.value === undefined ? "" : ` ${JSON.stringify(c.value)}`}`;

/** Constraints on one field that no agent can satisfy together. */
export const contradictory: LintRule = {
  id: "conflicts/contradictory",
  defaultSeverity: "error",
  dialects: DIALECTS,
  description:
    'Constraints on the same field that no single agent can satisfy: two different required values (`["rack","IS","a"]` and `["rack","CLUSTER","b"]`), a LIKE whose pattern does not match the value an IS or CLUSTER requires, or an UNLIKE that excludes it. Every offer is declined and the deployment waits forever. Remove one of them, or make them agree. Values are compared as the dialect compares them (Marathon\'s IS reads `1.0` as `1`; the SDK matches attributes as `name:value`).',
  check(ctx) {
    const first = pins(ctx);
    const findings: Finding[] = [];
    for (const c of ctx.constraints) {
      const pin = first.get(c.field);
      if (!pin || pin === c) continue;
      const required = pinnedValue(pin, ctx.dialect)!;
      const related = [{ message: `${show(pin)} requires "${required}" here`, span: pin.span }];
      const own = pinnedValue(c, ctx.dialect);
      if (own !== undefined) {
        if (own !== required) {
          findings.push({
            message: `"${c.field}" cannot be both "${required}" and "${own}": no agent satisfies ${show(pin)} and ${show(c)} together`,
            span: c.span,
            related,
          });
        }
        continue;
      }
      if ((c.operator === "LIKE" || c.operator === "UNLIKE") && c.value !== undefined) {
        const m = patternMatches(c.field, c.value, required, ctx.dialect);
        if (m === undefined) continue;
        if (c.operator === "LIKE" && !m) {
          findings.push({
            message: `LIKE ${JSON.stringify(c.value)} does not match "${required}", the value ${show(pin)} requires for "${c.field}": no agent satisfies both`,
            span: c.valueSpan ?? c.span,
            related,
          });
        } else if (c.operator === "UNLIKE" && m) {
          findings.push({
            message: `UNLIKE ${JSON.stringify(c.value)} excludes "${required}", the value ${show(pin)} requires for "${c.field}": no agent satisfies both`,
            span: c.valueSpan ?? c.span,
            related,
          });
        }
      } else if (c.operator === "IS_NOT" && c.value === required && !isAttributeField(c.field)) {
        findings.push({
          message: `IS_NOT "${c.value}" excludes the value ${show(pin)} requires for "${c.field}": no agent satisfies both`,
          span: c.valueSpan ?? c.span,
          related,
        });
      }
    }
    return findings;
  },
};

/** How many instances a spreading constraint allows when its field has a single possible value. */
function capOnOneValue(c: Constraint, dialect: Dialect, instances: number | undefined): number | undefined {
  if (c.operator === "UNIQUE") return 1;
  if (c.operator === "MAX_PER") {
    const n = c.value === undefined ? undefined : parseJavaInt(c.value);
    return n === undefined ? undefined : Math.max(1, n);
  }
  if (c.operator === "GROUP_BY") {
    const g = c.value === undefined ? undefined : parseJavaInt(c.value);
    if (g === undefined || g < 2) return undefined;
    if (dialect !== "marathon-1.11") return 1;
    if (instances === undefined) return undefined;
    // The 1.11 algorithm fills each of G groups to N/G, the remainder one by one.
    return Math.floor(instances / g) + (instances % g > 0 ? 1 : 0);
  }
  return undefined;
}

/** UNIQUE, MAX_PER or GROUP_BY on a field that another constraint pins to one value. */
export const spreadOnPinnedField: LintRule = {
  id: "conflicts/spread-on-pinned-field",
  defaultSeverity: "error",
  dialects: DIALECTS,
  description:
    'A spreading constraint on a field another constraint pins to one value: `["hostname","UNIQUE"]` with `["hostname","CLUSTER","a1"]` allows one instance in all, MAX_PER n allows n, and GROUP_BY n waits for values that can never appear. With more instances than that the rest wait for offers forever. The rule uses the host\'s `instances` (app JSON, pod `scaling`, SDK `count`, DC/OS Kubernetes node counts); for bare constraint text it reports the UNIQUE case as a warning.',
  check(ctx) {
    const first = pins(ctx);
    const findings: Finding[] = [];
    for (const c of ctx.constraints) {
      const pin = first.get(c.field);
      if (!pin) continue;
      const cap = capOnOneValue(c, ctx.dialect, ctx.instances);
      if (cap === undefined) continue;
      const known = ctx.instances;
      if (known !== undefined && known <= cap) continue;
      if (known === undefined && cap !== 1) continue;
      const required = pinnedValue(pin, ctx.dialect)!;
      findings.push({
        message:
          known === undefined
            ? `${show(c)} on "${c.field}", which ${show(pin)} pins to "${required}", allows only one instance in all`
            : `${show(c)} on "${c.field}", which ${show(pin)} pins to "${required}", allows at most ${cap} of the ${known} instances: the rest wait for offers forever`,
        span: c.span,
        related: [{ message: `"${c.field}" pinned to "${required}" here`, span: pin.span }],
        ...(known === undefined ? { severity: "warning" as const } : {}),
      });
    }
    return findings;
  },
};

export const conflictRules: readonly LintRule[] = [contradictory, spreadOnPinnedField];
