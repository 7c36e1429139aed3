// One linted input as the output formatters see it, and which of its findings are fatal (the input
// could not be read, so no rule ran on it: what ESLint calls a fatal parsing error).
import type { LintDiagnostic, LintResult } from "../lint/types.js";

export interface LintReport {
  /** `filePath` is the name shown to people: relative to the working directory, `<stdin>`, `<text>`. */
  readonly result: LintResult;
  /** The text the diagnostics' offsets refer to (after `--fix`, the fixed text). */
  readonly text: string;
  /** The absolute path, when the input is a file. */
  readonly path?: string;
  /** Whether `--fix` changed the text (ESLint then reports `output` instead of `source`). */
  readonly fixed?: boolean;
  /** How many problems `--fix` fixed in this input and wrote back. */
  readonly fixes?: number;
}

/**
 * Whether a diagnostic means the input was not linted at all: constraint text over the size limit is
 * never parsed, and a service YAML that does not parse yields no placement to check.
 */
export function isFatal(d: LintDiagnostic, result: LintResult): boolean {
  return (
    d.ruleId === "syntax/limit_exceeded" || (d.ruleId === "syntax/yaml_syntax" && result.sources.length === 0)
  );
}
