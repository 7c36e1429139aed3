// Operator semantics per dialect as tables, plus the explain sentences and verdict kinds.
import { describe, expect, it } from "vitest";
import type { Agent, Attribute } from "../../src/agents/agent.js";
import type { Dialect } from "../../src/ast.js";
import { compile } from "../../src/eval/index.js";

const agent = (hostname: string, attributes: Attribute[] = [], domain?: [string, string]): Agent =>
  domain === undefined
    ? { hostname, attributes }
    : { hostname, region: domain[0], zone: domain[1], attributes };
const rack = (r: string, host = `h-${r}`) => agent(host, [{ name: "rack", text: r }]);

function evaluate(
  dialect: Dialect,
  text: string,
  candidate: Agent,
  placed: Agent[] = [],
  instances?: number,
) {
  const m = compile(text, { dialect });
  const state = m.createState(instances === undefined ? { placed } : { placed, instances });
  const accepted = m.accepts(candidate, state);
  const verdicts = m.explain(candidate, state);
  expect(verdicts.every((v) => v.accepted)).toBe(accepted);
  return { accepted, verdict: verdicts[0]! };
}

describe("Marathon operators (both Marathon dialects)", () => {
  it.each<[string, Agent, Agent[], boolean, string]>([
    ['[["rack","UNIQUE"]]', rack("a"), [rack("b")], true, "ok"],
    ['[["rack","UNIQUE"]]', rack("a"), [rack("a")], false, "value_used"],
    ['[["rack","UNIQUE"]]', agent("h"), [], false, "missing_field"],
    ['[["rack","CLUSTER","a"]]', rack("a"), [rack("b")], true, "ok"],
    ['[["rack","CLUSTER"]]', rack("a"), [rack("b"), rack("a")], false, "cluster_mismatch"],
    ['[["rack","CLUSTER"]]', rack("a"), [agent("x"), rack("a")], false, "cluster_mismatch"],
    ['[["rack","LIKE","[ab]"]]', rack("a"), [], true, "ok"],
    ['[["rack","LIKE","[ab]"]]', rack("c"), [], false, "value_mismatch"],
    ['[["rack","LIKE",""]]', rack("a"), [], false, "value_mismatch"],
    ['[["rack","UNLIKE","a"]]', agent("h"), [], true, "ok"],
    ['[["rack","UNLIKE",""]]', rack("a"), [], false, "value_mismatch"],
    ['[["rack","MAX_PER","2"]]', rack("a"), [rack("a")], true, "ok"],
    ['[["rack","MAX_PER","2"]]', rack("a"), [rack("a"), rack("a")], false, "limit_reached"],
    ['[["rack","MAX_PER","0"]]', rack("a"), [rack("b")], true, "ok"],
    ['[["level","IS","2.50"]]', agent("h", [{ name: "level", scalar: 2.5 }]), [], true, "ok"],
    ['[["level","IS","2.50"]]', agent("h", [{ name: "level", text: "2.50" }]), [], false, "value_mismatch"],
    ['[["@zone","IS","z1"]]', agent("h", [], ["r1", "z1"]), [], true, "ok"],
    ['[["@zone","IS","z1"]]', agent("h", [{ name: "zone", text: "z1" }]), [], false, "missing_field"],
  ])("%s (case %#)", (text, candidate, placed, expected, kind) => {
    for (const dialect of ["marathon", "marathon-1.11"] as const) {
      const { accepted, verdict } = evaluate(dialect, text, candidate, placed);
      expect(accepted).toBe(expected);
      expect(verdict.kind).toBe(kind);
    }
  });
});

describe("GROUP_BY by Marathon dialect", () => {
  it.each<[Dialect, string, Agent, Agent[], number | undefined, boolean, string]>([
    ["marathon", "2", rack("a"), [rack("a")], undefined, false, "groups_incomplete"],
    ["marathon", "2", rack("c"), [rack("a"), rack("b")], undefined, true, "ok"],
    ["marathon", "2", rack("a"), [rack("a"), rack("b"), rack("a")], undefined, false, "group_full"],
    ["marathon", "inf", rack("a"), [rack("a")], undefined, false, "groups_incomplete"],
    ["marathon", "", rack("a"), [rack("a"), agent("x"), rack("a")], undefined, false, "group_full"],
    ["marathon-1.11", "2", rack("a"), [rack("a")], 5, true, "ok"],
    ["marathon-1.11", "2", rack("c"), [rack("a"), rack("b")], 5, false, "group_limit"],
    ["marathon-1.11", "2", rack("a"), [rack("a"), rack("a"), rack("a")], 5, false, "group_full"],
    ["marathon-1.11", "2", rack("b"), [rack("a"), agent("x")], 4, false, "group_limit"],
    ["marathon-1.11", "0", rack("a"), [], 2, false, "division_by_zero"],
    ["marathon-1.11", "-1", agent("x"), [], 2, false, "missing_field"],
    ["marathon-1.11", "inf", rack("a"), [rack("a")], 3, false, "group_full"],
    ["marathon-1.11", "inf", rack("b"), [rack("a")], 3, true, "ok"],
  ])("%s GROUP_BY %j (case %#)", (dialect, value, candidate, placed, n, expected, kind) => {
    const text = JSON.stringify([["rack", "GROUP_BY", value]]);
    const m = compile(
      [
        {
          field: "rack",
          operator: "GROUP_BY",
          value,
          span: { start: 0, end: 0 },
          fieldSpan: { start: 0, end: 0 },
          operatorSpan: { start: 0, end: 0 },
        },
      ],
      { dialect },
    );
    const state = m.createState(n === undefined ? { placed } : { placed, instances: n });
    expect(m.accepts(candidate, state), text).toBe(expected);
    expect(m.explain(candidate, state)[0]!.kind).toBe(kind);
  });
});

describe("dcos-sdk rules", () => {
  it.each<[string, Agent, Agent[], boolean, string]>([
    ["rack:IS:a", rack("a"), [], true, "ok"],
    ["level:IS:10", agent("h", [{ name: "level", scalar: 10 }]), [], false, "value_mismatch"],
    ["hostname:IS:1e1", agent("10.0"), [], true, "ok"],
    [
      "rack:IS_NOT:a",
      agent("h", [
        { name: "rack", text: "a" },
        { name: "other", text: "b" },
      ]),
      [],
      true,
      "ok",
    ],
    ["rack:IS_NOT:a", agent("h"), [], false, "missing_field"],
    ["rack:LIKE:a|b", rack("b"), [], false, "value_mismatch"],
    ["rack:UNLIKE:a", agent("h"), [], true, "ok"],
    ["@zone:UNLIKE:z1", agent("h"), [], true, "ok"],
    ["@zone:IS_NOT:z1", agent("h"), [], false, "missing_field"],
    ["@region:UNIQUE", agent("h"), [agent("g")], true, "ok"],
    ["@zone:UNIQUE", agent("h"), [], false, "missing_field"],
    ["rack:MAX_PER:2", rack("a"), [rack("a")], true, "ok"],
    ["rack:MAX_PER:2", rack("a"), [rack("a"), rack("a")], false, "limit_reached"],
    [
      "rack:UNIQUE",
      agent("h", [
        { name: "rack", text: "a" },
        { name: "rack", text: "a" },
      ]),
      [],
      false,
      "value_used",
    ],
    ["rack:UNIQUE", agent("h", [{ name: "zone", text: "a" }]), [], false, "missing_field"],
    ["rack:GROUP_BY", agent("h", [{ name: "RACK", text: "a" }]), [rack("a"), rack("b")], true, "ok"],
    ["rack:GROUP_BY", rack("a"), [rack("a"), rack("b"), rack("a")], false, "group_full"],
    ["rack:GROUP_BY:3", rack("a"), [rack("a"), rack("b")], false, "group_full"],
    ["rack:GROUP_BY:3", rack("c"), [rack("a"), rack("b")], true, "ok"],
    ["rack:GROUP_BY:2", agent("h"), [], false, "missing_field"],
  ])("%s (case %#)", (text, candidate, placed, expected, kind) => {
    const { accepted, verdict } = evaluate("dcos-sdk", text, candidate, placed);
    expect(accepted).toBe(expected);
    expect(verdict.kind).toBe(kind);
  });
});

describe("explain", () => {
  it("words MAX_PER, UNIQUE, LIKE and a missing field", () => {
    const r1 = rack("rack-1");
    const maxPer = compile('[["rack_id","MAX_PER","2"]]');
    const withRackId = agent("a", [{ name: "rack_id", text: "rack-1" }]);
    const s = maxPer.createState({ placed: [withRackId, withRackId] });
    expect(maxPer.explain(withRackId, s)[0]!.reason).toBe(
      "rack_id:MAX_PER:2 rejects rack-1: 2 instances already there (limit 2)",
    );
    const unique = compile('[["hostname","UNIQUE"]]');
    expect(
      unique.explain(agent("agent-3"), unique.createState({ placed: [agent("agent-3")] }))[0]!.reason,
    ).toBe("hostname:UNIQUE rejects agent-3: value already used by 1 instance");
    expect(compile('[["rack","LIKE","rack-[1-3]"]]').explain(rack("rack-7"))[0]!.reason).toBe(
      "rack:LIKE:rack-[1-3] rejects rack-7: does not match",
    );
    expect(compile('[["zone","IS","a"]]').explain(r1)[0]).toEqual({
      constraint: { field: "zone", operator: "IS", value: "a" },
      accepted: false,
      kind: "missing_field",
      missing: true,
      reason: "zone:IS:a rejects: agent has no attribute zone",
    });
  });

  it("gives counts, limits and groups", () => {
    const m = compile('[["rack","GROUP_BY","3"]]', { dialect: "marathon-1.11" });
    const s = m.createState({ placed: [rack("a"), rack("a"), rack("b")], instances: 7 });
    expect(m.explain(rack("a"), s)[0]).toEqual({
      constraint: { field: "rack", operator: "GROUP_BY", value: "3" },
      accepted: true,
      kind: "ok",
      value: "a",
      count: 2,
      limit: 2,
      groups: 2,
      reason: "rack:GROUP_BY:3 accepts a: group has its share of 2; 1 of the remainder is left",
    });
    s.instances = 6;
    expect(m.explain(rack("a"), s)[0]!.reason).toBe(
      "rack:GROUP_BY:3 rejects a: group has its share of 2 and the remainder is used up",
    );
  });

  it("describes the reject-all rule for invalid dcos-sdk text", () => {
    const m = compile("rack:FOO:x", { dialect: "dcos-sdk", invalid: "reject" });
    expect(m.accepts(rack("a"))).toBe(false);
    expect(m.explain(rack("a"))).toEqual([
      {
        constraint: { field: "rack:FOO:x", operator: "INVALID" },
        accepted: false,
        kind: "invalid_constraints",
        reason: 'constraints "rack:FOO:x" rejects: the constraints are invalid, so every agent is refused',
      },
    ]);
  });
});
