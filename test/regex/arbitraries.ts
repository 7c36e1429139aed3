// fast-check arbitraries for Java regex patterns (a small grammar of Java syntax, plus some noise) and inputs.
import { fc } from "@fast-check/vitest";

const LITERALS = [
  "a",
  "b",
  "A",
  "B",
  "k",
  "K",
  "i",
  "I",
  "0",
  "1",
  "-",
  " ",
  "\u00e9",
  "\u00c9",
  "\u212a",
  "\u0131",
  "\u0130",
  "_",
  "\u0301",
  "\u{1f600}",
  "\u00df",
  "\u1e9e",
  "#",
  "\t",
  "\n",
  "\r\n",
];
const ESCAPED = [
  "\\.",
  "\\n",
  "\\r",
  "\\t",
  "\\x41",
  "\\x{e9}",
  "\\u0041",
  "\\0101",
  "\\cJ",
  "\\e",
  "\\-",
  "\\[",
  "\\\\",
  "\\u00e9",
  "\\x{1F600}",
  "\\N{LATIN SMALL LETTER A}",
  "\\N{latin capital letter k}",
  "\\N{KELVIN SIGN}",
  "\\N{ GRINNING FACE }",
  "\\N{COMBINING ACUTE ACCENT}",
  "\\N{CJK UNIFIED IDEOGRAPHS 4E00}",
  "\\N{LATıN SMALL LETTER A}",
  "\\N{NO SUCH NAME}",
  "\\N{LINE FEED}",
  "\\N{}",
];
const SETS = [
  "\\d",
  "\\D",
  "\\w",
  "\\W",
  "\\s",
  "\\S",
  "\\h",
  "\\v",
  "\\V",
  "\\p{L}",
  "\\p{Lu}",
  "\\P{L}",
  "\\p{Lower}",
  "\\p{Upper}",
  "\\p{Alpha}",
  "\\p{IsLatin}",
  "\\p{InBasicLatin}",
  "\\p{javaLowerCase}",
  "\\p{IsAlphabetic}",
  "\\p{Punct}",
  "\\pL",
  "\\p{Mn}",
];
const ANCHORS = ["^", "$", "\\b", "\\B", "\\A", "\\z", "\\Z", "\\G", "\\R", "\\X", "\\X"];
const CLASSES = [
  "[ab]",
  "[^a]",
  "[a-c]",
  "[a-zA-Z]",
  "[a-z&&[^b]]",
  "[\\d-]",
  "[-a]",
  "[]a]",
  "[a&&b]",
  "[^a&&b]",
  "[a-c&&b-d]",
  "[\\w&&[^\\d]]",
  "[\\p{L}&&[^a-z]]",
  "[[ab][c]]",
  "[a&&&b]",
  "[ab&&]",
  "[\\x{e9}-\\x{ff}]",
  "[K]",
  "[k]",
  "[\u00e9]",
  "[a-\u00e9]",
  "[\\Qa-\\E]",
  "[\u{1f600}a]",
  "[^\\s]",
  "[\\h]",
  "[\\x41-\\x{5a}]",
  "[a-\\u00ff&&\\p{L}]",
  "[\\w-]",
  "[%-&&&]",
  "[\\Q^]\\E]",
  "[^\\p{L}\\d]",
  "[ a - c ]",
  "[\\s\\S&&[^\\n]]",
  "[ ^a]",
  "[a-\\Q\\E]",
  "[\\N{LATIN SMALL LETTER A}-\\N{LATIN SMALL LETTER C}]",
  "[^\\N{LATIN SMALL LETTER E WITH ACUTE}]",
];
const FLAGS = [
  "(?i)",
  "(?-i)",
  "(?iu)",
  "(?s)",
  "(?m)",
  "(?d)",
  "(?U)",
  "(?u)",
  "(?x)",
  "(?-x)",
  "(?im)",
  "(?ds)",
  "(?c)",
  "(?-c)",
];
const QUANTS = [
  "*",
  "+",
  "?",
  "{2}",
  "{1,3}",
  "{0,1}",
  "{2,}",
  "*?",
  "+?",
  "??",
  "*+",
  "++",
  "?+",
  "{1,2}+",
  "{0}",
];
const NOISE = [
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  "*",
  "+",
  "?",
  "|",
  "\\",
  "&&",
  "{1",
  "{,2}",
  "\\Q",
  "\\E",
  "#",
  " ",
  "\\k<x>",
  "(?<x>",
  "\\1",
  "\\2",
  "\\y",
  "(?<=",
  "(?",
];

const atom: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...LITERALS) },
  { weight: 2, arbitrary: fc.constantFrom(...ESCAPED) },
  { weight: 2, arbitrary: fc.constant(".") },
  { weight: 2, arbitrary: fc.constantFrom(...SETS) },
  { weight: 3, arbitrary: fc.constantFrom(...CLASSES) },
  { weight: 1, arbitrary: fc.constantFrom(...ANCHORS) },
  { weight: 1, arbitrary: fc.constantFrom("\\Qa.b\\E", "\\Q(\\E", "\\Q\\E") },
);

const { regex } = fc.letrec<{ regex: string; seq: string; term: string; group: string }>((tie) => ({
  regex: fc.oneof(
    { weight: 4, arbitrary: tie("seq") },
    { weight: 1, arbitrary: fc.tuple(tie("seq"), tie("seq")).map(([a, b]) => `${a}|${b}`) },
  ),
  seq: fc.array(tie("term"), { minLength: 0, maxLength: 4 }).map((ts) => ts.join("")),
  term: fc.oneof(
    { weight: 5, arbitrary: atom },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.oneof(atom, tie("group")), fc.constantFrom(...QUANTS)).map(([a, q]) => a + q),
    },
    { weight: 2, arbitrary: tie("group") },
    { weight: 1, arbitrary: fc.constantFrom(...FLAGS) },
  ),
  group: fc
    .tuple(
      fc.constantFrom(
        "(",
        "(?:",
        "(?i:",
        "(?-i:",
        "(?iu:",
        "(?=",
        "(?!",
        "(?<=",
        "(?<!",
        "(?>",
        "(?<n>",
        "(?s:",
        "(?c:",
      ),
      fc.oneof({ maxDepth: 2, depthIdentifier: "g" }, tie("seq"), tie("regex")),
    )
    .map(([open, body]) => `${open}${body})`),
}));

/** A Java regex pattern: mostly well-formed, sometimes with noise spliced in (to exercise invalid syntax). */
export const javaPattern: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: regex },
  {
    weight: 1,
    arbitrary: fc
      .tuple(regex, fc.constantFrom(...NOISE), fc.nat())
      .map(([r, n, at]) => r.slice(0, at % (r.length + 1)) + n + r.slice(at % (r.length + 1))),
  },
  { weight: 1, arbitrary: fc.tuple(regex, regex).map(([a, b]) => `(${a})${b}\\1`) },
);

const INPUT_CHARS = [
  "a",
  "b",
  "A",
  "B",
  "c",
  "k",
  "K",
  "\u212a",
  "i",
  "I",
  "\u0131",
  "\u0130",
  "0",
  "1",
  "5",
  "-",
  " ",
  "_",
  ".",
  "\n",
  "\r",
  "\u0085",
  "\u2028",
  "\u00e9",
  "\u00c9",
  "e\u0301",
  "\u0301",
  "\u{1f600}",
  "\u00a0",
  "\u0663",
  "\u00df",
  "\u1e9e",
  "\t",
  "\u000b",
  "&",
  "[",
  "\\",
  "\u200d",
  "\u{1f1eb}",
  "\u{1f1f7}",
  "\u1100",
  "\u1161",
  "\u11a8",
  "\u{1f468}",
  "\u0903",
];

/** A short input drawn from characters that the generated patterns talk about. */
export const javaInput: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...INPUT_CHARS), { maxLength: 6 })
  .map((cs) => cs.join(""));

import type { IR } from "../../src/regex/ir.js";
import { lower } from "../../src/regex/ir.js";
import { parseJavaRegex } from "../../src/regex/parse.js";

/** Deterministic pseudo-random numbers (xorshift) so derived inputs are reproducible. */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function walk(n: IR, r: () => number, out: string[], depth: number): void {
  switch (n.t) {
    case "set": {
      if (n.r.length === 0) return;
      const k = Math.floor(r() * (n.r.length / 2));
      const lo = n.r[2 * k]!;
      const hi = Math.min(n.r[2 * k + 1]!, lo + 300);
      out.push(String.fromCodePoint(lo + Math.floor(r() * (hi - lo + 1))));
      return;
    }
    case "seq":
      for (const i of n.items) walk(i, r, out, depth);
      return;
    case "alt":
      if (n.items.length) walk(n.items[Math.floor(r() * n.items.length)]!, r, out, depth);
      return;
    case "rep": {
      const extra =
        n.max < 0 ? Math.floor(r() * 3) : Math.floor(r() * (Math.min(n.max, n.min + 2) - n.min + 1));
      const times = Math.min(n.min + extra, depth > 3 ? n.min : 6);
      for (let i = 0; i < times && out.length < 16; i++) walk(n.body, r, out, depth + 1);
      return;
    }
    case "cap":
    case "atomic":
      walk(n.body, r, out, depth);
      return;
    case "grapheme":
      out.push(CLUSTERS[Math.floor(r() * CLUSTERS.length)]!);
      return;
    default:
      return;
  }
}

const CLUSTERS = [
  "a",
  "e\u0301",
  "\r\n",
  "\u{1f468}\u200d\u{1f469}",
  "\u{1f1eb}\u{1f1f7}",
  "\u1100\u1161\u11a8",
  "\u0915\u0903",
  "\u{1f600}",
];

/** Inputs that a pattern probably matches: random walks through its lowered form (empty when it does not parse). */
export function likelyMatches(pattern: string, count: number, seed: number): string[] {
  const parsed = parseJavaRegex(pattern);
  if (!parsed.ast) return [];
  const { ir } = lower(parsed.ast);
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    walk(ir, r, parts, 0);
    out.push(parts.join(""));
  }
  return out;
}
