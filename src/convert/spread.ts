// The per-operator table for constraints that depend on placed instances (UNIQUE, MAX_PER, GROUP_BY,
// CLUSTER without a value), per dialect: what each means, and how the targets' nearest rules differ.
import type { Agent } from "../agents/agent.js";
import { fieldValue } from "../agents/field-value.js";
import { renderAttribute } from "../agents/render.js";
import type { Dialect } from "../ast.js";
import { parseGroupByCount, parseJavaInt } from "../dialects/java-int.js";
import { compileJavaRegex } from "../regex/index.js";
import { fieldKind } from "./fields.js";
import type { ConstraintLike } from "./types.js";

export type SpreadRule =
  /** At most one instance per value. `missing`: what an agent without the field gets. */
  | {
      readonly kind: "unique";
      readonly missing: "reject" | "pass";
      /** False when the dialect reads the field loosely (the SDK's `field:.*` key filter). */
      readonly fieldExact: boolean;
      readonly note: string;
    }
  /** At most `max` (> 1) instances per value. */
  | {
      readonly kind: "limit";
      readonly max: number;
      readonly missing: "reject" | "pass";
      readonly who: string;
    }
  /** Instances spread evenly over the field's values, at least `groups` of them. */
  | {
      readonly kind: "spread";
      readonly groups: number;
      readonly differs: { readonly kubernetes: string; readonly nomad: string };
    }
  /** Every instance on the value of the first one. */
  | { readonly kind: "cluster" }
  /** No agent is ever accepted. */
  | { readonly kind: "never"; readonly why: string };

const REGEX_SPECIAL = /[\\.[\]{}()*+?^$|]/;

/** Whether the SDK's `field:.*` key filter also matches attributes of other names on these agents. */
function sdkKeyFilterNote(
  field: string,
  agents: readonly Agent[] | undefined,
): { exact: boolean; note: string } {
  if (!REGEX_SPECIAL.test(field)) return { exact: true, note: "" };
  const filter = compileJavaRegex(`${field}:.*`).regex;
  if (agents !== undefined && filter !== undefined) {
    const others = agents.some((a) =>
      a.attributes.some((at) => at.name !== field && filter.matches(renderAttribute(at, "dcos-sdk"))),
    );
    if (!others) {
      return {
        exact: true,
        note: `; the SDK reads "${field}:.*" as a regex, which matches no attribute of another name on these agents`,
      };
    }
  }
  return {
    exact: false,
    note: `; the SDK reads "${field}:.*" as a regex, so attributes of other names that it matches count too`,
  };
}

const WHO: Record<Dialect, string> = {
  marathon: "Marathon",
  "marathon-1.11": "Marathon 1.11",
  "dcos-sdk": "the SDK",
};

/** The spreading rule of a constraint, or undefined when it depends on the agent alone. */
export function spreadRule(
  c: ConstraintLike,
  dialect: Dialect,
  agents?: readonly Agent[],
): SpreadRule | undefined {
  const kind = fieldKind(c.field);
  const value = c.value ?? "";
  const sdk = dialect === "dcos-sdk";
  // The SDK's MaxPerRegionRule has no key (and passes) on an agent without a region; everything else refuses.
  const missing = sdk && kind === "region" ? "pass" : "reject";
  const who = WHO[dialect];
  switch (c.operator) {
    case "UNIQUE":
    case "MAX_PER": {
      const max = c.operator === "UNIQUE" ? 1 : (parseJavaInt(value) ?? 1);
      const filter =
        sdk && kind === "attribute" ? sdkKeyFilterNote(c.field, agents) : { exact: true, note: "" };
      const lowered = c.operator === "MAX_PER" && max <= 1 ? ` (MAX_PER ${value} is UNIQUE)` : "";
      if (max <= 1) return { kind: "unique", missing, fieldExact: filter.exact, note: lowered + filter.note };
      return { kind: "limit", max, missing, who };
    }
    case "CLUSTER":
      return value === "" ? { kind: "cluster" } : undefined;
    case "GROUP_BY": {
      const groups = sdk ? (parseJavaInt(value) ?? 0) : Math.max(0, parseGroupByCount(c.value));
      if (dialect === "marathon-1.11" && groups <= 0) {
        return {
          kind: "never",
          why: "Marathon 1.11 divides by zero for GROUP_BY without a positive count and places nothing",
        };
      }
      return { kind: "spread", groups, differs: spreadDifferences(dialect, c.field, groups, agents) };
    }
    default:
      return undefined;
  }
}

function spreadDifferences(
  dialect: Dialect,
  field: string,
  groups: number,
  agents: readonly Agent[] | undefined,
): { kubernetes: string; nomad: string } {
  const known = agents === undefined ? undefined : distinctValues(field, agents);
  const count = known === undefined ? "" : ` (the agents have ${known} ${known === 1 ? "value" : "values"})`;
  if (dialect === "marathon-1.11") {
    return {
      kubernetes: `both keep the values within one instance of each other once all are placed, but Marathon 1.11 uses at most ${groups} values and lets one fill up to its share (instances/${groups}, plus the remainder) before the others get any, while Kubernetes spreads over every value the nodes have${count} and stays within one at every step`,
      nomad: `spread is a preference, not a limit: Nomad still places when the values are uneven, and uses every value${count}, where Marathon 1.11 uses at most ${groups} and refuses beyond each value's share`,
    };
  }
  const algorithm = dialect === "dcos-sdk" ? "the SDK's round robin" : "Marathon 1.10";
  const ci =
    dialect === "dcos-sdk" && fieldKind(field) === "attribute"
      ? "; the SDK also finds the attribute ignoring case"
      : "";
  const min =
    groups > 1 ? `; with fewer than ${groups} values, both refuse a second instance on any value` : "";
  return {
    kubernetes: `both admit a value only while it holds no more than the emptiest; Kubernetes counts every value the nodes have${count}, so it fills an unused value first, while ${algorithm} compares only the values its instances already use and may place a second instance on one while another value is still unused${min}${ci}`,
    nomad: `spread is a preference, not a limit: Nomad still places when the values are uneven (and with fewer than ${Math.max(groups, 2)} values), where ${algorithm} refuses an agent whose value holds more than the emptiest${ci}`,
  };
}

function distinctValues(field: string, agents: readonly Agent[]): number {
  const values = new Set<string>();
  for (const a of agents) {
    // Marathon's rendering whatever the dialect: the target sees the values Marathon would label nodes with.
    const v = fieldValue(a, field);
    if (v !== undefined) values.add(v);
  }
  return values.size;
}

/** Why an app whose SDK placement text does not parse converts to a rule no node passes. */
export function invalidReason(text: string): string {
  return `the SDK cannot parse the placement ${JSON.stringify(text)} and refuses every agent; the converted rule admits no node either`;
}
