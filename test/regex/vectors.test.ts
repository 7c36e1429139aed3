// Every java-regex.json vector: Java's validity verdict, and String.matches for each case, unless refused.
import { describe, expect, it } from "vitest";
import { compileJavaRegex } from "../../src/regex/index.js";
import { loadVectors } from "../helpers/vectors.js";

interface RegexVector {
  readonly id: string;
  readonly pattern: string;
  readonly valid: boolean;
  readonly cases: readonly { readonly input: string; readonly matches: boolean }[];
}

/**
 * Vectors we refuse with regex_untranslatable instead of answering. A new refusal fails the suite until it is
 * listed here with its reason.
 */
const REFUSED: Readonly<Record<string, string>> = {
  // JDK 17 tests \b{g} against the cluster that starts at Matcher.last, internal state that moves while matching.
  "java-regex-360": "\\b{g}",
};

const vectors = loadVectors<RegexVector>("java-regex.json");

describe("java-regex.json vectors", () => {
  it.each(vectors.filter((v) => REFUSED[v.id] === undefined).map((v) => [v.id, v] as const))(
    "%s agrees with the JDK",
    (_id, v) => {
      const r = compileJavaRegex(v.pattern);
      expect(r.valid).toBe(v.valid);
      if (!v.valid) {
        expect(r.ok).toBe(false);
        expect(r.diagnostics.some((d) => d.code === "invalid_regex")).toBe(true);
        return;
      }
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(r.ok).toBe(true);
      for (const c of v.cases) expect([c.input, r.regex!.matches(c.input)]).toEqual([c.input, c.matches]);
    },
  );

  it.each(vectors.filter((v) => v.valid && REFUSED[v.id] === undefined).map((v) => [v.id, v] as const))(
    "%s agrees with the JDK on the linear engine when it can run the pattern",
    (_id, v) => {
      const r = compileJavaRegex(v.pattern, { engine: "linear" });
      if (!r.ok) {
        expect(r.diagnostics.some((d) => d.code === "regex_untranslatable")).toBe(true);
        return;
      }
      expect(r.regex!.engine).toBe("linear");
      for (const c of v.cases) expect([c.input, r.regex!.matches(c.input)]).toEqual([c.input, c.matches]);
    },
  );

  it.each(Object.entries(REFUSED))("%s is refused with regex_untranslatable (%s)", (id, construct) => {
    const v = vectors.find((x) => x.id === id);
    expect(v).toBeDefined();
    const r = compileJavaRegex(v!.pattern);
    expect(r.ok).toBe(false);
    expect(r.translated).toBe(false);
    const refusal = r.diagnostics.find((d) => d.code === "regex_untranslatable");
    expect(refusal?.message).toContain(construct.slice(0, 2));
    expect(refusal!.span.start).toBeGreaterThanOrEqual(0);
    expect(refusal!.span.end).toBeLessThanOrEqual(v!.pattern.length);
  });
});
