// Every mesos-attributes.json vector, plus diagnostics (spans, Mesos' texts) and the value grammar.
import { describe, expect, it } from "vitest";
import type { Attribute } from "../../src/agents/agent.js";
import { parseMesosAttributes } from "../../src/agents/mesos-attributes.js";
import { coalesceRanges, countRanges, parseMesosValue } from "../../src/agents/mesos-values.js";
import { loadVectors } from "../helpers/vectors.js";

interface AttributeVector {
  readonly id: string;
  readonly input: string;
  readonly expect: readonly Attribute[] | "invalid";
}

const vectors = loadVectors<AttributeVector>("mesos-attributes.json");

describe("parseMesosAttributes (mesos-attributes.json)", () => {
  it("has every vector of the shared file", () => {
    expect(vectors.length).toBe(53);
  });

  it.each(vectors.map((v) => [v.id, v] as const))("%s", (_id, v) => {
    const result = parseMesosAttributes(v.input);
    if (v.expect === "invalid") {
      expect(result.ok).toBe(false);
      expect(result.diagnostics.length).toBeGreaterThan(0);
      for (const d of result.diagnostics) {
        expect(d.code).toBe("invalid_attribute");
        expect(d.span.start).toBeGreaterThanOrEqual(0);
        expect(d.span.end).toBeLessThanOrEqual(v.input.length);
        expect(d.span.start).toBeLessThanOrEqual(d.span.end);
      }
    } else {
      expect(result.diagnostics).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.attributes).toEqual(v.expect);
      // -0 and 0 are different attributes to Marathon ("-0" vs "0").
      result.attributes.forEach((a, i) => {
        const e = v.expect === "invalid" ? undefined : v.expect[i];
        if (e && "scalar" in e && "scalar" in a) expect(Object.is(a.scalar, e.scalar)).toBe(true);
      });
    }
  });
});

describe("parseMesosAttributes diagnostics", () => {
  it("points at the entry without a colon and quotes Mesos", () => {
    const text = "a:1;rack;b:2";
    const [d] = parseMesosAttributes(text).diagnostics;
    expect(text.slice(d!.span.start, d!.span.end)).toBe("rack");
    expect(d!.upstream).toBe("Invalid attribute key:value pair 'rack'");
  });

  it("points at a misplaced '[' inside the value", () => {
    const text = "rack:r1;x:ab[1-2]";
    const [d] = parseMesosAttributes(text).diagnostics;
    expect(d!.span).toEqual({ start: 12, end: 13 });
    expect(d!.upstream).toBe("Failed to parse attribute x text ab[1-2] error Unexpected '[' found");
  });

  it("points at the bad range bound", () => {
    const text = "ports:[1-2, 3-x4]";
    const [d] = parseMesosAttributes(text).diagnostics;
    expect(text.slice(d!.span.start, d!.span.end)).toBe("x4");
    expect(d!.upstream).toBe(
      "Failed to parse attribute ports text [1-2, 3-x4] error Expecting non-negative integers in '3'",
    );
  });

  it("reports mismatched brackets with Mesos' text", () => {
    const [d] = parseMesosAttributes("x:{aa,b}}").diagnostics;
    expect(d!.upstream).toBe("Failed to parse attribute x text {aa,b}} error Mismatched brackets");
  });

  it("rejects a set with Mesos' bad-type text", () => {
    const r = parseMesosAttributes("tags:{a,b}");
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.upstream).toBe("Bad type for attribute tags text {a,b} type 2");
  });

  it("reports every bad entry and keeps the good ones", () => {
    const r = parseMesosAttributes("a:1;:x;b:two;c");
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toHaveLength(2);
    expect(r.attributes).toEqual([
      { name: "a", scalar: 1 },
      { name: "b", text: "two" },
    ]);
  });

  it("shifts spans by the given offset", () => {
    const [d] = parseMesosAttributes("rack", { offset: 10 }).diagnostics;
    expect(d!.span).toEqual({ start: 10, end: 14 });
  });
});

describe("parseMesosValue", () => {
  it.each([
    ["1.5", { scalar: 1.5 }],
    [".5", { scalar: 0.5 }],
    ["5.", { scalar: 5 }],
    ["+3", { scalar: 3 }],
    ["1e3", { scalar: 1000 }],
    ["1e-400", { scalar: 0 }],
    ["0x10", { text: "0x10" }],
    ["1e", { text: "1e" }],
    ["-1", { text: "-1" }],
    ["[0x10-0x20]", { ranges: [[16, 32]] }],
    ["[+1-2]", { ranges: [[1, 2]] }],
    ["{a, b}", { set: ["a", "b"] }],
    ["{}", { set: [] }],
  ])("reads %j as %j", (text, value) => {
    expect(parseMesosValue(text)).toEqual({ ok: true, value });
  });

  it("refuses range bounds beyond 2^53-1 with its own message", () => {
    const r = parseMesosValue("[1-18446744073709551615]");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.upstream).toBeUndefined();
  });

  it("refuses range bounds beyond 2^64-1 as Mesos does", () => {
    const r = parseMesosValue("[1-18446744073709551616]");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.upstream).toBe("Expecting non-negative integers in '1'");
  });
});

describe("coalesceRanges / countRanges", () => {
  it("merges overlapping and adjacent ranges after sorting", () => {
    expect(
      coalesceRanges([
        [9, 10],
        [1, 3],
        [4, 5],
        [2, 2],
      ]),
    ).toEqual([
      [1, 5],
      [9, 10],
    ]);
  });

  it("counts the integers covered", () => {
    expect(
      countRanges([
        [1025, 2180],
        [2182, 32000],
      ]),
    ).toBe(1156 + 29819);
  });
});
