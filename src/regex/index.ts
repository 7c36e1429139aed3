// Java regular expressions for LIKE/UNLIKE: the public entry point.
// TEMPORARY stand-in (anchored JavaScript RegExp) until the Java-regex issue lands; same interface.
import type { Diagnostic } from "../diagnostics.js";

/** A compiled pattern with Java's whole-string `String.matches` semantics. */
export interface JavaRegex {
  readonly source: string;
  /** True when the whole `input` matches, as `input.matches(pattern)` in Java. */
  matches(input: string): boolean;
}

export interface CompileJavaRegexResult {
  readonly ok: boolean;
  readonly regex?: JavaRegex;
  /** Spans are offsets into the pattern. */
  readonly diagnostics: readonly Diagnostic[];
}

export function compileJavaRegex(pattern: string): CompileJavaRegexResult {
  try {
    const re = new RegExp(`^(?:${pattern})$`, "u");
    return { ok: true, regex: { source: pattern, matches: (input) => re.test(input) }, diagnostics: [] };
  } catch (e) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: "error",
          code: "invalid_regex",
          message: `invalid regular expression: ${(e as Error).message}`,
          span: { start: 0, end: pattern.length },
        },
      ],
    };
  }
}
