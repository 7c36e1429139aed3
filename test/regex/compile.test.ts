// compileJavaRegex: result shape, engines, caching, refusals and the catastrophic-backtracking check.
import { describe, expect, it } from "vitest";
import { compileJavaRegex } from "../../src/regex/index.js";

describe("compileJavaRegex", () => {
  it("compiles a valid pattern to a whole-string matcher", () => {
    const r = compileJavaRegex("rack-[1-3]");
    expect(r).toMatchObject({ ok: true, valid: true, translated: true, diagnostics: [] });
    expect(r.regex).toMatchObject({ source: "rack-[1-3]", engine: "backtracking", flagged: false });
    expect(["rack-1", "rack-12", "xrack-1"].map((s) => r.regex!.matches(s))).toEqual([true, false, false]);
  });

  it("exposes an anchored RegExp with the v flag", () => {
    const re = compileJavaRegex("a|ab").regex!.toRegExp!();
    expect(re.flags).toBe("v");
    expect(re.source.startsWith("^(?:")).toBe(true);
    expect(re.test("ab")).toBe(true);
  });

  it("reports an invalid pattern as invalid_regex with Java's verdict", () => {
    const r = compileJavaRegex("a**");
    expect(r).toMatchObject({ ok: false, valid: false, translated: false });
    expect(r.diagnostics[0]).toMatchObject({
      severity: "error",
      code: "invalid_regex",
      span: { start: 2, end: 3 },
    });
  });

  it("refuses what it cannot reproduce, keeping Java's verdict that the pattern is valid", () => {
    const r = compileJavaRegex("a\\b{g}");
    expect(r).toMatchObject({ ok: false, valid: true, translated: false });
    expect(r.diagnostics[0]).toMatchObject({ code: "regex_untranslatable", span: { start: 1, end: 6 } });
  });

  it("gives the same verdict from its per-input cache as from the engine", () => {
    const cached = compileJavaRegex("(?i)ssd-\\d+").regex!;
    const uncached = compileJavaRegex("(?i)ssd-\\d+", { cacheSize: 0 }).regex!;
    const inputs = ["SSD-1", "ssd-x", "SSD-1", "sSd-22", "ssd-x"];
    expect(inputs.map((s) => cached.matches(s))).toEqual(inputs.map((s) => uncached.matches(s)));
    expect(inputs.map((s) => cached.matches(s))).toEqual([true, false, true, true, false]);
  });

  it("keeps answering correctly after the cache evicts entries", () => {
    const r = compileJavaRegex("\\d+", { cacheSize: 2 }).regex!;
    expect(["1", "a", "2", "1", "b", "a"].map((s) => r.matches(s))).toEqual([
      true,
      false,
      true,
      true,
      false,
      false,
    ]);
  });

  it("applies Java's ASCII-only case folding without (?u)", () => {
    const r = compileJavaRegex("(?i)k").regex!;
    expect([r.matches("K"), r.matches("k"), r.matches("\u212a")]).toEqual([true, true, false]);
    expect(compileJavaRegex("(?iu)k").regex!.matches("\u212a")).toBe(true);
  });

  it("matches Java's '.' and '$' line terminator rules", () => {
    expect(compileJavaRegex("a.b").regex!.matches("a\u0085b")).toBe(false);
    expect(compileJavaRegex("a$\\n").regex!.matches("a\n")).toBe(true);
    expect(compileJavaRegex("a$").regex!.matches("a\n")).toBe(false);
  });
});

describe("catastrophic backtracking", () => {
  const hostile = `${"a".repeat(255)}!`;

  it.each([
    ["(a+)+b", 0, 5],
    ["(.*)*x", 0, 5],
    ["(a|a)*", 0, 6],
    ["x(\\w+\\d*)+", 1, 10],
  ])("flags %j with the span of the repeated sub-pattern", (pattern, start, end) => {
    const r = compileJavaRegex(pattern);
    const w = r.diagnostics.find((d) => d.code === "regex_catastrophic_backtracking");
    expect(w).toMatchObject({ severity: "warning", span: { start, end } });
    expect(r.regex).toMatchObject({ flagged: true, engine: "linear" });
    expect(r.regex!.toRegExp).toBeUndefined();
  });

  it.each(["(a+)+b", "(.*)*x"])(
    "evaluates %j on a 255-character non-matching input with the linear engine",
    (pattern) => {
      const r = compileJavaRegex(pattern).regex!;
      expect(r.engine).toBe("linear");
      expect(r.matches(hostile)).toBe(false);
      expect(r.matches(`${"a".repeat(200)}${pattern === "(a+)+b" ? "b" : "x"}`)).toBe(true);
    },
  );

  it("does not flag a plain quantified sequence", () => {
    const r = compileJavaRegex("a+b*c");
    expect(r.diagnostics).toEqual([]);
    expect(r.regex).toMatchObject({ flagged: false, engine: "backtracking" });
  });

  it("uses the RegExp engine for a flagged pattern when the caller allows backtracking", () => {
    const r = compileJavaRegex("(a+)+b", { allowBacktracking: true });
    expect(r.regex).toMatchObject({ flagged: true, engine: "backtracking" });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["regex_catastrophic_backtracking"]);
  });

  it("refuses a flagged pattern that the linear engine cannot run", () => {
    const r = compileJavaRegex("(a+)+\\1");
    expect(r).toMatchObject({ ok: false, valid: true, translated: false });
    expect(r.diagnostics.map((d) => d.code)).toEqual([
      "regex_catastrophic_backtracking",
      "regex_untranslatable",
    ]);
  });
});

describe("catastrophic backtracking, other shapes", () => {
  it("flags a repetition of a sub-pattern that can also match nothing", () => {
    const r = compileJavaRegex("(a?){20}a{20}");
    expect(r.diagnostics.find((d) => d.code === "regex_catastrophic_backtracking")?.message).toContain(
      "a repetition of a sub-pattern that can also match nothing",
    );
    expect(r.regex!.engine).toBe("linear");
    expect(r.regex!.matches("a".repeat(255))).toBe(false);
  });

  it.each(["\\d+-\\d+", "a*b*c*", "[a-z]+\\.[a-z]+", "(ab)+"])("does not flag %j", (pattern) => {
    expect(compileJavaRegex(pattern).regex!.flagged).toBe(false);
  });
});

describe("engine choice", () => {
  it.each(["(?:a{1,3})+b", "(a{1,2}){1,}b", "(a|aa)+c", "(\\w+\\s?)+!", ".*a.*b", ".*.*.*x", "(?:|a)*b"])(
    "runs %j, not proven linear for a backtracking matcher, on the linear engine",
    (pattern) => {
      const r = compileJavaRegex(pattern).regex!;
      expect(r.engine).toBe("linear");
      expect(r.matches(`${"a".repeat(40)}#`)).toBe(false);
    },
  );

  it("flags the exponential shapes of the issue for Java's matcher too", () => {
    for (const p of ["(?:a{1,3})+b", "(a{1,2}){1,}b"]) {
      expect(compileJavaRegex(p).diagnostics.map((d) => d.code)).toEqual(["regex_catastrophic_backtracking"]);
    }
  });

  it.each([
    "us-.*",
    "rack-[0-9]+",
    "[a-z0-9.-]+\\.example\\.com",
    "(?i)ssd|nvme",
    "a.*|ab.*",
    "(?:foo|foobar)\\.com",
    "\\d{1,3}(?:\\.\\d{1,3}){3}",
    "^(?=.*\\d)[a-z0-9]{8,}$",
    "\\bnode\\b-[0-9]+",
    "[^,]+(?:,[^,]+)*",
  ])("proves %j linear and keeps it on the RegExp engine", (pattern) => {
    const r = compileJavaRegex(pattern);
    expect(r.regex?.engine).toBe("backtracking");
    expect(r.diagnostics).toEqual([]);
  });

  it("refuses a pattern that is not proven linear and needs a look-around", () => {
    const r = compileJavaRegex(".*(?!x).*y.*z");
    expect(r).toMatchObject({ ok: false, valid: true, translated: false });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["regex_untranslatable"]);
    expect(r.diagnostics[0]!.message).toContain("allowBacktracking");
    const allowed = compileJavaRegex(".*(?!x).*y.*z", { allowBacktracking: true });
    expect(allowed.regex).toMatchObject({ engine: "backtracking" });
    expect(allowed.regex!.matches("ayz")).toBe(true);
  });

  it("drops a look-around that always succeeds, so it does not keep a pattern off both engines", () => {
    const r = compileJavaRegex(".*(?<=a*)b");
    expect(r.regex?.engine).toBe("backtracking");
    expect(["ab", "b", ""].map((s) => r.regex!.matches(s))).toEqual([true, true, false]);
  });
});

describe("extended grapheme clusters", () => {
  it("runs \\X on the linear engine with JDK 17's cluster rules", () => {
    const r = compileJavaRegex("\\X+");
    expect(r.regex?.engine).toBe("linear");
    expect(r.regex?.toRegExp).toBeUndefined();
    const one = compileJavaRegex("\\X").regex!;
    expect(
      ["e\u0301", "\r\n", "\u{1f1eb}\u{1f1f7}", "\u{1f1eb}\u{1f1f7}\u{1f1eb}", "\u1100\u1161\u11a8"].map(
        (s) => one.matches(s),
      ),
    ).toEqual([true, true, true, false, true]);
  });

  it("refuses \\X inside a look-around, which the linear engine cannot run", () => {
    const r = compileJavaRegex("(?=\\X)a");
    expect(r).toMatchObject({ ok: false, valid: true });
    expect(r.diagnostics[0]?.message).toContain("look-around");
  });
});

describe("structural limits", () => {
  it("compiles groups nested as deep as the limit", () => {
    const p = `${"(?:a|".repeat(100)}b${")".repeat(100)}`;
    const r = compileJavaRegex(p);
    expect(r.ok).toBe(true);
    expect(r.regex!.matches("a")).toBe(true);
    const c = compileJavaRegex(`${"[a".repeat(100)}${"]".repeat(100)}`);
    expect(c.ok).toBe(true);
  });

  it("reports deeper nesting as limit_exceeded instead of overflowing the stack", () => {
    const r = compileJavaRegex(`${"(".repeat(5000)}${")".repeat(5000)}`);
    expect(r).toMatchObject({ ok: false, valid: false });
    expect(r.diagnostics[0]?.code).toBe("limit_exceeded");
    expect(r.diagnostics[0]!.span.start).toBeGreaterThanOrEqual(99);
    expect(r.diagnostics[0]!.span.end).toBeLessThanOrEqual(102);
  });

  it.each([
    ["\\N{", "Unknown character name ["],
    ["\\p{", "Unknown character property name {"],
  ])(
    "reports a %s name of 300,000 characters as Java does, without overflowing the stack",
    (open, message) => {
      const r = compileJavaRegex(`${open}${"A".repeat(300_000)}}`);
      expect(r).toMatchObject({ ok: false, valid: false });
      expect(r.diagnostics[0]?.message).toContain(message);
    },
  );

  it("evaluates a class with 20,000 sibling classes without recursing on each", () => {
    const r = compileJavaRegex(`[a${"[b]".repeat(20_000)}&&[^a]]`);
    expect(r.ok).toBe(true);
    expect(["a", "b", "c"].map((s) => r.regex!.matches(s))).toEqual([false, true, false]);
    const unions = compileJavaRegex(`[a${"[b]".repeat(20_000)}]`);
    expect(["a", "b", "c"].map((s) => unions.regex!.matches(s))).toEqual([true, true, false]);
  });

  it("hands a pattern whose RegExp translation would be megabytes long to the linear engine", () => {
    // Each \p{L} is written out as about 9 KB of ranges: V8 would spend seconds reading 1,000 of them.
    const r = compileJavaRegex(`${"\\p{L}".repeat(1000)}1`);
    expect(r.regex).toMatchObject({ engine: "linear" });
    expect(r.regex!.matches(`${"é".repeat(1000)}1`)).toBe(true);
    expect(r.regex!.matches(`${"é".repeat(999)}11`)).toBe(false);
    expect(compileJavaRegex("\\p{L}+").regex).toMatchObject({ engine: "backtracking" });
  });

  it("reads a chain of 20,000 '&&' operators, which Java's parser nests one call deep each, without recursing", () => {
    // JDK 17: [a-z&&b-y&&c-x] matches c, not b; its own parser overflows its stack on the long chain.
    expect(compileJavaRegex("[a-z&&b-y&&c-x]").regex!.matches("c")).toBe(true);
    const r = compileJavaRegex(`[a-z${"&&b-y".repeat(20_000)}]`);
    expect(r.ok).toBe(true);
    expect(["a", "b", "z"].map((s) => r.regex!.matches(s))).toEqual([false, true, false]);
  });
});

describe("canonical equivalence (?c)", () => {
  // Each verdict checked against JDK 17: a class or \p under (?c) adds to the minimum length only and makes the
  // body non-deterministic, so a quantified group of it has no obvious maximum in a look-behind.
  it.each([
    ["(?c)(?<=[a]+)b", true],
    ["(?c)(?<=\\p{L}{2,})x", true],
    ["(?c)(?<=[a]{2}+)b", true],
    ["(?c)(?<=(?:(?-c)[a])+)b", true],
    ["(?<=(?:[ab])+)c", true],
    ["(?c)(?<=(?:[ab])+)c", false],
    ["(?c)(?<=(?:[a]|b)+)c", false],
    ["(?c)(?<=(?:[a]){2})b", false],
  ])("judges the look-behind in %j as the JDK does (valid: %s)", (pattern, valid) => {
    expect(compileJavaRegex(pattern).valid).toBe(valid);
  });

  it("reports the look-behind problem at Java's index", () => {
    expect(compileJavaRegex("(?c)(?<=(?:[ab])+)c").diagnostics[0]?.message).toBe(
      "Look-behind group does not have an obvious maximum length near index 16",
    );
  });

  it("matches literals, '.' and \\d exactly, since Java composes only classes and \\p under an inline (?c)", () => {
    expect(compileJavaRegex("(?c)é").regex!.matches("e\u0301")).toBe(false);
    expect(compileJavaRegex("(?c)é").regex!.matches("é")).toBe(true);
    expect(compileJavaRegex("(?c).").regex!.matches("e\u0301")).toBe(false);
  });

  it("refuses a class under (?c), which Java matches against composed clusters", () => {
    const r = compileJavaRegex("(?c)[é]");
    expect(r).toMatchObject({ ok: false, valid: true, translated: false });
    expect(r.diagnostics[0]?.code).toBe("regex_untranslatable");
  });
});
