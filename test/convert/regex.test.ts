// Java patterns as value lists and as RE2 text: examples, and a differential test against our Java engine
// (itself checked against the JDK) with an RE2 engine (re2js) running the emitted text.
import { fc } from "@fast-check/vitest";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { MAX_VALUES, matchedValues, re2Literals, toRe2 } from "../../src/convert/regex.js";
import { compileJavaRegex } from "../../src/regex/index.js";
import { javaInput, javaPattern, likelyMatches } from "../regex/arbitraries.js";

const re2Matches = (re2: string, input: string) => RE2JS.compile(re2).matcher(input).find();
// UTF-8 text, all Nomad and RE2 see, cannot hold a lone surrogate.
const hasLoneSurrogate = (s: string) => /\p{Cs}/u.test(s);

describe("matchedValues", () => {
  it.each([
    ["rack-[1-3]", ["rack-1", "rack-2", "rack-3"]],
    ["10\\.0\\.0\\.159|10\\.0\\.1\\.202", ["10.0.0.159", "10.0.1.202"]],
    ["(?i)ab", ["AB", "Ab", "aB", "ab"]],
    ["{0,1}", [""]],
    ["x?", ["", "x"]],
    ["^a$", ["a"]],
    ["\\Qa.b\\E", ["a.b"]],
    ["(a|b){2}", ["aa", "ab", "ba", "bb"]],
  ])("lists the values %s matches as a whole", (pattern, values) => {
    expect(matchedValues(pattern)).toEqual(values);
  });

  it.each(["rack-.*", "a+", "[^a]", "a(?=b)b", "(a)\\1", "a$b", "\\d{3}", "a{2000}", "(", "*"])(
    "gives no list for %s (infinite, too long, not regular, or invalid)",
    (pattern) => {
      expect(matchedValues(pattern)).toBeUndefined();
    },
  );

  it("stops at MAX_VALUES values", () => {
    expect(matchedValues("[a-z]{2}")).toBeUndefined();
    expect(matchedValues(`[${"abcdefgh".slice(0, 8)}]{2}`)).toHaveLength(Math.min(64, MAX_VALUES));
  });
});

describe("toRe2", () => {
  it.each([
    ["rack-[1-3]", "^(?:rack-[1-3])$"],
    ["a|ab", "^(?:a|ab)$"],
    ["rack-.*", "^(?:rack-[^\\n\\r\\x{85}\\x{2028}\\x{2029}]*)$"],
    ["(?i)k", "^(?:[Kk])$"],
    ["(?iu)k", "^(?:[Kk\\x{212A}])$"],
    ["a{2,5}?", "^(?:a{2,5})$"],
    ["^a$", "^(?:\\Aa\\z)$"],
  ])("translates %s", (pattern, re2) => {
    expect(toRe2(pattern)).toBe(re2);
  });

  it.each(["a(?=b)b", "(a)\\1", "a++", "(?>a)", "a{1001}", "(?:a{40}){40}", "a$b", "\\bx", "\\X"])(
    "refuses %s, which RE2 cannot say exactly",
    (pattern) => {
      expect(toRe2(pattern)).toBeUndefined();
    },
  );

  it("quotes literal values", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a value that looks like a Nomad interpolation.
    const values = ["a.b", "é", "${x}", "[1-2]"];
    const re2 = re2Literals(values);
    for (const v of values) expect(re2Matches(re2, v)).toBe(true);
    for (const v of ["axb", "", "a.bc", "1"]) expect(re2Matches(re2, v)).toBe(false);
  });
});

describe("Java patterns on RE2", () => {
  const rows = fc.sample(fc.tuple(javaPattern, fc.array(javaInput, { minLength: 6, maxLength: 6 })), {
    seed: 20260214,
    numRuns: 800,
  });

  it("matches exactly the values Java matches, whenever a translation or a value list is given", () => {
    let translated = 0;
    let listed = 0;
    for (const [pattern, random] of rows) {
      const java = compileJavaRegex(pattern, { allowBacktracking: true });
      if (!java.ok || java.regex === undefined) {
        expect(toRe2(pattern)).toBeUndefined();
        continue;
      }
      const inputs = [...random, ...likelyMatches(pattern, 6, pattern.length)].filter(
        (s) => !hasLoneSurrogate(s),
      );
      const re2 = toRe2(pattern);
      if (re2 !== undefined) {
        translated++;
        const compiled = RE2JS.compile(re2);
        for (const input of inputs) {
          expect(compiled.matcher(input).find(), `${pattern} on ${JSON.stringify(input)} as ${re2}`).toBe(
            java.regex.matches(input),
          );
        }
      }
      const values = matchedValues(pattern);
      if (values !== undefined) {
        listed++;
        for (const v of values)
          expect(java.regex.matches(v), `${pattern} lists ${JSON.stringify(v)}`).toBe(true);
        for (const input of inputs) {
          expect(values.includes(input), `${pattern} on ${JSON.stringify(input)}`).toBe(
            java.regex.matches(input),
          );
        }
      }
    }
    // The generator must reach both paths often, or the test proves little.
    expect(translated).toBeGreaterThan(150);
    expect(listed).toBeGreaterThan(50);
  });
});
