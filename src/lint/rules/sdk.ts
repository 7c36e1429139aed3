// DC/OS SDK quirks: attribute constraints are matched against the string `name:value`, so regex
// alternation and numbers behave differently from Marathon. Facts from formats.md §1.4; no evaluation here.
import type { Agent } from "../../agents/agent.js";
import type { Finding, LintRule } from "../types.js";
import { fixOf, hasTopLevelAlternation, isAttributeField, plainNumber, replaceValueEdit } from "./util.js";

/** `rack:LIKE:a|b` compiles to `rack:a|b`: only the first alternative can match an attribute. */
export const attributeAlternation: LintRule = {
  id: "sdk/attribute-alternation",
  defaultSeverity: "error",
  dialects: ["dcos-sdk"],
  fix: "safe",
  description:
    'The DC/OS SDK matches an attribute constraint against the string `name:value` and compiles the pattern as `name:` + value, so `["rack","LIKE","rack-1|rack-2"]` becomes `rack:rack-1|rack-2`: the first alternative matches `rack:rack-1`, the second only a bare string `rack-2` that no attribute ever is. Only the first alternative can match. Wrap the alternation in a group: `(rack-1|rack-2)`. The fix does that. (Hostname, `@zone` and `@region` have no prefix, so the documented `["hostname","LIKE","10.0.0.159|10.0.1.202"]` works.)',
  check(ctx) {
    const findings: Finding[] = [];
    for (const c of ctx.constraints) {
      if ((c.operator !== "LIKE" && c.operator !== "UNLIKE") || c.value === undefined) continue;
      if (!isAttributeField(c.field) || !hasTopLevelAlternation(c.value)) continue;
      const fixed = `(${c.value})`;
      const first = c.value.split("|")[0] ?? "";
      const fix = fixOf(`write ${JSON.stringify(fixed)}`, [replaceValueEdit(ctx.text, c, fixed)]);
      findings.push({
        message: `the SDK matches "${c.field}:" + this pattern, i.e. "${c.field}:${c.value}": only the first alternative ("${first}") can ever match an attribute; group it: ${JSON.stringify(fixed)}`,
        span: c.valueSpan ?? c.span,
        ...(fix ? { fix } : {}),
      });
    }
    return findings;
  },
};

function scalarNames(agents: readonly Agent[] | undefined): Set<string> | undefined {
  if (!agents) return undefined;
  const names = new Set<string>();
  for (const a of agents) for (const attr of a.attributes) if ("scalar" in attr) names.add(attr.name);
  return names;
}

/** `level:IS:10` never matches a scalar attribute, which the SDK renders `level:10.000`. */
export const isScalarNumber: LintRule = {
  id: "sdk/is-scalar-number",
  defaultSeverity: "warning",
  dialects: ["dcos-sdk"],
  fix: "suggestion",
  description:
    'The SDK renders a scalar attribute as `name:%.3f` (`level:10.000`) and compares IS, CLUSTER and IS_NOT values as the exact string `name:value`; its number normalisation never applies because `name:value` is not a number. So `["level","IS","10"]` does not match an agent with `level:10`. Write the three-decimal form (`10.000`) or a LIKE such as `10(\\.0+)?`. With `--inventory` the rule fires only for attributes some agent has as a scalar; without one, for every number. The suggestion rewrites the value to three decimals.',
  check(ctx) {
    const scalars = scalarNames(ctx.agents);
    const findings: Finding[] = [];
    for (const c of ctx.constraints) {
      if (c.operator !== "IS" && c.operator !== "CLUSTER" && c.operator !== "IS_NOT") continue;
      if (c.value === undefined || !isAttributeField(c.field)) continue;
      const n = plainNumber(c.value);
      if (n === undefined) continue;
      const three = n.toFixed(3);
      if (three === c.value) continue;
      if (scalars && !scalars.has(c.field)) continue;
      const fix = fixOf(`write ${three}`, [replaceValueEdit(ctx.text, c, three)]);
      findings.push({
        message: `if "${c.field}" is a scalar attribute, the SDK compares "${c.field}:${three}" and "${c.field}:${c.value}" never matches: write ${JSON.stringify(three)}`,
        span: c.valueSpan ?? c.span,
        ...(fix ? { suggestions: [fix] } : {}),
      });
    }
    return findings;
  },
};

export const sdkRules: readonly LintRule[] = [attributeAlternation, isScalarNumber];
