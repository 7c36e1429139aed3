// Totality of the Java regex entry points on hostile patterns: 100,000-deep nesting, million-character
// literals, huge alternations and look-behinds, lone surrogates and control characters. No throw (so no
// recursion proportional to the input), every span inside the pattern, and answers that stay consistent.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { checkJavaRegex, compileJavaRegex, parseJavaRegex } from "../../src/regex/index.js";

const OPENERS = ["(", "[", "(?:", "(?<=", "(?!", "(?>", "(?i:", "[^", "\\Q(", "(?<n"];
const UNITS = [
  "a",
  "\ud800",
  "\udc00",
  "\u{1f600}",
  "\u0000",
  "\u0301",
  "|",
  "?",
  "*",
  "{2}",
  "\\",
  ")",
  "]",
  "-",
];

/** One hostile pattern family at a given size. */
const hostile: fc.Arbitrary<string> = fc.oneof(
  // Nesting: up to 100,000 openers, with or without the closers.
  fc
    .tuple(fc.constantFrom(...OPENERS), fc.integer({ min: 1, max: 100_000 }), fc.boolean())
    .map(
      ([open, n, closed]) => open.repeat(n) + (closed ? (open.startsWith("[") ? "]" : ")").repeat(n) : ""),
    ),
  // Long literals, quoted or not, optionally quantified at the end (a million characters: see below).
  fc
    .tuple(
      fc.constantFrom("a", "é", "\u{1f600}", "\\.", "\\Qa"),
      fc.integer({ min: 1, max: 10_000 }),
      fc.constantFrom("", "*", "{2,}", "\\E"),
    )
    .map(([unit, n, tail]) => unit.repeat(Math.ceil(n / unit.length)) + tail),
  // Long flat structures: alternations, optional groups, look-behinds over them, back-references after them.
  fc
    .tuple(
      fc.constantFrom("a|", "(?:a|b)", "(?:ab)?", "x?", "[a-z]+"),
      fc.integer({ min: 1, max: 10_000 }),
      fc.constantFrom("", "(?<=", "(a)"),
    )
    .map(([unit, n, around]) =>
      around === "(?<="
        ? `(?<=${unit.repeat(n)})x`
        : around === "(a)"
          ? `(a)${unit.repeat(n)}\\1`
          : unit.repeat(n),
    ),
  // Noise: surrogates, controls and syntax characters in any order.
  fc.array(fc.constantFrom(...UNITS), { maxLength: 2_000 }).map((u) => u.join("")),
);

/** Every entry point on one pattern: no throw, spans inside, consistent verdicts. */
function answersWell(p: string): void {
  const parsed = parseJavaRegex(p);
  spansInside(parsed.diagnostics, p.length);
  const checked = checkJavaRegex(p);
  spansInside(checked.diagnostics, p.length);
  const compiled = compileJavaRegex(p, { cacheSize: 0 });
  spansInside(compiled.diagnostics, p.length);
  expect(checked.valid).toBe(parsed.valid);
  expect(compiled.valid).toBe(parsed.valid);
  expect(compiled.ok).toBe(compiled.valid && compiled.translated);
  if (compiled.regex) expect(typeof compiled.regex.matches("a\ud800\u{1f600}")).toBe("boolean");
}

function spansInside(ds: readonly { span: { start: number; end: number } }[], length: number): void {
  for (const d of ds) {
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.start).toBeLessThanOrEqual(d.span.end);
    expect(d.span.end).toBeLessThanOrEqual(length);
  }
}

describe("java regex totality", () => {
  test.prop([hostile], { numRuns: 30 })(
    "parse, check and compile answer every hostile pattern without throwing, with spans inside it",
    answersWell,
    60_000,
  );

  it.each([
    ["a million literal characters", "a".repeat(1_000_000)],
    ["200,000 quoted characters, quantified", `\\Q${"(".repeat(200_000)}\\E*`],
  ])("answers %s without throwing", (_name, p) => answersWell(p), 60_000);
});
