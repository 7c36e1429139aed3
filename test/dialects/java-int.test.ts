import { describe, expect, it } from "vitest";
import { parseGroupByCount, parseJavaInt } from "../../src/dialects/java-int.js";

describe("parseJavaInt", () => {
  // Expectations are JDK 17's Integer.parseInt (undefined where it throws NumberFormatException).
  it.each([
    ["3", 3],
    ["+3", 3],
    ["-3", -3],
    ["-0", 0],
    ["007", 7],
    ["2147483647", 2147483647],
    ["-2147483648", -2147483648],
    ["2147483648", undefined],
    ["-2147483649", undefined],
    ["", undefined],
    ["+", undefined],
    ["-", undefined],
    [" 3", undefined],
    ["3 ", undefined],
    ["3.0", undefined],
    ["0x10", undefined],
    ["1e3", undefined],
    ["\u0663", 3], // ARABIC-INDIC DIGIT THREE
    ["\u0967\u0968", 12], // DEVANAGARI ONE TWO
    ["\uff19", 9], // FULLWIDTH DIGIT NINE
    ["\u{1d7d0}", undefined], // MATHEMATICAL BOLD DIGIT TWO: a surrogate pair, not a digit to Java
    ["\u00b2", undefined], // SUPERSCRIPT TWO is not a decimal digit
  ])("%j -> %j", (input, expected) => {
    expect(parseJavaInt(input)).toBe(expected);
  });
});

describe("parseGroupByCount", () => {
  it("reads inf as the largest int and anything unparseable as 0, as Marathon's lenient reader does", () => {
    expect(parseGroupByCount("inf")).toBe(2147483647);
    expect(parseGroupByCount(undefined)).toBe(0);
    expect(parseGroupByCount("x")).toBe(0);
    expect(parseGroupByCount("4")).toBe(4);
  });
});
