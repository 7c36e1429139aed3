import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  coalesceRanges,
  formatRanges,
  intersectRanges,
  rangesContain,
  subtractRanges,
} from "../../src/agents/port-ranges.js";

/** Random small range lists over ports 0..60, coalesced as Mesos does. */
const ranges = fc
  .array(
    fc
      .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 8 }))
      .map(([b, n]) => [b, b + n] as const),
    { maxLength: 6 },
  )
  .map((list) => coalesceRanges(list));

function ports(list: readonly (readonly [number, number])[]): number[] {
  const out: number[] = [];
  for (const [b, e] of list) for (let p = b; p <= e; p++) out.push(p);
  return out;
}

describe("port ranges", () => {
  it("subtracts the ports of one list from another", () => {
    expect(
      subtractRanges(
        [[1, 10]],
        [
          [3, 4],
          [8, 12],
        ],
      ),
    ).toEqual([
      [1, 2],
      [5, 7],
    ]);
    expect(subtractRanges([[31000, 32000]], [[31000, 32000]])).toEqual([]);
  });

  it("agrees with set arithmetic on random lists (subtract, intersect, contain)", () => {
    fc.assert(
      fc.property(ranges, ranges, fc.integer({ min: 0, max: 70 }), (a, b, p) => {
        const setB = new Set(ports(b));
        expect(ports(subtractRanges(a, b))).toEqual(ports(a).filter((x) => !setB.has(x)));
        expect(ports(intersectRanges(a, b))).toEqual(ports(a).filter((x) => setB.has(x)));
        expect(rangesContain(a, p)).toBe(ports(a).includes(p));
        expect(coalesceRanges(subtractRanges(a, b))).toEqual(subtractRanges(a, b));
      }),
      { numRuns: 400 },
    );
  });

  it("prints ranges as Mesos does", () => {
    expect(
      formatRanges([
        [31000, 31005],
        [32000, 32000],
      ]),
    ).toBe("[31000-31005, 32000-32000]");
  });
});
