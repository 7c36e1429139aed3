// The Java regex parser: Java's verdict and messages, the typed tree, the chevrotain singleton.
import { createSyntaxDiagramsCode } from "chevrotain";
import { describe, expect, it } from "vitest";
import { javaRegexParser, parseJavaRegex, printJavaRegex } from "../../src/regex/index.js";

describe("parseJavaRegex", () => {
  it.each([
    ["*", "Dangling meta character '*'"],
    ["a**", "Dangling meta character '*'"],
    ["(?i)+", "Dangling meta character '+'"],
    ["[", "Unclosed character class"],
    ["[a", "Unclosed character class"],
    ["[a-", "Illegal character range"],
    ["[z-a]", "Illegal character range"],
    ["a{", "Illegal repetition"],
    ["a{1", "Unclosed counted closure"],
    ["a{2,1}", "Illegal repetition range"],
    ["(a", "Unclosed group"],
    ["a)", "Unmatched closing ')'"],
    ["\\y", "Illegal/unsupported escape sequence"],
    ["a\\", "Unexpected internal error"],
    ["\\p{Foo}", "Unknown character property name {Foo}"],
    ["\\k<x>", "named capturing group <x> does not exist"],
    ["(?<a>)(?<a>)", "Named capturing group <a> is already defined"],
    ["(?<=a(?:bc)+)", "Look-behind group does not have an obvious maximum length"],
    ["[&&]", "Bad class syntax"],
    ["(?P<n>a)", "Unknown inline modifier"],
  ])("rejects %j like Java: %s", (pattern, message) => {
    const r = parseJavaRegex(pattern);
    expect(r.valid).toBe(false);
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe("invalid_regex");
    expect(d.message.startsWith(`${message} near index `)).toBe(true);
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(pattern.length);
  });

  it.each([
    "{0,1}",
    "a{2}{3}",
    "}",
    "[]a]",
    "[a&&]",
    "(?<=a+b+)c",
    "(?x) a # comment\n b",
    "\\Q*\\E",
    "(?-)a",
    "a{2147483647}",
  ])("accepts %j like Java", (pattern) => {
    expect(parseJavaRegex(pattern).valid).toBe(true);
  });

  it("builds a typed tree with spans into the pattern", () => {
    const r = parseJavaRegex("(?<rack>r[0-9]+)|x");
    expect(r.ast?.groupCount).toBe(1);
    const [first, second] = r.ast!.body.branches;
    const group = first!.terms[0]!;
    expect(group.kind).toBe("group");
    if (group.kind !== "group") return;
    expect(group).toMatchObject({ type: "named", name: "rack", index: 1, span: { start: 0, end: 16 } });
    const quantified = group.body.branches[0]!.terms[1]!;
    expect(quantified).toMatchObject({
      kind: "quantified",
      quantifier: { min: 1, max: -1, mode: "greedy" },
      span: { start: 9, end: 15 },
    });
    expect(second!.terms[0]).toMatchObject({
      kind: "literal",
      cp: 0x78,
      leaf: { span: { start: 17, end: 18 } },
    });
  });

  it("keeps \\Q..\\E and comments-mode text so printing returns the pattern", () => {
    for (const p of ["\\Qa.b\\E+", "(?x) a  b # c\n", "[\\Q]\\E-]", "(?i:a)(?-i)b"]) {
      expect(printJavaRegex(parseJavaRegex(p).ast!)).toBe(p);
    }
  });
});

describe("javaRegexParser", () => {
  it("is one chevrotain parser whose grammar can be serialised for railroad diagrams", () => {
    const rules = javaRegexParser()
      .getSerializedGastProductions()
      .map((r) => (r as unknown as { name: string }).name);
    expect(rules).toEqual([
      "regex",
      "alternation",
      "sequence",
      "term",
      "atom",
      "group",
      "charClass",
      "classItem",
    ]);
    expect(createSyntaxDiagramsCode(javaRegexParser().getSerializedGastProductions())).toContain("classItem");
  });
});

describe("parseJavaRegex messages", () => {
  it.each([
    ["*", "Dangling meta character '*' near index 0"],
    ["[abc", "Unclosed character class near index 3"],
    ["a)", "Unmatched closing ')' near index 0"],
    ["[&&]", "Bad class syntax near index 2"],
    ["(?<=a(?:bc)+)", "Look-behind group does not have an obvious maximum length near index 11"],
    ["a{2147483648}", "Illegal repetition range near index 11"],
  ])("words the error for %j as PatternSyntaxException does", (pattern, message) => {
    expect(parseJavaRegex(pattern).diagnostics[0]?.message).toBe(message);
  });
});
