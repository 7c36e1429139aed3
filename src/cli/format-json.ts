// Lint output in the shape of ESLint's JSON formatter, so existing tooling (reviewdog, editors, CI
// annotators) can read it. Pure data conversion; positions are 1-based in the user's file.
import type { Fix } from "../diagnostics.js";
import type { LintResult } from "../lint/types.js";

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

/** The ESLint JSON formatter's output for these results. */
export function formatJson(
  results: readonly { readonly result: LintResult; readonly text: string }[],
): string {
  const out = results.map(({ result, text }) => {
    let fixableErrorCount = 0;
    let fixableWarningCount = 0;
    const messages = result.diagnostics.map((d) => {
      const severity = d.severity === "error" ? 2 : 1;
      if (d.fix) {
        if (severity === 2) fixableErrorCount++;
        else fixableWarningCount++;
      }
      return {
        ruleId: d.ruleId,
        severity,
        message: d.upstream ? `${d.message} (upstream: ${d.upstream})` : d.message,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
        ...(d.fix ? { fix: eslintFix(d.fix, text) } : {}),
        ...(d.suggestions
          ? { suggestions: d.suggestions.map((s) => ({ desc: s.description, fix: eslintFix(s, text) })) }
          : {}),
      };
    });
    return {
      filePath: result.filePath,
      messages,
      errorCount: result.errorCount,
      warningCount: result.warningCount + result.infoCount,
      fixableErrorCount,
      fixableWarningCount,
    };
  });
  return `${JSON.stringify(out, null, 2)}\n`;
}
