// Totality of the --attributes parser: any string, no throw, spans inside the input.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { parseMesosAttributes } from "../../src/agents/mesos-attributes.js";

const attributeChars = fc.constantFrom(..."ab1:;[]{}()-, .\n\t0x+e".split(""));

describe("parseMesosAttributes totality", () => {
  test.prop([fc.oneof(fc.string(), fc.string({ unit: attributeChars, maxLength: 40 }))], { numRuns: 3000 })(
    "never throws and keeps every span inside the input",
    (text) => {
      const r = parseMesosAttributes(text);
      expect(r.ok).toBe(r.diagnostics.length === 0);
      for (const d of r.diagnostics) {
        expect(d.span.start).toBeGreaterThanOrEqual(0);
        expect(d.span.start).toBeLessThanOrEqual(d.span.end);
        expect(d.span.end).toBeLessThanOrEqual(text.length);
      }
    },
  );
});
