// fast-check generators for the evaluator's property tests: constraints over a small alphabet (so
// values collide), agents drawn from a small pool (so the same object is placed and probed again).
import { fc } from "@fast-check/vitest";
import type { Agent, Attribute } from "../../src/agents/agent.js";
import type { Constraint, Dialect, Operator } from "../../src/ast.js";

const SPAN = { start: 0, end: 0 };

const FIELDS = ["hostname", "@hostname", "@zone", "@region", "rack", "Rack", "r.ck", "level", "zone"];

const VALUES: Record<Operator, { marathon: (string | undefined)[]; sdk: (string | undefined)[] }> = {
  UNIQUE: { marathon: [undefined], sdk: [undefined, "x"] },
  CLUSTER: {
    marathon: [undefined, "", "a", "b", "1", "1.0", "h1", "10"],
    sdk: ["a", "b", "1", "1.0", "1.000", "h1", "10", "10.000", "z1", "r1"],
  },
  IS: {
    marathon: [undefined, "", "a", "1", "1.0", "007", "h1", "10", "10.0", "z1"],
    sdk: ["a", "b", "1", "1.000", "h1", "10", "1e1", "z1"],
  },
  IS_NOT: { marathon: [], sdk: ["a", "b", "1.000", "h1", "10", "z1"] },
  LIKE: {
    marathon: ["", "a|b", ".*", "h.*", "1", "[ab]", "z.*"],
    sdk: ["a|b", ".*", "h.*", "1", "[ab]", "z.*"],
  },
  UNLIKE: { marathon: ["", "a|b", ".*", "h.*", "1", "[ab]"], sdk: ["a|b", ".*", "h.*", "1", "[ab]"] },
  MAX_PER: { marathon: ["1", "2", "0", "-1", "+2", "3"], sdk: ["1", "2", "3"] },
  GROUP_BY: {
    marathon: [undefined, "", "1", "2", "3", "0", "-1", "inf", "x"],
    sdk: [undefined, "1", "2", "3", "0"],
  },
};

/** One constraint valid for `dialect`, as a Constraint object (spans are dummies). */
export function constraintArb(dialect: Dialect): fc.Arbitrary<Constraint> {
  const sdk = dialect === "dcos-sdk";
  const ops = (Object.keys(VALUES) as Operator[]).filter((op) => sdk || op !== "IS_NOT");
  return fc.tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...ops)).chain(([field, operator]) =>
    fc.constantFrom(...VALUES[operator][sdk ? "sdk" : "marathon"]).map((value) => {
      const c: Constraint = { field, operator, span: SPAN, fieldSpan: SPAN, operatorSpan: SPAN };
      return value === undefined ? c : { ...c, value, valueSpan: SPAN };
    }),
  );
}

const NAMES = ["rack", "Rack", "level", "zone"];

const attributeArb: fc.Arbitrary<Attribute> = fc.constantFrom(...NAMES).chain((name) =>
  fc.oneof(
    fc.constantFrom("a", "b", "1", "h1", "z1").map((text): Attribute => ({ name, text })),
    fc.constantFrom(1, 1.0005, 2, 10).map((scalar): Attribute => ({ name, scalar })),
    fc.constant<Attribute>({ name, ranges: [[1, 2]] }),
    fc.constant<Attribute>({ name, set: ["b", "a"] }),
  ),
);

/** An agent: hostname, maybe a fault domain, up to 3 attributes (names repeat). */
export const agentArb: fc.Arbitrary<Agent> = fc
  .record({
    hostname: fc.constantFrom("h1", "h2", "10", "10.0"),
    domain: fc.option(fc.tuple(fc.constantFrom("r1", "r2"), fc.constantFrom("z1", "z2")), { nil: undefined }),
    attributes: fc.array(attributeArb, { maxLength: 3 }),
  })
  .map(({ hostname, domain, attributes }) =>
    domain === undefined
      ? { hostname, attributes }
      : { hostname, region: domain[0], zone: domain[1], attributes },
  );

/** A dialect, 1-3 constraints for it, a pool of agents, and indexes into the pool. */
export const scenarioArb = fc
  .constantFrom<Dialect>("marathon", "marathon-1.11", "dcos-sdk")
  .chain((dialect) =>
    fc.record({
      dialect: fc.constant(dialect),
      constraints: fc.array(constraintArb(dialect), { minLength: 1, maxLength: 3 }),
      pool: fc.array(agentArb, { minLength: 1, maxLength: 5 }),
      placed: fc.array(fc.nat(4), { maxLength: 8 }),
      candidate: fc.nat(4),
      instances: fc.nat(10),
    }),
  );
