// For constraints that depend on the agent alone: whenever a conversion claims `exact` (on any agents) or
// `inventory` (on the agents given), the nodes the emitted rules admit are exactly the agents our evaluator
// accepts, with Kubernetes' and Nomad's documented node selection (test/convert/targets.ts).
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { Agent, Attribute } from "../../src/agents/agent.js";
import type { ConstraintTuple, Dialect, Operator } from "../../src/ast.js";
import { convert } from "../../src/convert/convert.js";
import { HOSTNAME_LABEL } from "../../src/convert/fields.js";
import { isStatic } from "../../src/convert/select.js";
import type { ConvertResult, ConvertTarget } from "../../src/convert/types.js";
import { safeCompile } from "../../src/eval/matcher.js";
import { constraintsFromTuples } from "../../src/syntax/parse.js";
import { kubernetesAdmits, nomadAdmits } from "./targets.js";

const NAMES = ["rack", "disk", "level", "a.b"];
// biome-ignore lint/suspicious/noTemplateCurlyInString: a value Nomad would read as an interpolation.
const INTERPOLATION = "${z}";
const TEXTS = [
  "r1",
  "rack-1",
  "rack-2",
  "fast-ssd",
  "10",
  "1.0",
  "x/y",
  "[1-2]",
  "",
  INTERPOLATION,
  "a",
  "b",
];

const attributeArb: fc.Arbitrary<Attribute> = fc.constantFrom(...NAMES).chain((name) =>
  fc.oneof(
    fc.constantFrom(...TEXTS).map((text): Attribute => ({ name, text })),
    fc.constantFrom(1, 1.5, 10, 2.0005, 0.0625).map((scalar): Attribute => ({ name, scalar })),
    fc.constant<Attribute>({ name, ranges: [[1, 2]] }),
    fc.constant<Attribute>({ name, set: ["b", "a"] }),
  ),
);

const agentArb = (repeatNames: boolean): fc.Arbitrary<Agent> =>
  fc
    .record({
      hostname: fc.constantFrom("h1", "h2", "10", "10.0", "rack-1"),
      domain: fc.option(fc.tuple(fc.constantFrom("r1", "r2"), fc.constantFrom("z1", "z2", "10")), {
        nil: undefined,
      }),
      attributes: fc.array(attributeArb, { maxLength: 3 }),
    })
    .map(({ hostname, domain, attributes }) => {
      const attrs = repeatNames
        ? attributes
        : attributes.filter((a, i) => attributes.findIndex((b) => b.name === a.name) === i);
      return domain === undefined
        ? { hostname, attributes: attrs }
        : { hostname, region: domain[0], zone: domain[1], attributes: attrs };
    });

const FIELDS = ["hostname", "@zone", "@region", ...NAMES];
const VALUES: Partial<Record<Operator, readonly (string | undefined)[]>> = {
  IS: ["r1", "10", "10.0", "1.0", "1", "fast-ssd", "", "x/y", "1.5", "10.000"],
  CLUSTER: ["r1", "10", "1.0", "[1-2]", "{a,b}", INTERPOLATION, "h1"],
  LIKE: [
    "rack-[1-3]",
    "r1|rack-2",
    ".*",
    "r.*",
    "",
    "1.0",
    "(?i)R1",
    "[0-9]+",
    "fast-.*",
    "\\[1-2\\]",
    "h1|z1",
  ],
  UNLIKE: ["rack-[1-3]", "r1|rack-2", ".*", "", "10", "[0-9]+", "\\$\\{z\\}", "a?"],
  IS_NOT: ["r1", "10", "h1", "z1", "fast-ssd"],
  GROUP_BY: [undefined, "0"],
};

const constraintArb = (dialect: Dialect): fc.Arbitrary<ConstraintTuple> => {
  const ops = (Object.keys(VALUES) as Operator[]).filter((op) => dialect === "dcos-sdk" || op !== "IS_NOT");
  return fc
    .tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...ops))
    .chain(([field, op]) =>
      fc
        .constantFrom(...VALUES[op]!)
        .map((v): ConstraintTuple => (v === undefined ? [field, op] : [field, op, v])),
    );
};

/** A dialect, one valid agent-only constraint for it, and a target. */
const caseArb = fc
  .tuple(
    fc.constantFrom<Dialect>("marathon", "marathon-1.11", "dcos-sdk"),
    fc.constantFrom<ConvertTarget>("kubernetes", "nomad"),
  )
  .chain(([dialect, to]) =>
    fc.record({ dialect: fc.constant(dialect), to: fc.constant(to), constraint: constraintArb(dialect) }),
  )
  .filter(({ dialect, constraint }) => constraintsFromTuples([constraint], { dialect }).ok);

function run(
  dialect: Dialect,
  to: ConvertTarget,
  t: ConstraintTuple,
  agents?: readonly Agent[],
): ConvertResult {
  const constraints = constraintsFromTuples([t], { dialect }).constraints;
  return convert([{ id: "/app", dialect, constraints }], { to, ...(agents ? { agents } : {}) });
}

/** Whether the emitted placement admits each agent, on nodes labelled as the conversion says. */
function targetVerdicts(result: ConvertResult, labelled: ConvertResult, agents: readonly Agent[]): boolean[] {
  const app = result.apps[0]!;
  return agents.map((agent, i) => {
    const labels = labelled.nodeLabels[i]!.labels;
    if (result.target === "kubernetes") {
      // The kubelet sets the host name label; the conversion labels everything else.
      return kubernetesAdmits(app.kubernetes!, { ...labels, [HOSTNAME_LABEL]: agent.hostname });
    }
    return nomadAdmits(app.nomad!, { name: agent.hostname, meta: labels });
  });
}

function evaluatorVerdicts(dialect: Dialect, t: ConstraintTuple, agents: readonly Agent[]): boolean[] {
  const matcher = safeCompile([t], { dialect }).matcher!;
  return agents.map((a) => matcher.accepts(a));
}

const agentOnly = (t: ConstraintTuple) =>
  isStatic({ field: t[0], operator: t[1] as Operator, ...(t[2] === undefined ? {} : { value: t[2] }) }) ||
  t[1] === "GROUP_BY";

describe("convert on agent-only constraints", () => {
  test.prop([caseArb, fc.array(agentArb(false), { minLength: 1, maxLength: 6 })], {
    numRuns: Number(process.env.CONVERT_PROP_RUNS ?? 400),
  })(
    "an exact conversion admits exactly the agents the dialect accepts, on any agents",
    ({ dialect, to, constraint }, agents) => {
      fc.pre(agentOnly(constraint) && !(constraint[1] === "GROUP_BY" && dialect !== "marathon-1.11"));
      const result = run(dialect, to, constraint);
      fc.pre(result.apps[0]!.constraints[0]!.fidelity === "exact");
      const labelled = run(dialect, to, constraint, agents);
      expect(targetVerdicts(result, labelled, agents)).toEqual(
        evaluatorVerdicts(dialect, constraint, agents),
      );
    },
  );

  test.prop([caseArb, fc.array(agentArb(true), { minLength: 1, maxLength: 6 })], {
    numRuns: Number(process.env.CONVERT_PROP_RUNS ?? 400),
  })(
    "an exact or inventory conversion admits exactly the agents the dialect accepts, on the agents given",
    ({ dialect, to, constraint }, agents) => {
      fc.pre(agentOnly(constraint) && !(constraint[1] === "GROUP_BY" && dialect !== "marathon-1.11"));
      const result = run(dialect, to, constraint, agents);
      const fidelity = result.apps[0]!.constraints[0]!.fidelity;
      fc.pre(fidelity === "exact" || fidelity === "inventory");
      expect(targetVerdicts(result, result, agents)).toEqual(evaluatorVerdicts(dialect, constraint, agents));
    },
  );
});
