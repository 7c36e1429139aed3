// What the inventory rules need to know about an agent besides its field values (agents/field-value.ts):
// the fields an inventory has and whether a stateless constraint accepts an agent. The verdict belongs to
// eval/ (the same evaluator the simulator uses); nothing is re-implemented here.
import type { Agent } from "../../agents/agent.js";
import type { Constraint, Dialect } from "../../ast.js";
import { type Matcher, safeCompile } from "../../eval/index.js";

/** Every attribute name and special field the inventory has. */
export function inventoryFields(agents: readonly Agent[]): Set<string> {
  const names = new Set<string>(["hostname", "@hostname"]);
  for (const a of agents) {
    if (a.zone !== undefined) names.add("@zone");
    if (a.region !== undefined) names.add("@region");
    for (const attr of a.attributes) names.add(attr.name);
  }
  return names;
}

const STATELESS = new Set(["LIKE", "UNLIKE", "IS", "IS_NOT"]);
const matchers = new WeakMap<Constraint, Map<Dialect, Matcher | null>>();

/** The evaluator's matcher for one constraint, compiled once per dialect; null when it cannot compile. */
function matcherFor(c: Constraint, dialect: Dialect): Matcher | null {
  let byDialect = matchers.get(c);
  if (!byDialect) {
    byDialect = new Map();
    matchers.set(c, byDialect);
  }
  let m = byDialect.get(dialect);
  if (m === undefined) {
    const compiled = safeCompile([c], { dialect });
    m = compiled.ok && compiled.matcher ? compiled.matcher : null;
    byDialect.set(dialect, m);
  }
  return m;
}

/**
 * Whether an agent passes a stateless constraint (LIKE, UNLIKE, IS, IS_NOT, CLUSTER with a value) on
 * its own, as the evaluator decides; undefined for the stateful operators, which depend on what is
 * already placed, and for constraints that do not compile.
 */
export function passesStatic(agent: Agent, c: Constraint, dialect: Dialect): boolean | undefined {
  const stateless = STATELESS.has(c.operator) || (c.operator === "CLUSTER" && !!c.value);
  if (!stateless) return undefined;
  return matcherFor(c, dialect)?.explain(agent)[0]?.accepted;
}
