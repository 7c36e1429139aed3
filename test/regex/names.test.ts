// \N{name}: Java's Character.codePointOf over the bundled JDK 17 name table, and its verdicts in patterns.
import { describe, expect, it } from "vitest";
import { compileJavaRegex } from "../../src/regex/index.js";
import { characterName, codePointOf } from "../../src/regex/names.js";
import { askJava, hasJava } from "./java-oracle.js";

describe("codePointOf", () => {
  it.each([
    ["LATIN SMALL LETTER A", 0x61],
    ["latin small letter a", 0x61],
    [" LATIN SMALL LETTER A\t", 0x61],
    ["LATıN SMALL LETTER A", 0x61],
    ["LATIN SMALL LETTER SHARP S", 0xdf],
    ["LINE FEED (LF)", 0x0a],
    ["NULL", 0],
    ["GRINNING FACE", 0x1f600],
    ["CJK UNIFIED IDEOGRAPHS 4E00", 0x4e00],
    ["cjk unified ideographs 4e00", 0x4e00],
    ["HANGUL SYLLABLES AC00", 0xac00],
    ["PRIVATE USE AREA E000", 0xe000],
    ["CJK COMPATIBILITY IDEOGRAPH-F900", 0xf900],
  ])("finds %j", (name, cp) => {
    expect(codePointOf(name)).toBe(cp);
  });

  it.each([
    "NO SUCH NAME",
    "",
    "LINE FEED",
    "LATIN  SMALL LETTER A",
    "LATIN_SMALL_LETTER_A",
    "latin small letter ß",
    "CJK UNIFIED IDEOGRAPH-4E00",
    "CJK UNIFIED IDEOGRAPHS 04E00",
    "BASIC LATIN 61",
    "GREEK AND COPTIC 378",
    "HANGUL SYLLABLE GA",
  ])("rejects %j as Java does", (name) => {
    expect(codePointOf(name)).toBeUndefined();
  });
});

describe("\\N{name} in patterns", () => {
  it("matches the named character inside and outside classes, and in ranges", () => {
    expect(compileJavaRegex("\\N{LATIN SMALL LETTER A}").regex!.matches("a")).toBe(true);
    expect(compileJavaRegex("[\\N{LATIN SMALL LETTER A}]").regex!.matches("a")).toBe(true);
    const range = compileJavaRegex("[\\N{LATIN SMALL LETTER A}-\\N{LATIN SMALL LETTER C}]+").regex!;
    expect(["abc", "abd"].map((s) => range.matches(s))).toEqual([true, false]);
  });

  it("reports an unknown name as Java does, at the closing brace", () => {
    for (const p of ["\\N{NO SUCH NAME}", "[\\N{NO SUCH NAME}]"]) {
      const r = compileJavaRegex(p);
      expect(r.valid).toBe(false);
      expect(r.diagnostics[0]?.message).toBe(
        `Unknown character name [NO SUCH NAME] near index ${p.indexOf("}")}`,
      );
    }
  });

  it.skipIf(!hasJava)(
    "names every code point so that the name leads back to it, and Java agrees on every explicit name and a sample of the others (needs java and javac on PATH)",
    () => {
      const rows: { name: string; cp: number }[] = [];
      let named = 0;
      for (let cp = 0, other = 0; cp <= 0x10ffff; cp++) {
        const name = characterName(cp);
        if (name !== undefined) {
          named++;
          // Every name leads back to its code point.
          if (codePointOf(name) !== cp)
            expect([cp.toString(16), name]).toEqual([cp.toString(16), "(no round trip)"]);
        }
        // Lone surrogates in a row would join into pairs in the input.
        if (name === undefined || (cp >= 0xd800 && cp <= 0xdfff)) continue;
        const blockNamed = name.endsWith(` ${cp.toString(16).toUpperCase()}`) && !name.includes("-");
        if (!blockNamed || other++ % 97 === 0) rows.push({ name, cp });
      }
      // Java must accept each name for exactly that character; a wrong or missing table entry fails here.
      // Names go 200 to a pattern (\N{a}\N{b}... against the characters in a row), to keep the JDK quick.
      const groups: (typeof rows)[] = [];
      for (let i = 0; i < rows.length; i += 200) groups.push(rows.slice(i, i + 200));
      const answers = askJava(
        groups.map((g) => ({
          pattern: g.map(({ name }) => `\\N{${name}}`).join(""),
          input: g.map(({ cp }) => String.fromCodePoint(cp)).join(""),
        })),
      );
      const wrong = groups
        .map((g, i) => `${g[0]!.cp.toString(16)}..${g[g.length - 1]!.cp.toString(16)}: ${answers[i]}`)
        .filter((_, i) => answers[i] !== "T");
      expect(wrong.slice(0, 20)).toEqual([]);
      expect(rows.length).toBeGreaterThan(33_000);
      expect(named).toBeGreaterThan(280_000);
    },
    120_000,
  );
});
