// The two-generation memo behind the Java regex caches: bounded, and keys in use survive a flip.
import { describe, expect, it } from "vitest";
import { TwoGenerationMemo } from "../../src/regex/memo.js";

describe("TwoGenerationMemo", () => {
  it("remembers what was set, up to two generations back", () => {
    const m = new TwoGenerationMemo<number>(2);
    m.set("a", 1);
    m.set("b", 2);
    m.set("c", 3); // flips: a and b are now the old generation
    expect([m.get("a"), m.get("b"), m.get("c")]).toEqual([1, 2, 3]);
  });

  it("forgets the oldest generation whole when the young one fills again", () => {
    const m = new TwoGenerationMemo<number>(2);
    for (const [k, v] of [
      ["a", 1],
      ["b", 2],
      ["c", 3],
      ["d", 4],
      ["e", 5],
    ] as const)
      m.set(k, v);
    expect([m.get("a"), m.get("b")]).toEqual([undefined, undefined]);
    expect([m.get("c"), m.get("d"), m.get("e")]).toEqual([3, 4, 5]);
  });

  it("carries a key that is read from the old generation into the young one", () => {
    const m = new TwoGenerationMemo<number>(2);
    m.set("a", 1);
    m.set("b", 2);
    m.set("c", 3); // young: c; old: a, b
    expect(m.get("a")).toBe(1); // young: c, a
    m.set("d", 4); // flips: old = c, a
    m.set("e", 5);
    expect(m.get("a")).toBe(1);
    expect(m.get("b")).toBeUndefined();
  });
});
