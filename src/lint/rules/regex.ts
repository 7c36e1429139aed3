// Rules about LIKE/UNLIKE patterns as people actually write them: glob `*`, unescaped dots in
// addresses and host names, literal patterns, empty patterns. Validity itself is the parser's job.
import type { Constraint } from "../../ast.js";
import { DIALECTS, type Dialect } from "../../ast.js";
import type { Finding, LintContext, LintRule } from "../types.js";
import { parserFindings } from "./parser.js";
import {
  fixOf,
  insertInValueEdit,
  isLiteralPattern,
  quoteExcerpt,
  replaceOperatorEdit,
  replaceValueEdit,
  scanRegex,
  valuePart,
} from "./util.js";

const MARATHON_DIALECTS: readonly Dialect[] = ["marathon", "marathon-1.11"];

type Pattern = Constraint & { readonly value: string };

const isPattern = (c: Constraint): c is Pattern =>
  (c.operator === "LIKE" || c.operator === "UNLIKE") && c.value !== undefined;

const patternLists = new WeakMap<readonly Constraint[], readonly Pattern[]>();

/**
 * The LIKE and UNLIKE constraints with a value: listed once per parse for every rule here, not once per
 * rule, and no object per pattern (a 1 MB text has 10,000 of them; bench: size).
 */
function patterns(ctx: LintContext): readonly Pattern[] {
  let list = patternLists.get(ctx.constraints);
  if (list === undefined) {
    list = ctx.constraints.filter(isPattern);
    patternLists.set(ctx.constraints, list);
  }
  return list;
}

const GLOB_SEPARATORS = new Set(["-", "_", "/", ":", ",", "=", "@"]);

/** `*` where `.*` was meant: dangling, after a separator (`rack-*`), or ending an address (`10.0.*`). */
export const starWildcard: LintRule = {
  id: "regex/star-wildcard",
  defaultSeverity: "warning",
  dialects: DIALECTS,
  fix: "suggestion",
  description:
    'In a regular expression `*` repeats the character before it; it is not the shell\'s "anything". `rack-*` matches `rack`, `rack-` and `rack--`, never `rack-1`; `10.0.*` reads `.` as any character; a `*` with nothing before it is rejected by Java (Marathon\'s 1.4 migration rewrote stored `*` values to `.*`). Write `.*` for "any characters": `rack-.*`, `10\\.0\\..*`. A dangling `*` gets that as a safe fix; the others are suggestions, since the pattern as written is valid.',
  check(ctx) {
    const findings: Finding[] = [];
    for (const c of patterns(ctx)) {
      const value = c.value;
      const atoms = scanRegex(value).filter((a) => !a.inClass);
      // Where the alternative the current star is in starts: after the last raw `|` or `(` before it.
      let altStart = 0;
      let scanned = 0;
      atoms.forEach((a, k) => {
        if (a.char !== "*" || a.escaped) return;
        for (; scanned < a.index; scanned++) {
          const ch = value[scanned];
          if (ch === "|" || ch === "(") altStart = scanned + 1;
        }
        const prev = atoms[k - 1];
        const next = atoms[k + 1];
        const span = valuePart(ctx.text, c, { start: a.index, end: a.index + 1 });
        // Every fix inserts at the star (and before dots), so findings on one long value stay small.
        const dotStar = insertInValueEdit(ctx.text, c, a.index, ".");
        const dangling = prev === undefined || (!prev.escaped && (prev.char === "|" || prev.char === "("));
        if (dangling) {
          const fix = fixOf(`write ".*"`, [dotStar]);
          findings.push({
            message: `a "*" with nothing to repeat is not a wildcard: Java rejects it; write ".*" for any characters`,
            span,
            ...(fix ? { fix } : {}),
          });
          return;
        }
        // `10.0.*`: the dot is an address separator the author meant literally, the star a glob.
        const alt = a.index - altStart <= 12 ? value.slice(altStart, a.index) : "";
        if (!prev.escaped && prev.char === "." && /^(\d{1,3}\.){1,3}$/.test(alt)) {
          const escapes: ReturnType<typeof insertInValueEdit>[] = [];
          for (let i = altStart; i < a.index; i++) {
            if (value[i] === ".") escapes.push(insertInValueEdit(ctx.text, c, i, "\\"));
          }
          const written = `${alt.replace(/\./g, "\\.")}.*`;
          const fixed = excerptWith(value, altStart, a.index + 1, written);
          const fix = fixOf(`write ${fixed}`, [...escapes, dotStar]);
          findings.push({
            message: `"${alt}*" reads like a shell glob: in a regex the last "." already matches any character and the dots are not literal; write ${fixed}`,
            span: valuePart(ctx.text, c, { start: altStart, end: a.index + 1 }),
            ...(fix ? { suggestions: [fix] } : {}),
          });
          return;
        }
        const endsAlternative =
          next === undefined || (!next.escaped && (next.char === "|" || next.char === ")"));
        const glob =
          !prev.escaped &&
          (GLOB_SEPARATORS.has(prev.char) || (endsAlternative && /[A-Za-z0-9]/.test(prev.char)));
        if (!glob) return;
        const fixed = excerptWith(value, a.index, a.index, ".");
        const fix = fixOf(`write ${fixed}`, [dotStar]);
        findings.push({
          message: `"${prev.char}*" repeats "${prev.char}" (zero or more times); it is not a wildcard: write ".*" for any characters, ${fixed}`,
          span: valuePart(ctx.text, c, { start: prev.index, end: a.index + 1 }),
          ...(fix ? { suggestions: [fix] } : {}),
        });
      });
    }
    return findings;
  },
};

/** The value with `from..to` replaced by `written`, quoted; only a window of it when the value is long. */
function excerptWith(value: string, from: number, to: number, written: string): string {
  const before = value.slice(Math.max(0, from - 40), from);
  const after = value.slice(to, to + 40);
  const whole = from <= 40 && value.length - to <= 40;
  const text = `${before}${written}${after}`;
  return whole ? JSON.stringify(text) : quoteExcerpt(text, before.length);
}

const IP_RUN = /^\d{1,3}(\.\d{1,3})+$/;
const HOST_RUN = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/** Unescaped dots inside literal IP addresses and host names. */
export const unescapedDot: LintRule = {
  id: "regex/unescaped-dot",
  defaultSeverity: "warning",
  dialects: DIALECTS,
  fix: "safe",
  description:
    'In a regex `.` matches any character, so `10.0.0.15` also matches `10x0x0x15` and `db1.example.com` matches `db1-example-com`: the pattern accepts more hosts than it says. Inside an IP address or host name the dot is meant literally: write `10\\.0\\.0\\.159|10\\.0\\.1\\.202` (in JSON: `"10\\\\.0\\\\.0\\\\.159"`). The fix escapes exactly the dots inside such literals and leaves `.*` and other regex dots alone.',
  check(ctx) {
    const findings: Finding[] = [];
    for (const c of patterns(ctx)) {
      const value = c.value;
      const atoms = scanRegex(value);
      const dots: number[] = [];
      // Runs of literal characters outside classes; a run is an address or host name candidate.
      let run: typeof atoms = [];
      const flush = () => {
        if (run.length === 0) return;
        const text = run.map((a) => a.char).join("");
        // A dot before a quantifier is regex syntax (`srv2.*`); only dots between two labels count.
        if (IP_RUN.test(text) || HOST_RUN.test(text)) {
          for (const a of run) if (a.char === "." && !a.escaped) dots.push(a.index);
        }
        run = [];
      };
      atoms.forEach((a, k) => {
        const next = atoms[k + 1];
        const literal =
          !a.inClass &&
          (a.escaped ? a.char === "." : /[A-Za-z0-9.-]/.test(a.char)) &&
          !(a.char === "." && !a.escaped && next !== undefined && !next.escaped && /[*+?{]/.test(next.char));
        const quantified = next !== undefined && !next.escaped && /[*+?{]/.test(next.char);
        if (literal && !quantified) run.push(a);
        else {
          flush();
        }
      });
      flush();
      if (dots.length === 0) continue;
      const parts: string[] = [];
      let from = 0;
      for (const i of dots) {
        parts.push(value.slice(from, i), "\\");
        from = i;
      }
      parts.push(value.slice(from));
      const fixed = parts.join("");
      const fix = fixOf("escape the dots", [replaceValueEdit(ctx.text, c, fixed)]);
      findings.push({
        message: `"." in a regex matches any character; in this address or host name it is meant literally: write ${quoteExcerpt(fixed, dots[0])}`,
        span: valuePart(ctx.text, c, { start: dots[0]!, end: dots[dots.length - 1]! + 1 }),
        ...(fix ? { fix } : {}),
      });
    }
    return findings;
  },
};

const IS_CHARSET = /^[a-zA-Z0-9_/.-]*$/;
const MARATHON_SCALAR = /^[0-9]+(?:\.[0-9]+)?$/;

/** LIKE with a pattern that has no regex syntax: it is an equality test. */
export const likeLiteral: LintRule = {
  id: "regex/like-literal",
  defaultSeverity: "warning",
  dialects: DIALECTS,
  fix: "safe",
  description:
    'A LIKE whose pattern has no regex syntax (`["rack","LIKE","rack-1"]`) can only match that exact string. Say so with IS (or CLUSTER with a value): the intent is clearer, and readers will not wonder whether a `.*` is missing. The fix rewrites the operator to IS, or to CLUSTER where IS would compare differently (values IS reads as numbers, or characters IS does not allow).',
  check(ctx) {
    const findings: Finding[] = [];
    for (const c of patterns(ctx)) {
      const value = c.value;
      if (c.operator !== "LIKE" || value === "" || !isLiteralPattern(value)) continue;
      const useIs = IS_CHARSET.test(value) && !MARATHON_SCALAR.test(value);
      const op = useIs ? "IS" : "CLUSTER";
      const fix = fixOf(`write ${op}`, [replaceOperatorEdit(ctx.text, c, op)]);
      findings.push({
        message: `this LIKE pattern has no regex syntax, so it only matches ${JSON.stringify(value)} exactly: write ${op} to say so (or add the regex you meant)`,
        span: c.operatorSpan,
        ...(fix ? { fix } : {}),
      });
    }
    return findings;
  },
};

/** An explicit empty pattern: passes validation, then LIKE matches nothing and UNLIKE everything with the field fails. */
export const emptyPattern: LintRule = {
  id: "regex/empty-pattern",
  defaultSeverity: "error",
  dialects: MARATHON_DIALECTS,
  description:
    'LIKE or UNLIKE with an explicit `""` passes Marathon\'s validation (the message says "non-empty", but only a missing value is checked), yet at placement Marathon rejects every offer for an empty pattern: LIKE never matches and UNLIKE rejects every agent that has the field. Write the pattern you meant, or remove the constraint.',
  check(ctx) {
    return patterns(ctx)
      .filter((c) => c.value === "")
      .map((c) => ({
        message: `an empty ${c.operator} pattern passes validation, but Marathon then rejects every offer${c.operator === "UNLIKE" ? " that has the field" : ""}: write the pattern you meant`,
        span: c.valueSpan ?? c.span,
      }));
  },
};

const INLINE_FLAGS = /\(\?([idmsuxU]*(?:-[idmsuxU]*)?)([):])/y;

/** Java-only constructs, each with what to call it in a message. */
function javaOnlyConstructs(pattern: string): { start: number; end: number; what: string }[] {
  const found: { start: number; end: number; what: string }[] = [];
  const atoms = scanRegex(pattern);
  atoms.forEach((a, k) => {
    const prev = atoms[k - 1];
    if (a.escaped) {
      if ("AZzGhHRX".includes(a.char) && pattern[a.index] === "\\") {
        found.push({ start: a.index, end: a.index + 2, what: `\\${a.char}` });
      } else if (
        (a.char === "p" || a.char === "P") &&
        pattern[a.index] === "\\" &&
        pattern[a.index + 2] === "{"
      ) {
        const close = pattern.indexOf("}", a.index);
        const name = pattern.slice(a.index + 3, close < 0 ? pattern.length : close);
        // JavaScript knows Unicode property names (with the u flag); Java's POSIX and java* classes it does not.
        if (
          /^(Lower|Upper|ASCII|Alpha|Digit|Alnum|Punct|Graph|Print|Blank|Cntrl|XDigit|Space|java\w+|Is\w+|In\w+)$/.test(
            name,
          )
        ) {
          found.push({
            start: a.index,
            end: close < 0 ? pattern.length : close + 1,
            what: `\\${a.char}{${name}}`,
          });
        }
      }
      return;
    }
    if (a.inClass && a.char === "&" && atoms[k + 1]?.char === "&" && !atoms[k + 1]!.escaped) {
      found.push({ start: a.index, end: a.index + 2, what: "class intersection &&" });
    } else if (a.inClass && a.char === "[" && !(prev?.char === "&" && !prev.escaped)) {
      found.push({ start: a.index, end: a.index + 1, what: "a class nested in a class" });
    } else if (
      !a.inClass &&
      a.char === "+" &&
      prev &&
      !prev.escaped &&
      !prev.inClass &&
      "*+?}".includes(prev.char)
    ) {
      const before = atoms[k - 2];
      if (!(prev.char === "?" && before?.char === "(" && !before.escaped)) {
        found.push({ start: prev.index, end: a.index + 1, what: `the possessive quantifier ${prev.char}+` });
      }
    } else if (!a.inClass && a.char === "(" && pattern[a.index + 1] === "?") {
      INLINE_FLAGS.lastIndex = a.index;
      const flags = INLINE_FLAGS.exec(pattern);
      if (pattern[a.index + 2] === ">")
        found.push({ start: a.index, end: a.index + 3, what: "the atomic group (?>" });
      else if (flags && flags[1] !== "") {
        found.push({ start: a.index, end: a.index + flags[0].length, what: `the inline flags ${flags[0]}` });
      }
    }
  });
  const quote = /\\Q/g;
  for (let m = quote.exec(pattern); m; m = quote.exec(pattern)) {
    let slashes = 0;
    for (let j = m.index - 1; j >= 0 && pattern[j] === "\\"; j--) slashes++;
    if (slashes % 2 === 0) found.push({ start: m.index, end: m.index + 2, what: "\\Q…\\E quoting" });
  }
  return found;
}

/** Java-only regex syntax, which JavaScript tools read differently or reject. */
export const javaOnly: LintRule = {
  id: "regex/java-only",
  defaultSeverity: "warning",
  dialects: DIALECTS,
  description:
    "The pattern uses Java-only regex syntax: possessive quantifiers (`a++`), atomic groups `(?>…)`, inline flags `(?x)`/`(?i)`, `\\Q…\\E` quoting, class intersection `[a-z&&[^b]]` or nested classes, `\\A`/`\\Z`/`\\z`/`\\G`/`\\R`/`\\h`, POSIX and `java*` property classes (`\\p{Alpha}`). Marathon and the SDK (Java) accept it, but JavaScript tools (the DC/OS UI, scripts, most linters) reject it or read it differently, so a pattern checked there may not be the pattern Marathon runs. Also reports what the regex module could not translate.",
  check(ctx) {
    const findings: Finding[] = parserFindings(ctx, "regex_untranslatable").map((f) => ({
      ...f,
      severity: "warning" as const,
    }));
    for (const c of patterns(ctx)) {
      const value = c.value;
      for (const j of javaOnlyConstructs(value)) {
        findings.push({
          message: `${j.what} is Java-only regex syntax: Marathon and the SDK accept it, but JavaScript tools reject it or read it differently`,
          span: valuePart(ctx.text, c, { start: j.start, end: j.end }),
        });
      }
    }
    return findings;
  },
};

export const regexRules: readonly LintRule[] = [
  starWildcard,
  unescapedDot,
  likeLiteral,
  emptyPattern,
  javaOnly,
];
