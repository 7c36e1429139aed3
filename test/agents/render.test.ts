// Every render.json vector, plus the special values and dialect rules of renderAttribute.
import { describe, expect, it } from "vitest";
import type { Attribute } from "../../src/agents/agent.js";
import { renderAttribute, renderScalarMarathon, renderScalarSdk } from "../../src/agents/render.js";
import type { Dialect } from "../../src/ast.js";
import { loadVectors } from "../helpers/vectors.js";

interface RenderVector {
  readonly id: string;
  readonly dialect: Dialect;
  readonly attribute: Attribute;
  readonly rendered: string;
}

const vectors = loadVectors<RenderVector>("render.json");

describe("renderAttribute (render.json)", () => {
  it("has every vector of the shared file", () => {
    expect(vectors.length).toBe(261);
  });

  it.each(vectors.map((v) => [v.id, v] as const))("%s", (_id, v) => {
    expect(renderAttribute(v.attribute, v.dialect)).toBe(v.rendered);
  });
});

describe("renderAttribute", () => {
  it("renders marathon-1.11 exactly like marathon", () => {
    const a: Attribute = { name: "x", scalar: 2.0005 };
    expect(renderAttribute(a, "marathon-1.11")).toBe(renderAttribute(a, "marathon"));
  });

  it("does not reorder the caller's ranges or set items", () => {
    const ranges: [number, number][] = [
      [5, 6],
      [1, 2],
    ];
    const set = ["b", "a"];
    expect(renderAttribute({ name: "p", ranges }, "marathon")).toBe("[1-2,5-6]");
    expect(renderAttribute({ name: "s", set }, "marathon")).toBe("{a,b}");
    expect(ranges[0]).toEqual([5, 6]);
    expect(set).toEqual(["b", "a"]);
  });
});

describe("renderScalarMarathon", () => {
  it.each([
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "∞"],
    [Number.NEGATIVE_INFINITY, "-∞"],
    [-0, "-0"],
    [0, "0"],
    [1e20, "100000000000000000000"],
    [1234567.891, "1234567.891"],
  ])("renders %s as %s", (x, s) => {
    expect(renderScalarMarathon(x)).toBe(s);
  });
});

describe("renderScalarSdk", () => {
  it.each([
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Infinity"],
    [Number.NEGATIVE_INFINITY, "-Infinity"],
    [-0, "-0.000"],
    [0.0004, "0.000"],
    [0.0006, "0.001"],
    [1e20, "100000000000000000000.000"],
  ])("renders %s as %s", (x, s) => {
    expect(renderScalarSdk(x)).toBe(s);
  });
});
