// Code point set operations: the merging union against the obvious sort-and-merge of both range lists.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { fromPairs, type Ranges, union } from "../../src/regex/charset.js";

const pair = fc
  .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 20 }))
  .map(([lo, len]): [number, number] => [lo, lo + len]);
const ranges = fc.array(pair, { maxLength: 12 }).map((pairs) => fromPairs(pairs));

const pairsOf = (r: Ranges): [number, number][] => {
  const out: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) out.push([r[i]!, r[i + 1]!]);
  return out;
};

describe("union", () => {
  test.prop([ranges, ranges], { numRuns: 300 })(
    "equals normalising the pairs of both sets together",
    (a, b) => {
      expect(union(a, b)).toEqual(fromPairs([...pairsOf(a), ...pairsOf(b)]));
    },
  );
});
