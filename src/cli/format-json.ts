// Lint output as ESLint's LintResult[] (what `eslint --format json` prints), so ESLint's formatters and
// the tools around them (reviewdog, editors, CI annotators) read it. Pure data conversion.
import type { Fix } from "../diagnostics.js";
import { isFatal, type LintReport } from "./lint-report.js";

/** ESLint's fix: one range and its replacement; several edits are merged over the original text. */
function eslintFix(fix: Fix, text: string): { range: [number, number]; text: string } {
  const edits = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
  const start = edits[0]?.span.start ?? 0;
  const end = Math.max(start, ...edits.map((e) => e.span.end));
  let out = "";
  let at = start;
  for (const e of edits) {
    out += text.slice(at, e.span.start) + e.text;
    at = Math.max(at, e.span.end);
  }
  out += text.slice(at, end);
  return { range: [start, end], text: out };
}

/** One input as ESLint reports a file: its messages, counted the way ESLint counts them. */
function eslintResult({ result, text, path, fixed }: LintReport) {
  let errorCount = 0;
  let fatalErrorCount = 0;
  let warningCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  const messages = result.diagnostics.map((d) => {
    // ESLint has two severities; notes are advice, so they count as warnings.
    const severity = d.severity === "error" ? 2 : 1;
    // Fatal as ESLint means it: the input was not read. A rule lowered below error is not fatal.
    const fatal = severity === 2 && isFatal(d, result);
    if (severity === 2) {
      errorCount++;
      if (fatal) fatalErrorCount++;
      if (d.fix) fixableErrorCount++;
    } else {
      warningCount++;
      if (d.fix) fixableWarningCount++;
    }
    return {
      ruleId: d.ruleId,
      severity,
      ...(fatal ? { fatal: true } : {}),
      message: d.upstream ? `${d.message} (upstream: ${d.upstream})` : d.message,
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
      ...(d.fix ? { fix: eslintFix(d.fix, text) } : {}),
      ...(d.suggestions
        ? { suggestions: d.suggestions.map((s) => ({ desc: s.description, fix: eslintFix(s, text) })) }
        : {}),
      // Ours, beyond ESLint's shape (its formatters ignore them): who the constraints belong to, and
      // Marathon's or the SDK's own message for the problem.
      ...(d.owner !== undefined ? { owner: d.owner } : {}),
      ...(d.upstream !== undefined ? { upstream: d.upstream } : {}),
    };
  });
  return {
    // ESLint names text that is not a file `<text>`, and files by absolute path.
    filePath: path ?? "<text>",
    messages,
    // No inline disable comments exist in constraint files, so nothing is ever suppressed.
    suppressedMessages: [],
    errorCount,
    fatalErrorCount,
    warningCount,
    fixableErrorCount,
    fixableWarningCount,
    // As ESLint: the fixed text after --fix, else the source when there is something to show in it.
    ...(fixed ? { output: text } : errorCount + warningCount > 0 ? { source: text } : {}),
    usedDeprecatedRules: [],
  };
}

/**
 * The ESLint JSON formatter's output for these results: a `LintResult[]`, 1-based positions in the file.
 * @example JSON.parse(formatJson([{ result, text }]))[0].messages[0].ruleId // "validation/operator_case"
 */
export function formatJson(reports: readonly LintReport[]): string {
  return `${JSON.stringify(reports.map(eslintResult), null, 2)}\n`;
}
