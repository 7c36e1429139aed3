import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { parseTolerantJson } from "../../src/syntax/json.js";
import { parseStrictJson } from "../../src/syntax/json-strict.js";

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
