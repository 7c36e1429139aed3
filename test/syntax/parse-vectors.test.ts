import { describe, expect, it } from "vitest";
import type { Dialect } from "../../src/ast.js";
import { safeParse } from "../../src/syntax/parse.js";
import { loadVectors } from "../helpers/vectors.js";

interface ParseVector {
  id: string;
  dialect: Dialect;
  input: string;
  expect: "valid" | "invalid";
  constraints?: string[][];
  message?: string;
}

const rowsOf = (r: ReturnType<typeof safeParse>) =>
  r.constraints.map((c) => (c.value === undefined ? [c.field, c.operator] : [c.field, c.operator, c.value]));

for (const file of ["parse-marathon.json", "parse-dcos-sdk.json"]) {
  describe(file, () => {
    it.each(loadVectors<ParseVector>(file).map((v) => [v.id, v] as const))("%s", (_id, v) => {
      const result = safeParse(v.input, { dialect: v.dialect });
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      if (v.expect === "valid") {
        expect(errors).toEqual([]);
        expect(result.ok).toBe(true);
        expect(rowsOf(result)).toEqual(v.constraints);
      } else {
        expect(result.ok).toBe(false);
        expect(errors.length).toBeGreaterThan(0);
        for (const d of result.diagnostics) {
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(v.input.length);
        }
        // Where upstream's message is known, one of our diagnostics carries it verbatim.
        if (v.message) {
          const upstream = result.diagnostics.map((d) => d.upstream);
          if (!upstream.includes(v.message)) {
            // The SDK's fallback note quotes the message the colon reading fails with.
            expect(result.diagnostics.map((d) => d.message).join("\n")).toContain(v.message);
          }
        }
      }
    });
  });
}
