// Rules about operator values that validate but do not do what they seem to: GROUP_BY and CLUSTER
// without a value, MAX_PER below 2, field and value swapped. Facts from marathon-semantics.md §4 and §6.

import { fieldValue } from "../../agents/field-value.js";
import { DIALECTS, type Dialect } from "../../ast.js";
import { parseJavaInt } from "../../dialects/java-int.js";
import type { Finding, LintRule } from "../types.js";
import { inventoryFields } from "./agent-values.js";
import {
  fixOf,
  removeValueEdit,
  replaceOperatorEdit,
  replaceValueEdit,
  SPECIAL_FIELDS,
  swapEdits,
} from "./util.js";

const MARATHON_DIALECTS: readonly Dialect[] = ["marathon", "marathon-1.11"];

/** GROUP_BY with no count (or a count below 1). */
export const groupByWithoutValue: LintRule = {
  id: "values/group-by-without-value",
  defaultSeverity: "warning",
  dialects: DIALECTS,
  fix: "suggestion",
  description:
    'GROUP_BY without a count only learns the field\'s values from the offers it happens to receive, so the spread depends on offer order and stays skewed after an agent is lost (Marathon issues #2925, #3220). In Marathon 1.11 (and 1.10 after 1.10.26) a missing, zero or negative count is worse: the new algorithm divides by it and placement throws for every offer, so nothing is placed (issue #7269); this rule reports an error for the `marathon-1.11` dialect. Give the number of distinct values, e.g. `["@zone","GROUP_BY","3"]`. With `--inventory`, the number of distinct values the agents have is suggested.',
  check(ctx) {
    const findings: Finding[] = [];
    for (const c of ctx.constraints) {
      if (c.operator !== "GROUP_BY") continue;
      const n = c.value === undefined ? undefined : parseJavaInt(c.value);
      if (c.value !== undefined && (n === undefined || n >= 1)) continue;
      const crash = ctx.dialect === "marathon-1.11";
      const what = c.value === undefined ? "without a count" : `with a count of ${c.value}`;
      const message = crash
        ? `GROUP_BY ${what} makes Marathon 1.11's GROUP_BY divide by zero: every offer fails and nothing is placed; give the number of distinct values of "${c.field}"`
        : ctx.dialect === "dcos-sdk"
          ? `GROUP_BY ${what} spreads only over the values the SDK has already seen, so the spread depends on offer order; give the number of distinct values of "${c.field}"`
          : `GROUP_BY ${what} learns the values of "${c.field}" from offers as they come, so the spread depends on offer order (and Marathon 1.11 fails on it); give the number of distinct values`;
      let suggestions: Finding["suggestions"];
      if (ctx.agents) {
        const values = new Set<string>();
        for (const a of ctx.agents) {
          const v = fieldValue(a, c.field, ctx.dialect, c.operator);
          if (v !== undefined) values.add(v);
        }
        if (values.size > 0) {
          const count = String(values.size);
          const edit =
            c.value === undefined
              ? appendValueEdit(ctx.text, c.operatorSpan, c.span, count)
              : replaceValueEdit(ctx.text, c, count);
          const fix = fixOf(`write GROUP_BY ${count} (the inventory has ${count} values of "${c.field}")`, [
            edit,
          ]);
          if (fix) suggestions = [fix];
        }
      }
      findings.push({
        message,
        span: c.valueSpan ?? c.operatorSpan,
        severity: crash ? "error" : "warning",
        ...(suggestions ? { suggestions } : {}),
      });
    }
    return findings;
  },
};

/** An edit that adds a value after the operator token, in the form the constraint is written in. */
function appendValueEdit(
  text: string,
  operatorSpan: { start: number; end: number },
  span: { start: number; end: number },
  value: string,
) {
  const quoted = text[operatorSpan.start] === '"';
  const pod = text[span.start] === "{";
  const at = { start: operatorSpan.end, end: operatorSpan.end };
  if (!quoted) return { span: at, text: `:${value}` };
  return { span: at, text: pod ? `, "value": ${JSON.stringify(value)}` : `, ${JSON.stringify(value)}` };
}

/** CLUSTER without a value in Marathon: pinned to wherever the first instance lands. */
export const clusterWithoutValue: LintRule = {
  id: "values/cluster-without-value",
  defaultSeverity: "warning",
  dialects: MARATHON_DIALECTS,
  description:
    'CLUSTER with no value (or `""`) pins every instance to the value of the first placed instance, and which agent that is depends on offer order. If that first instance landed on an agent without the field, no further instance can ever be placed; after a restart the group can move elsewhere. Name the value: `["rack","CLUSTER","rack-1"]`. (The DC/OS SDK requires a value; there the parser reports it.)',
  check(ctx) {
    return ctx.constraints
      .filter((c) => c.operator === "CLUSTER" && (c.value === undefined || c.value === ""))
      .map((c) => ({
        message: `CLUSTER without a value pins all instances to whatever "${c.field}" value the first instance lands on (offer order decides); name the value`,
        span: c.valueSpan ?? c.operatorSpan,
      }));
  },
};

/** MAX_PER 1 (or below) is UNIQUE. */
export const maxPerBelowTwo: LintRule = {
  id: "values/max-per-below-two",
  defaultSeverity: "warning",
  dialects: DIALECTS,
  fix: "safe",
  description:
    "MAX_PER `1` allows one instance per value, which is exactly UNIQUE; Marathon treats `0` and negative values the same way (a value not yet used is always accepted, a used one never). Write UNIQUE, which says what happens. The fix rewrites the constraint (in the SDK, values below 1 are a parser error instead).",
  check(ctx) {
    const findings: Finding[] = [];
    for (const c of ctx.constraints) {
      if (c.operator !== "MAX_PER" || c.value === undefined) continue;
      const n = parseJavaInt(c.value);
      if (n === undefined || n > 1 || (ctx.dialect === "dcos-sdk" && n < 1)) continue;
      const fix = fixOf("write UNIQUE", [
        replaceOperatorEdit(ctx.text, c, "UNIQUE"),
        removeValueEdit(ctx.text, c),
      ]);
      findings.push({
        message: `MAX_PER ${c.value} allows one instance per "${c.field}" value, which is UNIQUE: write UNIQUE`,
        span: c.valueSpan ?? c.operatorSpan,
        ...(fix ? { fix } : {}),
      });
    }
    return findings;
  },
};

const FIELD_LIKE = /^@?[A-Za-z][A-Za-z_-]*[A-Za-z]$/;
const BOOLEAN_LIKE = /^(true|false|yes|no|on|off)$/i;
const NUMBER_LIKE = /^\d+(\.\d+)*$/;

function looksLikeValue(field: string, value: string): boolean {
  if (BOOLEAN_LIKE.test(field) || NUMBER_LIKE.test(field)) return true;
  // `rack-1` next to `rack`: the value names the attribute the field's text belongs to. Compared by
  // hand: a RegExp built from the value is a regex compile per constraint, and fails on long values.
  if (!field.startsWith(value)) return false;
  let i = value.length;
  if (field[i] === "-" || field[i] === "_" || field[i] === ".") i++;
  if (i >= field.length) return false;
  for (; i < field.length; i++) {
    const d = field.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  return true;
}

/** Field and value apparently swapped: `["true","CLUSTER","dns"]`, `["rack-1","CLUSTER","rack"]`. */
export const swappedFieldValue: LintRule = {
  id: "values/swapped-field-value",
  defaultSeverity: "warning",
  dialects: DIALECTS,
  fix: "suggestion",
  description:
    'The field looks like a value and the value like a field name, as in `["true","CLUSTER","dns"]` (Marathon issue #1661) or `["rack-1","CLUSTER","rack"]`. No agent has an attribute called `true`, so nothing is placed. Constraints are `[field, operator, value]`. The suggestion swaps them. With `--inventory`, the rule fires only when the field is not an attribute the agents have and the value is.',
  check(ctx) {
    const known = ctx.agents ? inventoryFields(ctx.agents) : undefined;
    const findings: Finding[] = [];
    for (const c of ctx.constraints) {
      if (c.value === undefined || c.value === "") continue;
      if (!["CLUSTER", "IS", "IS_NOT", "LIKE", "UNLIKE"].includes(c.operator)) continue;
      if (SPECIAL_FIELDS.has(c.field)) continue;
      const valueIsField = known
        ? known.has(c.value) && !known.has(c.field)
        : SPECIAL_FIELDS.has(c.value) || FIELD_LIKE.test(c.value);
      const fieldIsValue =
        looksLikeValue(c.field, c.value) ||
        (known !== undefined && !known.has(c.field) && !FIELD_LIKE.test(c.field));
      if (!valueIsField || !fieldIsValue) continue;
      const fix = fixOf(
        `swap to [${JSON.stringify(c.value)}, "${c.operator}", ${JSON.stringify(c.field)}]`,
        swapEdits(ctx.text, c) ?? [undefined],
      );
      findings.push({
        message: `field and value look swapped: "${c.field}" looks like a value and "${c.value}" like a field name; a constraint is [field, operator, value]`,
        span: c.span,
        ...(fix ? { suggestions: [fix] } : {}),
      });
    }
    return findings;
  },
};

export const valueRules: readonly LintRule[] = [
  groupByWithoutValue,
  clusterWithoutValue,
  maxPerBelowTwo,
  swappedFieldValue,
];
