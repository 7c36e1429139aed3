// PlacementState bookkeeping and compile-time behaviour: inputs, diagnostics, reject-all, region gate.
import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import type { Constraint } from "../../src/ast.js";
import { compile, safeCompile } from "../../src/eval/index.js";

const rack = (r: string, host = `h-${r}`): Agent => ({
  hostname: host,
  attributes: [{ name: "rack", text: r }],
});
const SPAN = { start: 0, end: 0 };
const constraint = (
  field: string,
  operator: Constraint["operator"],
  value?: string,
  valueSpan = SPAN,
): Constraint =>
  value === undefined
    ? { field, operator, span: SPAN, fieldSpan: SPAN, operatorSpan: SPAN }
    : { field, operator, value, span: SPAN, fieldSpan: SPAN, operatorSpan: SPAN, valueSpan };

describe("PlacementState", () => {
  it("removes the most recent instance on an agent and reports unknown agents", () => {
    const m = compile('[["rack","MAX_PER","2"]]');
    const a = rack("a");
    const b = rack("b");
    const s = m.createState({ placed: [a, b, a] });
    expect(s.remove(rack("a"))).toBe(false);
    expect(s.remove(a)).toBe(true);
    expect(s.placed).toEqual([a, b]);
    expect(s.size).toBe(2);
    expect(m.accepts(a, s)).toBe(true);
  });

  it("moves CLUSTER's anchor to the oldest remaining instance when the first one goes", () => {
    const m = compile('[["rack","CLUSTER"]]');
    const a = rack("a");
    const b = rack("b");
    const s = m.createState({ placed: [a, b] });
    expect(m.accepts(rack("b"), s)).toBe(false);
    s.remove(a);
    expect(m.accepts(rack("b"), s)).toBe(true);
    s.remove(b);
    expect(m.accepts(rack("c"), s)).toBe(true);
  });

  it("keeps clones independent", () => {
    const m = compile('[["hostname","UNIQUE"]]');
    const a = rack("a");
    const s = m.createState();
    const copy = s.clone();
    copy.place(a);
    expect(m.accepts(a, s)).toBe(true);
    expect(m.accepts(a, copy)).toBe(false);
  });

  it("uses N = 1 while nothing is placed and instances afterwards (marathon-1.11)", () => {
    const m = compile('[["rack","GROUP_BY","2"]]', { dialect: "marathon-1.11" });
    const s = m.createState({ instances: 4 });
    expect(m.accepts(rack("a"), s)).toBe(true);
    s.place(rack("a"));
    // N = 4, G = 2: per group 2, so a second "a" fits.
    expect(m.accepts(rack("a"), s)).toBe(true);
    s.instances = 2;
    expect(m.accepts(rack("a"), s)).toBe(false);
  });

  it("refuses an instance count that is not a whole number", () => {
    const s = compile("[]").createState();
    expect(() => {
      s.instances = -1;
    }).toThrow(RangeError);
    expect(() => {
      s.instances = 1.5;
    }).toThrow(RangeError);
  });

  it("refuses a state that belongs to another matcher", () => {
    const one = compile('[["hostname","UNIQUE"]]');
    const other = compile('[["hostname","UNIQUE"]]');
    expect(() => one.accepts(rack("a"), other.createState())).toThrow(TypeError);
  });

  it("gives an agent object one row and reuses it", () => {
    const m = compile('[["rack","LIKE","a"]]');
    const a = rack("a");
    expect(m.row(a)).toBe(m.row(a));
    expect(m.accepts(a)).toBe(true);
  });
});

describe("compile", () => {
  it("accepts text, tuples and Constraint objects alike", () => {
    const a = rack("a");
    const placed = { placed: [a] };
    for (const input of [
      '[["rack","UNIQUE"]]',
      [["rack", "UNIQUE"]] as const,
      [constraint("rack", "UNIQUE")],
    ]) {
      const m = compile(input);
      expect(m.accepts(a, m.createState(placed))).toBe(false);
      expect(m.accepts(rack("b"), m.createState(placed))).toBe(true);
    }
  });

  it("accepts everything with no constraints", () => {
    for (const [text, dialect] of [
      ["[]", "marathon"],
      ["", "dcos-sdk"],
      ["[]", "dcos-sdk"],
    ] as const) {
      const m = compile(text, { dialect });
      expect(m.accepts(rack("a"))).toBe(true);
      expect(m.explain(rack("a"))).toEqual([]);
    }
  });

  it("reports invalid text without a matcher, or throws from compile", () => {
    const r = safeCompile('[["rack","MAX_PER","x"]]');
    expect(r.ok).toBe(false);
    expect(r.matcher).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toContain("max_per_not_integer");
    expect(() => compile('[["rack","MAX_PER","x"]]')).toThrow(/max_per_not_integer/);
  });

  it("gives a reject-all matcher on request, still reporting ok: false", () => {
    const r = safeCompile("rack:FOO:x", { dialect: "dcos-sdk", invalid: "reject" });
    expect(r.ok).toBe(false);
    expect(r.matcher?.accepts(rack("a"))).toBe(false);
  });

  it("checks what it needs from Constraint objects", () => {
    const codes = (cs: Constraint[], dialect: "marathon" | "dcos-sdk" = "marathon") =>
      safeCompile(cs, { dialect }).diagnostics.map((d) => d.code);
    expect(codes([constraint("rack", "IS_NOT", "a")])).toEqual(["sdk_only_operator"]);
    expect(codes([constraint("rack", "MAX_PER", "two")])).toEqual(["max_per_not_integer"]);
    expect(codes([constraint("rack", "MAX_PER", "0")], "dcos-sdk")).toEqual(["max_per_below_one"]);
    expect(codes([constraint("rack", "GROUP_BY", "x")], "dcos-sdk")).toEqual(["group_by_not_integer"]);
    expect(codes([constraint("rack", "CLUSTER")], "dcos-sdk")).toEqual(["missing_value"]);
  });

  it("places regex diagnostics inside the constraint's value", () => {
    const r = safeCompile([constraint("rack", "LIKE", "a(b", { start: 10, end: 13 })]);
    expect(r.ok).toBe(false);
    for (const d of r.diagnostics) {
      expect(d.span.start).toBeGreaterThanOrEqual(10);
      expect(d.span.end).toBeLessThanOrEqual(13);
    }
  });

  it("reads GROUP_BY's value leniently in Marathon (inf, garbage as 0)", () => {
    const legacy = compile([constraint("rack", "GROUP_BY", "inf")]);
    expect(legacy.accepts(rack("a"), legacy.createState({ placed: [rack("a"), rack("b")] }))).toBe(false);
    const zero = compile([constraint("rack", "GROUP_BY", "x")], { dialect: "marathon-1.11" });
    expect(zero.explain(rack("a"))[0]!.kind).toBe("division_by_zero");
  });
});

describe("acceptsRegion", () => {
  const east: Agent = { hostname: "e", region: "east", zone: "e1", attributes: [] };
  const west: Agent = { hostname: "w", region: "west", zone: "w1", attributes: [] };
  const none: Agent = { hostname: "n", attributes: [] };

  it("lets everything through without a local region", () => {
    expect(compile("[]").acceptsRegion(west)).toBe(true);
  });

  it("keeps Marathon in the local region unless @region or @zone is constrained", () => {
    const local = compile('[["hostname","UNIQUE"]]', { localRegion: "east" });
    expect([local.acceptsRegion(east), local.acceptsRegion(west), local.acceptsRegion(none)]).toEqual([
      true,
      false,
      true,
    ]);
    expect(compile('[["@zone","UNLIKE","x"]]', { localRegion: "east" }).acceptsRegion(west)).toBe(true);
    expect(compile("[]", { localRegion: null }).acceptsRegion(east)).toBe(false);
  });

  it("opens remote regions in dcos-sdk only for @region, and passes all when the master has no region", () => {
    expect(compile("@zone:UNLIKE:x", { dialect: "dcos-sdk", localRegion: "east" }).acceptsRegion(west)).toBe(
      false,
    );
    expect(compile("@region:LIKE:.*", { dialect: "dcos-sdk", localRegion: "east" }).acceptsRegion(west)).toBe(
      true,
    );
    expect(compile("", { dialect: "dcos-sdk", localRegion: null }).acceptsRegion(west)).toBe(true);
  });
});
