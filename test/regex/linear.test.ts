// The linear-time engine: per-input tables (grapheme cluster ends, word characters) agree with Java's
// step-by-step definitions, and long inputs that would make a per-position scan quadratic finish.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { breaksBetween, clusterEnds, typeOf } from "../../src/regex/grapheme.js";
import { compileJavaRegex } from "../../src/regex/index.js";
import { codePoints } from "../../src/regex/nfa.js";
import { javaPattern, likelyMatches } from "./arbitraries.js";

/** java.util.regex.Grapheme.nextBoundary, step by step from one start (the definition clusterEnds must agree with). */
function nextBoundary(cps: readonly number[], i: number): number {
  let t0 = typeOf(cps[i]!);
  let ri = t0 === 6 ? 1 : 0;
  const gb11 = t0 === 14;
  let ret = i + 1;
  for (; ret < cps.length; ret++) {
    const t1 = typeOf(cps[ret]!);
    const joined = (gb11 && t0 === 5 && t1 === 14) || (ri % 2 === 1 && t0 === 6 && t1 === 6);
    if (!joined && breaksBetween(t0, t1)) return ret;
    if (t1 === 6) ri++;
    t0 = t1;
  }
  return ret;
}

const CLUSTER_CHARS = [
  "a",
  "\u0301",
  "\u200d",
  "\u{1f468}",
  "\u{1f1eb}",
  "\u{1f1f7}",
  "\r",
  "\n",
  "\u1100",
  "\u1161",
  "\u11a8",
  "\u0903",
  "\u0600",
  "\ufe0f",
];
const clusterText = fc.array(fc.constantFrom(...CLUSTER_CHARS), { maxLength: 24 }).map((a) => a.join(""));

describe("linear engine", () => {
  test.prop([clusterText], { numRuns: 400 })(
    "finds the same cluster end from every start as Java's scan",
    (s) => {
      const cps = codePoints(s);
      const ends = clusterEnds(cps);
      for (let i = 0; i < cps.length; i++) expect([i, ends[i]]).toEqual([i, nextBoundary(cps, i)]);
    },
  );

  const markText = fc
    .array(fc.constantFrom("a", "\u0301", "\u0300", " ", "_", "1", "\u{10000}", "\u{1d167}"), {
      maxLength: 12,
    })
    .map((a) => a.join(""));
  const boundaries = ["\\b", "\\B", "a\\b\u0301*", ".*\\b.*", "\\b\\w+\\b"].map((p) => ({
    linear: compileJavaRegex(`.*${p}.*`, { engine: "linear" }).regex!,
    back: compileJavaRegex(`.*${p}.*`, { engine: "backtracking" }).regex!,
  }));
  test.prop([fc.constantFrom(...boundaries), markText], { numRuns: 400 })(
    "tests \\b and \\B like the RegExp translation, over runs of combining marks",
    ({ linear, back }, s) => {
      expect(linear.matches(s)).toBe(back.matches(s));
    },
  );

  it("answers \\X after any prefix of a 100,000-mark cluster without rescanning it", () => {
    const r = compileJavaRegex(".*\\X", { engine: "linear", cacheSize: 0 }).regex!;
    expect(r.matches(`a${"\u0301".repeat(100_000)}`)).toBe(true);
    expect(
      compileJavaRegex(".*\\Xb", { engine: "linear", cacheSize: 0 }).regex!.matches(
        `a${"\u0301".repeat(100_000)}`,
      ),
    ).toBe(false);
  });

  it("tests \\b at every position of 100,000 combining marks without walking back over them", () => {
    const r = compileJavaRegex(".*\\bx", { cacheSize: 0 }).regex!;
    expect(r.engine).toBe("linear");
    expect(r.matches(`a${"\u0301".repeat(100_000)}`)).toBe(false);
  });

  test.prop(
    [
      javaPattern,
      fc.integer({ min: 0, max: 1000 }),
      fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }),
    ],
    {
      numRuns: 300,
    },
  )(
    "agrees with the RegExp translation on longer inputs, where its DFA runs before the VM",
    (p, seed, extra) => {
      const linear = compileJavaRegex(p, { engine: "linear", cacheSize: 0 });
      const back = compileJavaRegex(p, { engine: "backtracking", cacheSize: 0 });
      if (!linear.ok || !back.ok) return;
      const inputs = [...likelyMatches(p, 3, seed), ...extra];
      for (const s of [...inputs, ...inputs.map((s) => s + s), ...inputs.map((s) => `${s}\r\n`)]) {
        expect([s, linear.regex!.matches(s)]).toEqual([s, back.regex!.matches(s)]);
      }
    },
  );

  it("keeps answering correctly when its DFA cache fills and empties", () => {
    // After the a that is 11th from the end, any 10 characters: some 2,048 DFA states, twice the cache.
    const p = "(?:a|b)*a(?:a|b){10}";
    const linear = compileJavaRegex(p, { engine: "linear", cacheSize: 0 }).regex!;
    const back = compileJavaRegex(p, { engine: "backtracking", cacheSize: 0 }).regex!;
    let x = 12345;
    for (let k = 0; k < 200; k++) {
      let s = "";
      for (let i = 0; i < 40; i++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        s += x & 0x10000 ? "a" : "b";
      }
      expect([s, linear.matches(s)]).toEqual([s, back.matches(s)]);
    }
  });
});
