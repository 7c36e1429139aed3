import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { type JsonNode, parseTolerantJson } from "../../src/syntax/json.js";
import { parseStrictJson, streamStrictJsonArray } from "../../src/syntax/json-strict.js";

// The strict reader is only a fast path: wherever it answers, it must build the grammar's tree exactly.
const text = fc.oneof(
  fc
    .tuple(fc.jsonValue(), fc.constantFrom(undefined, 0, 1, 2, "\t"))
    .map(([v, indent]) => JSON.stringify(v, null, indent)),
  fc.json(),
  fc.string({
    unit: fc.constantFrom(
      "[",
      "]",
      "{",
      "}",
      ",",
      ":",
      '"',
      "\\",
      "u",
      "1",
      "-",
      ".",
      "e",
      " ",
      "\n",
      "a",
      "n",
      "t",
    ),
    maxLength: 30,
  }),
);

describe("parseJson's strict fast path", () => {
  test.prop([text], { numRuns: 500 })("agrees with the chevrotain grammar on every input it accepts", (t) => {
    const strict = parseStrictJson(t);
    const tolerant = parseTolerantJson(t);
    if (strict !== undefined) {
      expect(tolerant.diagnostics).toEqual([]);
      expect(strict).toEqual(tolerant.value);
    }
  });

  test.prop([text], { numRuns: 500 })("accepts every input the grammar reads without a diagnostic", (t) => {
    const tolerant = parseTolerantJson(t);
    if (tolerant.diagnostics.length === 0 && tolerant.value !== undefined) {
      expect(parseStrictJson(t)).toBeDefined();
    }
  });

  test.prop([fc.jsonValue()])("reads what JSON.stringify writes", (v) => {
    expect(parseStrictJson(JSON.stringify(v))).toBeDefined();
  });
});

describe("streamStrictJsonArray", () => {
  test.prop([text], { numRuns: 500 })(
    "hands over exactly the root array's elements that parseStrictJson builds, in order",
    (t) => {
      const tree = parseStrictJson(t, 8);
      const seen: JsonNode[] = [];
      const span = streamStrictJsonArray(t, 8, (e) => {
        seen.push(e);
        return true;
      });
      if (tree?.kind === "array") {
        expect(span).toEqual(tree.span);
        expect(seen).toEqual(tree.elements);
      } else {
        expect(span).toBeUndefined();
      }
    },
  );

  test.prop([fc.array(fc.jsonValue(), { minLength: 1 }), fc.nat()])(
    "stops at the element where the callback says so",
    (elements, k) => {
      const stopAt = k % elements.length;
      let calls = 0;
      const span = streamStrictJsonArray(JSON.stringify(elements), 128, () => calls++ !== stopAt);
      expect(span).toBeUndefined();
      expect(calls).toBe(stopAt + 1);
    },
  );
});
