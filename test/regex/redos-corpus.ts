// Known ReDoS patterns (textbook shapes, OWASP's examples, and regexes from published advisories), written as Java
// patterns, with generators of more. Test data for the engine choice: none of these may reach the RegExp engine
// when a ReDoS checker calls it vulnerable.
import { fc } from "@fast-check/vitest";

/** Patterns known to backtrack super-linearly somewhere (some are safe once anchored whole-string). */
export const REDOS_CORPUS: readonly string[] = [
  // Textbook exponential shapes.
  "(a+)+",
  "(a+)+b",
  "(a*)*b",
  "(a|a)*",
  "(a|aa)+",
  "(a|aa)+c",
  "(a|a?)+",
  "(a?){25}a{25}",
  "(.*a){12}",
  "(.*)*x",
  "(\\w+)+$",
  "(\\w+\\s?)+!",
  "(\\w+\\d*)+x",
  "([a-zA-Z]+)*",
  "([a-z]+)*[0-9]",
  "(x+x+)+y",
  "(?:a{1,3})+b",
  "(a{1,2}){1,}b",
  "(?:a|b|ab)*c",
  "(?:[ab]|a)+c",
  "(?:\\d+|\\d+\\.)+x",
  "(?:a|\\w)+!",
  "(?:aa|a)*b",
  "(?:a?a?)+b",
  "((ab)*)+c",
  "(a|b|[ab])*c",
  // Polynomial shapes.
  ".*.*=.*",
  ".*a.*b",
  ".*.*.*x",
  "a*a*b",
  "\\s*#?\\s*x",
  "\\d+\\d+x",
  ".*foo.*bar",
  "[\\w.-]+[\\w.-]+@x",
  "(?:x|.)*y.*z",
  "a+a+a+b",
  "\\w*\\d+\\w*!",
  // OWASP's list of evil regexes.
  "^(a+)+$",
  "([a-zA-Z]+)*",
  "(a|aa)+",
  "(a|a?)+",
  "(.*a){11}",
  "^(([a-z])+.)+[A-Z]([a-z])+$",
  "^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$",
  // Shapes from published advisories (trimming, e-mail and URL checkers, version strings, headers).
  "\\s+$",
  "^\\s+|\\s+$",
  "[\\s\\S]*?x[\\s\\S]*?y",
  "^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$",
  "^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$",
  "^(https?://)?([\\da-z.-]+)\\.([a-z.]{2,6})([/\\w .-]*)*/?$",
  "^v?\\s*(\\d+)\\.(\\d+)\\.(\\d+)(?:-?([\\w.-]+))?$",
  "^(?:\\s*[^\\s]+\\s*)*$",
  "(?:\\r?\\n)+(?:\\s*\\r?\\n)*",
  "^(\\d+)\\s*(?:\\.\\s*(\\d+))?\\s*(?:\\.\\s*(\\d+))?$",
  "<([a-z]+)([^<]+)*(?:>(.*)</\\1>|\\s+/>)",
  "(?:\\*\\*|__)(?=\\S)([^\\r]*?\\S[*_]*)",
  "^([a-z0-9]+(-[a-z0-9]+)*\\.)+[a-z]{2,}$",
  "^(\\w+([-+.']\\w+)*@\\w+([-.]\\w+)*\\.\\w+([-.]\\w+)*)$",
  "^\\d*[0-9](|.\\d*[0-9]|,\\d*[0-9])?$",
  "^([0-9]+(\\.[0-9]+)*)+$",
  '(?:[^"\\\\]|\\\\.)*"',
  "^[a-zA-Z]+(([',. -][a-zA-Z ])?[a-zA-Z]*)*$",
  // Look-arounds and back-references: the linear engine cannot run them, so a doubt means a refusal.
  "(?=(a+)+)b",
  "(a+)+\\1",
  "(?:(a)|b)*\\1x",
  "^(?=.*\\d)(?=.*[a-z]).*.*!$",
  ".*(?!x).*y.*z",
  "(?<=a)(b+)+c",
];

/** Patterns shaped like the ones above: small alphabets, nested quantifiers, alternations, suffixes. */
const atom = fc.constantFrom("a", "b", "ab", "[ab]", "a?", "\\w", ".", "\\d", "[a-c]", "(?:a|b)", "(?:a|ab)");
const quant = fc.constantFrom("*", "+", "?", "{1,3}", "{2,}", "{0,2}", "*?", "+?", "{3}", "");
const { term } = fc.letrec<{ term: string; group: string }>((tie) => ({
  term: fc.oneof(
    { weight: 3, arbitrary: fc.tuple(atom, quant).map(([a, q]) => a + q) },
    { weight: 2, arbitrary: tie("group") },
  ),
  group: fc
    .tuple(
      fc.constantFrom("(", "(?:"),
      fc.array(fc.oneof({ maxDepth: 3, depthIdentifier: "r" }, tie("term"), atom), {
        minLength: 1,
        maxLength: 3,
      }),
      fc.boolean(),
      quant,
    )
    .map(
      ([open, parts, alt, q]) => `${open}${alt && parts.length > 1 ? parts.join("|") : parts.join("")})${q}`,
    ),
}));

/** ReDoS-shaped Java patterns: one to three terms and an optional literal suffix. */
export const redosShaped: fc.Arbitrary<string> = fc
  .tuple(fc.array(term, { minLength: 1, maxLength: 3 }), fc.constantFrom("", "b", "c", "!", "x"))
  .map(([ts, suffix]) => ts.join("") + suffix);
