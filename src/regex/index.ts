// Java regular expressions for LIKE/UNLIKE: the public entry point (compile, parse, print).
// Compiles once into a matcher with Java's whole-string `String.matches` semantics; never prints, never throws.
import type { Span } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { type Analysis, analyse, type Hazard } from "./analysis.js";
import { emitRegExpSource } from "./emit.js";
import { type IR, lower } from "./ir.js";
import { TwoGenerationMemo } from "./memo.js";
import { compileNfa, linearUnsupported, MAX_NFA_STATES, nfaMatcher, nfaSize } from "./nfa.js";
import { flatVerdict, parseDetailed, parseJavaRegex } from "./parse.js";
import { Feature, scanJavaRegex } from "./scanner.js";

export type { RegexNode } from "./ast.js";
export { type ParseJavaRegexResult, parseJavaRegex } from "./parse.js";
export { javaRegexParser } from "./parser.js";
export { printJavaRegex } from "./print.js";

/** A compiled pattern with Java's whole-string `String.matches` semantics. */
export interface JavaRegex {
  readonly source: string;
  /** True when the whole `input` matches, as `input.matches(pattern)` in Java. */
  matches(input: string): boolean;
  /**
   * `backtracking`: a JavaScript RegExp, chosen only for patterns proven to need linear time on it;
   * `linear`: our Thompson-NFA engine (every other pattern, and `\X`).
   */
  readonly engine: "backtracking" | "linear";
  /** Whether Java's own matcher can backtrack exponentially on it (see the warning diagnostic). */
  readonly flagged: boolean;
  /** An equivalent JavaScript RegExp (flag `v`, anchored), when the pattern translates to one. */
  toRegExp?(): RegExp;
}

export interface CompileJavaRegexOptions {
  /** Use the JavaScript RegExp even where its running time is not proven linear (default false). */
  readonly allowBacktracking?: boolean;
  /** Force an engine (tests and benchmarks); `auto` (default) uses the RegExp only where it is proven linear. */
  readonly engine?: "auto" | "linear" | "backtracking";
  /** Verdicts cached per distinct input of up to 1,024 characters (default 4096 inputs; 0 disables the cache). */
  readonly cacheSize?: number;
}

export interface CompileJavaRegexResult {
  /** Valid in Java and translated exactly: `regex` is present. */
  readonly ok: boolean;
  /** Java's verdict: Pattern.compile accepts the pattern. */
  readonly valid: boolean;
  /** We can evaluate it exactly (false for invalid patterns and for refused constructs). */
  readonly translated: boolean;
  readonly regex?: JavaRegex;
  /** Spans are offsets into the pattern. */
  readonly diagnostics: readonly Diagnostic[];
}

function usesGrapheme(n: IR): boolean {
  switch (n.t) {
    case "grapheme":
      return true;
    case "seq":
    case "alt":
      return n.items.some(usesGrapheme);
    case "rep":
    case "cap":
    case "atomic":
    case "look":
      return usesGrapheme(n.body);
    default:
      return false;
  }
}

function refusalDiagnostics(refusals: ReturnType<typeof lower>["refusals"]): Diagnostic[] {
  return refusals.map((r) => ({
    severity: "error",
    code: "regex_untranslatable",
    message: `cannot evaluate ${r.construct} exactly as Java does: ${r.reason}`,
    span: r.span,
  }));
}

function hazardDiagnostics(pattern: string, hazards: readonly Hazard[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const h of hazards) {
    const key = `${h.span.start}:${h.span.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      severity: "warning",
      code: "regex_catastrophic_backtracking",
      message: `${pattern.slice(h.span.start, h.span.end)} is ${h.reason}: Java's matcher can take exponential time on non-matching values`,
      span: h.span,
    });
  }
  return out;
}

/** Longest input whose verdict is cached: the cache must not hold megabytes of attribute text. */
const CACHE_MAX_INPUT = 1024;

function cached(match: (input: string) => boolean, size: number): (input: string) => boolean {
  if (size <= 0) return match;
  // Attribute values repeat across agents: verdicts are remembered in two generations of size / 2 each.
  const memo = new TwoGenerationMemo<boolean>(Math.max(1, size >> 1));
  return (input) => {
    if (input.length > CACHE_MAX_INPUT) return match(input);
    const hit = memo.get(input);
    if (hit !== undefined) return hit;
    const v = match(input);
    memo.set(input, v);
    return v;
  };
}

/** Why the default engine choice cannot run a valid, translated pattern (undefined when it can). */
function defaultRefusal(ir: IR, analysis: Analysis, whole: Span): Diagnostic | undefined {
  if (analysis.safe && !usesGrapheme(ir)) return undefined;
  const why = linearUnsupported(ir);
  const doubt = analysis.doubt;
  if (why) {
    return {
      severity: "error",
      code: "regex_untranslatable",
      message: doubt
        ? `the backtracking engine is not proven to run in linear time on this pattern (${doubt.reason}), and the linear-time engine cannot run ${why}; pass allowBacktracking to accept the risk`
        : `\\X runs only on the linear-time engine, which cannot run ${why}`,
      span: doubt?.span ?? whole,
    };
  }
  if (nfaSize(ir) > MAX_NFA_STATES) {
    return {
      severity: "error",
      code: "regex_untranslatable",
      message: `the linear-time engine would need more than ${MAX_NFA_STATES} automaton states for this pattern${doubt ? `, and the backtracking engine is not proven to run in linear time on it (${doubt.reason}); pass allowBacktracking to accept the risk` : ""}`,
      span: doubt?.span ?? whole,
    };
  }
  return undefined;
}

export interface CheckJavaRegexResult {
  /** Java's verdict: Pattern.compile accepts the pattern. */
  readonly valid: boolean;
  /** We can evaluate it exactly, as compileJavaRegex with default options would. */
  readonly translated: boolean;
  /** Java's error, what we refuse, and exponential-backtracking warnings; spans are offsets into the pattern. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * What validation needs of a pattern, without building a matcher: Java's verdict, refusals and hazards.
 * @example checkJavaRegex("*").valid // false: "Dangling meta character '*' near index 0"
 */
export function checkJavaRegex(pattern: string): CheckJavaRegexResult {
  // Validation sees the same patterns over and over (every app of a group, every re-lint); the check is a pure
  // function of the pattern, so its frozen result is remembered (two generations, bounded; short patterns only).
  if (pattern.length > MEMO_MAX_PATTERN) return checkUncached(pattern);
  const hit = checked.get(pattern);
  if (hit !== undefined) return hit;
  const result = Object.freeze(checkUncached(pattern));
  checked.set(pattern, result);
  return result;
}

/** Longest pattern kept in the memos (a key is held in memory while it is remembered). */
const MEMO_MAX_PATTERN = 4096;
const checked = new TwoGenerationMemo<CheckJavaRegexResult>(1024);

/** Constructs that can make lowering refuse a pattern, or the default engine choice need the analysis. */
const NEEDS_LOWERING =
  Feature.CANON_EQ |
  Feature.GRAPHEME_BOUNDARY |
  Feature.CLASS_INTERSECTION |
  Feature.LOOK_BEHIND |
  Feature.BACK_REFERENCE |
  Feature.QUANTIFIED_GROUP;
const NEEDS_ANALYSIS =
  Feature.QUANTIFIED_GROUP |
  Feature.ALTERNATION |
  Feature.LINE_BREAK |
  Feature.LOOK_AROUND |
  Feature.ATOMIC |
  Feature.POSSESSIVE |
  Feature.BACK_REFERENCE |
  Feature.LARGE_COUNT;

const VALID_PLAIN: CheckJavaRegexResult = Object.freeze({ valid: true, translated: true, diagnostics: [] });

function checkUncached(pattern: string): CheckJavaRegexResult {
  // Most LIKE values are a flat run of characters, sets and quantifiers: their verdict needs no tree.
  // One scan serves both: a pattern with a set or a group is scanned once, not again for the grammar.
  const scan = scanJavaRegex(pattern);
  const flat = flatVerdict(pattern, scan);
  if (flat && (flat.features & (NEEDS_LOWERING | NEEDS_ANALYSIS)) === 0) {
    return flat.diagnostics.length > 0
      ? { valid: false, translated: false, diagnostics: flat.diagnostics }
      : VALID_PLAIN;
  }
  const { result: parsed, features } = parseDetailed(pattern, scan);
  if (!parsed.valid || !parsed.ast)
    return { valid: false, translated: false, diagnostics: parsed.diagnostics };
  // Without a quantified group, an alternation or \R nothing can repeat ambiguously (no exponential warning),
  // and without the constructs above nothing is refused and the linear engine can run whatever is not proven.
  if ((features & (NEEDS_LOWERING | NEEDS_ANALYSIS)) === 0) return VALID_PLAIN;
  const { ir, refusals } = lower(parsed.ast);
  if (refusals.length > 0)
    return { valid: true, translated: false, diagnostics: refusalDiagnostics(refusals) };
  const whole = { start: 0, end: pattern.length };
  const analysis = analyse(ir, whole);
  const diagnostics = hazardDiagnostics(pattern, analysis.hazards);
  const refused = defaultRefusal(ir, analysis, whole);
  if (refused) return { valid: true, translated: false, diagnostics: [...diagnostics, refused] };
  return { valid: true, translated: true, diagnostics };
}

/**
 * The linear engine for a pattern whose RegExp gave up on an input, or a matcher that answers no match
 * when the linear engine cannot run it. Rebuilt from the pattern on that rare first failure, so that a
 * compiled regex keeps no tree alive for it (10,000 patterns kept about 10 objects each; bench: size).
 */
function linearFallback(pattern: string): (input: string) => boolean {
  const ast = parseJavaRegex(pattern).ast;
  const ir = ast === undefined ? undefined : lower(ast).ir;
  const nfa = ir !== undefined && linearUnsupported(ir) === undefined ? compileNfa(ir) : undefined;
  return nfa ? nfaMatcher(nfa) : () => false;
}

/**
 * Compiles a Java regular expression for whole-string matching, reporting Java's verdict and anything we refuse.
 * The JavaScript RegExp runs a pattern only when it is proven to need linear time there (see analysis.ts); every
 * other pattern runs on the linear-time engine, or is refused when it needs a construct only the RegExp has.
 * @example compileJavaRegex("rack-[1-3]").regex?.matches("rack-2") // true
 */
export function compileJavaRegex(
  pattern: string,
  options: CompileJavaRegexOptions = {},
): CompileJavaRegexResult {
  // Matchers for many apps compile the same few patterns: with default options the (immutable) result is shared.
  const plain =
    options.engine === undefined &&
    options.allowBacktracking === undefined &&
    options.cacheSize === undefined &&
    pattern.length <= MEMO_MAX_PATTERN;
  if (!plain) return compileUncached(pattern, options);
  const hit = compiled.get(pattern);
  if (hit !== undefined) return hit;
  const result = compileUncached(pattern, options);
  Object.freeze(result.diagnostics);
  compiled.set(pattern, Object.freeze(result));
  return result;
}

const compiled = new TwoGenerationMemo<CompileJavaRegexResult>(256);

/** Longest JavaScript translation handed to `RegExp` (compiling it takes about 25 ms at this size). */
const MAX_REGEXP_SOURCE = 262_144;

function compileUncached(pattern: string, options: CompileJavaRegexOptions): CompileJavaRegexResult {
  const parsed = parseJavaRegex(pattern);
  if (!parsed.valid || !parsed.ast) {
    return { ok: false, valid: false, translated: false, diagnostics: parsed.diagnostics };
  }
  const { ir, refusals } = lower(parsed.ast);
  if (refusals.length > 0) {
    return { ok: false, valid: true, translated: false, diagnostics: refusalDiagnostics(refusals) };
  }
  const whole = { start: 0, end: pattern.length };
  const analysis = analyse(ir, whole);
  const diagnostics: Diagnostic[] = hazardDiagnostics(pattern, analysis.hazards);
  const flagged = diagnostics.length > 0;
  const mode = options.engine ?? "auto";
  // \X has no RegExp form: such patterns always run on the linear engine.
  const graphemes = usesGrapheme(ir);
  const linear =
    mode === "linear" || graphemes || (mode === "auto" && !analysis.safe && !options.allowBacktracking);
  const cacheSize = options.cacheSize ?? 4096;
  if (linear) {
    const why = linearUnsupported(ir);
    const nfa = why ? undefined : compileNfa(ir);
    if (!nfa) {
      const refused =
        mode === "auto" && !options.allowBacktracking ? defaultRefusal(ir, analysis, whole) : undefined;
      diagnostics.push(
        refused ?? {
          severity: "error",
          code: "regex_untranslatable",
          message: why
            ? graphemes
              ? `\\X runs only on the linear-time engine, which cannot run ${why}`
              : `the linear-time engine cannot run ${why}`
            : `the pattern needs more than ${MAX_NFA_STATES} automaton states`,
          span: whole,
        },
      );
      return { ok: false, valid: true, translated: false, diagnostics };
    }
    const regex: JavaRegex = {
      source: pattern,
      engine: "linear",
      flagged,
      matches: cached(nfaMatcher(nfa), cacheSize),
    };
    return { ok: true, valid: true, translated: true, regex, diagnostics };
  }
  // V8 parses RegExp source at about 100 ns a character, and one `\p{L}` is 9 KB of explicit ranges: past the
  // budget, the linear engine (which shares each set instead of writing it out) takes the pattern.
  const source = emitRegExpSource(ir, MAX_REGEXP_SOURCE);
  let re: RegExp;
  try {
    if (source === undefined) throw new Error(`its character sets exceed ${MAX_REGEXP_SOURCE} characters`);
    re = new RegExp(source, "v");
    // V8 compiles a RegExp on first use, once for Latin-1 and once for two-byte input: do both now, so that a
    // translation too large for it is found here rather than by `matches`.
    re.test("");
    re.test("\u0100");
  } catch (e) {
    const why = linearUnsupported(ir);
    if (mode === "auto" && why === undefined && nfaSize(ir) <= MAX_NFA_STATES) {
      return compileUncached(pattern, { ...options, engine: "linear" });
    }
    diagnostics.push({
      severity: "error",
      code: "regex_untranslatable",
      message: `the JavaScript translation is rejected by the RegExp engine (${(e as Error).message.slice(0, 80)})${why === undefined ? " and the pattern is too large for the linear-time engine" : ""}`,
      span: whole,
    });
    return { ok: false, valid: true, translated: false, diagnostics };
  }
  // V8 can still give up on an input of millions of characters (its backtracking stack overflows): the linear
  // engine then answers where it can run the pattern. Only a look-around or back-reference pattern on such an
  // input is left without an exact answer, and reads as no match.
  let fallback: ((input: string) => boolean) | undefined;
  const test = (input: string): boolean => {
    try {
      return re.test(input);
    } catch {
      fallback ??= linearFallback(pattern);
      return fallback(input);
    }
  };
  const regex: JavaRegex = {
    source: pattern,
    engine: "backtracking",
    flagged,
    matches: cached(test, cacheSize),
    toRegExp: () => new RegExp(source!, "v"),
  };
  return { ok: true, valid: true, translated: true, regex, diagnostics };
}
