// Properties of the parser and compiler: printing round-trips, and no input ever throws or escapes its bounds.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { checkJavaRegex, compileJavaRegex, parseJavaRegex, printJavaRegex } from "../../src/regex/index.js";
import { javaInput, javaPattern } from "./arbitraries.js";

const anyText = fc.oneof(
  fc.string({ unit: "grapheme-composite", maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(..."()[]{}\\*+?|^$.-&#:<>=!QEpPkx0123 \n"), maxLength: 30 }),
);

describe("java regex parser properties", () => {
  test.prop([javaPattern], { numRuns: 500 })("prints every valid pattern back to its exact text", (p) => {
    const r = parseJavaRegex(p);
    if (r.ast) expect(printJavaRegex(r.ast)).toBe(p);
  });

  test.prop([fc.oneof(anyText, javaPattern), javaInput], { numRuns: 500 })(
    "never throws and keeps spans inside the pattern",
    (p, input) => {
      const r = compileJavaRegex(p);
      for (const d of r.diagnostics) {
        expect(d.span.start).toBeGreaterThanOrEqual(0);
        expect(d.span.end).toBeLessThanOrEqual(p.length);
        expect(d.span.start).toBeLessThanOrEqual(d.span.end);
      }
      expect(r.ok).toBe(r.valid && r.translated);
      if (r.regex) expect(typeof r.regex.matches(input)).toBe("boolean");
    },
  );

  test.prop([javaPattern, fc.array(javaInput, { maxLength: 5 })], { numRuns: 300 })(
    "the linear engine agrees with the RegExp translation wherever both run",
    (p, inputs) => {
      const linear = compileJavaRegex(p, { engine: "linear" });
      const back = compileJavaRegex(p, { engine: "backtracking" });
      if (!linear.ok || !back.ok) return;
      for (const s of inputs) expect(linear.regex!.matches(s)).toBe(back.regex!.matches(s));
    },
  );

  test.prop(
    [
      fc.oneof(
        javaPattern,
        fc.constantFrom(
          "a{0,5000}a*",
          "us-.*",
          "(?c)[a]",
          "a\\b{g}",
          "(a)\\1",
          "*a",
          "a**",
          "a{2}*",
          "{2}a",
          "a)",
          "(?i)*",
          "\\d+?+",
        ),
        fc.string({ unit: fc.constantFrom(..."ab.*+?{2}\\d)^$"), maxLength: 12 }),
      ),
    ],
    {
      numRuns: 500,
    },
  )("checkJavaRegex, which skips work for simple patterns, gives compileJavaRegex's verdicts", (p) => {
    const check = checkJavaRegex(p);
    const full = compileJavaRegex(p, { cacheSize: 0 });
    expect([check.valid, check.translated]).toEqual([full.valid, full.translated]);
    if (!full.valid) expect(check.diagnostics).toEqual(full.diagnostics);
    const warnings = (ds: readonly { code: string }[]) =>
      ds.filter((d) => d.code === "regex_catastrophic_backtracking").length;
    expect(warnings(check.diagnostics)).toBe(warnings(full.diagnostics));
  });
});
