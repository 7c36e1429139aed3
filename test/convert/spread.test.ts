// Constraints that depend on placed instances: the exact conversions agree with the dialect on random
// states, and each approximate one differs exactly where its reason says, shown by a scenario per claim.
// The target rules are modelled from the Kubernetes and Nomad documentation.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import type { ConstraintTuple, Dialect } from "../../src/ast.js";
import { convert } from "../../src/convert/convert.js";
import type { ConvertTarget } from "../../src/convert/types.js";
import { compile } from "../../src/eval/matcher.js";
import { constraintsFromTuples } from "../../src/syntax/parse.js";

const agent = (hostname: string, rack?: string): Agent => ({
  hostname,
  attributes: rack === undefined ? [] : [{ name: "rack", text: rack }],
});
const rackOf = (a: Agent) => {
  const at = a.attributes.find((x) => x.name === "rack");
  return at !== undefined && "text" in at ? at.text : undefined;
};

function conversion(t: ConstraintTuple, dialect: Dialect, to: ConvertTarget) {
  const constraints = constraintsFromTuples([t], { dialect }).constraints;
  return convert([{ id: "/app", dialect, constraints }], { to }).apps[0]!;
}

/** The dialect's verdict on `candidate` with `placed` already running (our evaluator). */
function dialectAccepts(
  t: ConstraintTuple,
  dialect: Dialect,
  placed: readonly Agent[],
  candidate: Agent,
  instances = 1,
) {
  const matcher = compile([t], { dialect });
  const state = matcher.createState({ instances, placed });
  return matcher.accepts(candidate, state);
}

/** Kubernetes' PodTopologySpread filter, as documented, over the nodes given (all eligible). */
function spreadAdmits(
  maxSkew: number,
  minDomains: number,
  nodes: readonly Agent[],
  placed: readonly Agent[],
  candidate: Agent,
): boolean {
  const v = rackOf(candidate);
  if (v === undefined) return false;
  const domains = new Set(nodes.map(rackOf).filter((x) => x !== undefined));
  const count = (d: string) => placed.filter((p) => rackOf(p) === d).length;
  const min = domains.size < minDomains ? 0 : Math.min(...[...domains].map(count));
  return count(v) + 1 - min <= maxSkew;
}

/** Required pod anti-affinity on the label, plus the emitted `Exists`. */
function antiAffinityAdmits(placed: readonly Agent[], candidate: Agent): boolean {
  const v = rackOf(candidate);
  return v !== undefined && !placed.some((p) => rackOf(p) === v);
}

/** Required pod affinity to the app's own pods: the first pod goes anywhere labelled. */
function affinityAdmits(placed: readonly Agent[], candidate: Agent): boolean {
  const v = rackOf(candidate);
  if (v === undefined) return false;
  return placed.length === 0 || placed.some((p) => rackOf(p) === v);
}

/** Nomad's distinct_property with a limit: nodes without the property are infeasible. */
function distinctPropertyAdmits(limit: number, placed: readonly Agent[], candidate: Agent): boolean {
  const v = rackOf(candidate);
  return v !== undefined && placed.filter((p) => rackOf(p) === v).length < limit;
}

const POOL = [agent("a1", "a"), agent("a2", "a"), agent("b1", "b"), agent("c1", "c"), agent("x1")];
/** Placements built one accepted instance at a time, as a scheduler would: only reachable states. */
function reachable(
  t: ConstraintTuple,
  dialect: Dialect,
  order: readonly number[],
  admits: (p: Agent[], c: Agent) => boolean,
): Agent[] {
  const placed: Agent[] = [];
  for (const i of order) {
    const c = POOL[i % POOL.length]!;
    if (dialectAccepts(t, dialect, placed, c) && admits(placed, c)) placed.push(c);
  }
  return placed;
}

describe("exact spreading conversions", () => {
  test.prop([fc.array(fc.nat(4), { maxLength: 6 }), fc.nat(4)])(
    "UNIQUE on an attribute: anti-affinity plus Exists decides as Marathon does",
    (order, candidate) => {
      const t: ConstraintTuple = ["rack", "UNIQUE"];
      expect(conversion(t, "marathon", "kubernetes").constraints[0]!.fidelity).toBe("exact");
      const placed = order.map((i) => POOL[i]!);
      expect(antiAffinityAdmits(placed, POOL[candidate]!)).toBe(
        dialectAccepts(t, "marathon", placed, POOL[candidate]!),
      );
    },
  );

  test.prop([
    fc.constantFrom<Dialect>("marathon", "dcos-sdk"),
    fc.integer({ min: 1, max: 3 }),
    fc.array(fc.nat(4), { maxLength: 6 }),
    fc.nat(4),
  ])(
    "MAX_PER n: Nomad's distinct_property with limit n decides as the dialect does",
    (dialect, n, order, candidate) => {
      const t: ConstraintTuple = ["rack", "MAX_PER", String(n)];
      const app = conversion(t, dialect, "nomad");
      expect(app.constraints[0]!.fidelity).toBe("exact");
      expect(app.nomad!.Constraints).toEqual([
        { LTarget: `\${meta.rack}`, Operand: "distinct_property", RTarget: n === 1 ? "" : String(n) },
      ]);
      const placed = order.map((i) => POOL[i]!);
      expect(distinctPropertyAdmits(n, placed, POOL[candidate]!)).toBe(
        dialectAccepts(t, dialect, placed, POOL[candidate]!),
      );
    },
  );

  test.prop([fc.array(fc.nat(4), { maxLength: 6 }), fc.nat(4)])(
    "CLUSTER without a value: pod affinity to the app's own pods decides as Marathon does, on reachable states",
    (order, candidate) => {
      const t: ConstraintTuple = ["rack", "CLUSTER"];
      expect(conversion(t, "marathon", "kubernetes").constraints[0]!.fidelity).toBe("exact");
      const placed = reachable(t, "marathon", order, affinityAdmits);
      expect(affinityAdmits(placed, POOL[candidate]!)).toBe(
        dialectAccepts(t, "marathon", placed, POOL[candidate]!),
      );
    },
  );
});

describe("approximate spreading conversions differ where their reasons say", () => {
  const racks = [agent("a1", "a"), agent("b1", "b"), agent("c1", "c")];

  it("Marathon 1.10 GROUP_BY may stack on a used value while another is unused; Kubernetes fills the unused one first", () => {
    const t: ConstraintTuple = ["rack", "GROUP_BY"];
    const k = conversion(t, "marathon", "kubernetes").constraints[0]!;
    expect(k.fidelity).toBe("approximate");
    expect(k.reason).toContain("may place a second instance on one while another value is still unused");
    const placed = [racks[0]!];
    expect(dialectAccepts(t, "marathon", placed, agent("a2", "a"))).toBe(true);
    expect(spreadAdmits(1, 0, racks, placed, agent("a2", "a"))).toBe(false);
  });

  it("GROUP_BY 3 with only two values: both refuse a second instance on any value", () => {
    const t: ConstraintTuple = ["rack", "GROUP_BY", "3"];
    const two = racks.slice(0, 2);
    expect(conversion(t, "marathon", "kubernetes").constraints[0]!.reason).toContain(
      "with fewer than 3 values, both refuse a second instance on any value",
    );
    const placed = [...two];
    for (const c of two) {
      expect(dialectAccepts(t, "marathon", placed, c)).toBe(false);
      expect(dialectAccepts(t, "dcos-sdk", placed, c)).toBe(false);
      expect(spreadAdmits(1, 3, two, placed, c)).toBe(false);
    }
  });

  it("Marathon 1.11 GROUP_BY n uses at most n values and fills one up to its share; Kubernetes uses all and stays within one", () => {
    const t: ConstraintTuple = ["rack", "GROUP_BY", "2"];
    const reason = conversion(t, "marathon-1.11", "kubernetes").constraints[0]!.reason;
    expect(reason).toContain("uses at most 2 values");
    expect(reason).toContain("lets one fill up to its share");
    const placed = racks.slice(0, 2);
    // A third value: Marathon 1.11 refuses, Kubernetes admits.
    expect(dialectAccepts(t, "marathon-1.11", placed, racks[2]!, 4)).toBe(false);
    expect(spreadAdmits(1, 2, racks, placed, racks[2]!)).toBe(true);
    // A second instance on "a" while "b" is empty: Marathon 1.11 admits (its share is 2), Kubernetes refuses.
    expect(dialectAccepts(t, "marathon-1.11", [racks[0]!], agent("a2", "a"), 4)).toBe(true);
    expect(spreadAdmits(1, 2, racks, [racks[0]!], agent("a2", "a"))).toBe(false);
  });

  it("MAX_PER 2 as maxSkew 2: Kubernetes admits a third pod on a value once every value has pods", () => {
    const t: ConstraintTuple = ["rack", "MAX_PER", "2"];
    const k = conversion(t, "marathon", "kubernetes").constraints[0]!;
    expect(k.reason).toContain("more than 2 pods on a value once every value has pods");
    const placed = [agent("a1", "a"), agent("a2", "a"), racks[1]!, racks[2]!];
    expect(dialectAccepts(t, "marathon", placed, agent("a3", "a"))).toBe(false);
    expect(spreadAdmits(2, 0, racks, placed, agent("a3", "a"))).toBe(true);
  });

  test.prop([fc.array(fc.nat(3), { maxLength: 7 }), fc.nat(3), fc.integer({ min: 2, max: 3 })])(
    "MAX_PER n as maxSkew n admits every placement Marathon admits",
    (order, candidate, n) => {
      const t: ConstraintTuple = ["rack", "MAX_PER", String(n)];
      const nodes = POOL.slice(0, 4);
      const placed = order.map((i) => nodes[i]!);
      if (dialectAccepts(t, "marathon", placed, nodes[candidate]!)) {
        expect(spreadAdmits(n, 0, nodes, placed, nodes[candidate]!)).toBe(true);
      }
    },
  );

  it("GROUP_BY on Nomad is a spread preference: the reason says Nomad still places when uneven", () => {
    for (const dialect of ["marathon", "marathon-1.11", "dcos-sdk"] as const) {
      const n = conversion(["rack", "GROUP_BY", "2"], dialect, "nomad");
      expect(n.constraints[0]!.fidelity).toBe("approximate");
      expect(n.constraints[0]!.reason).toContain("Nomad still places when the values are uneven");
      expect(n.nomad!.Spreads).toEqual([{ Attribute: `\${meta.rack}`, Weight: 100, SpreadTarget: null }]);
    }
  });

  it("the SDK's @region UNIQUE admits agents without a region; Nomad's distinct_property does not, Kubernetes' anti-affinity does", () => {
    const t: ConstraintTuple = ["@region", "UNIQUE"];
    expect(dialectAccepts(t, "dcos-sdk", [], { hostname: "h", attributes: [] })).toBe(true);
    expect(conversion(t, "dcos-sdk", "nomad").constraints[0]!.fidelity).toBe("approximate");
    const k = conversion(t, "dcos-sdk", "kubernetes");
    expect(k.constraints[0]!.fidelity).toBe("exact");
    expect(k.kubernetes!.spec.affinity?.nodeAffinity).toBeUndefined();
  });
});
