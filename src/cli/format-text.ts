// Lint output as rustc-style code frames (via formatDiagnostics) plus an ESLint-style summary line.
// Pure string building: the caller decides about colour and where the text goes.
import { type FramedDiagnostic, formatDiagnostics } from "../code-frame.js";
import type { LintDiagnostic } from "../lint/types.js";
import type { LintReport } from "./lint-report.js";

/** A lint diagnostic as the code-frame renderer's input: the rule id takes the place of the code. */
function frameDiagnostic(d: LintDiagnostic): FramedDiagnostic {
  const related = [
    ...(d.related ?? []).map((r) => ({ message: r.message, span: r.span })),
    ...(d.suggestions ?? []).map((s) => ({
      message: `suggestion: ${s.description}`,
      span: s.edits[0]?.span ?? d.span,
    })),
  ];
  return {
    severity: d.severity,
    // The header shows `error[rule-id]`: rule ids are what users pass to --rule.
    code: d.ruleId,
    message: d.message,
    span: d.span,
    ...(d.upstream !== undefined ? { upstream: d.upstream } : {}),
    ...(related.length > 0 ? { related } : {}),
    ...(d.fix ? { fix: d.fix } : {}),
    ...(d.owner !== undefined ? { owner: d.owner } : {}),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Renders lint results as code frames, one block per diagnostic, and a summary line. */
export function formatText(
  results: readonly Pick<LintReport, "result" | "text" | "fixes">[],
  options: { readonly color?: boolean } = {},
): string {
  const blocks: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixable = 0;
  let fixes = 0;
  let fixedFiles = 0;
  for (const { result, text, fixes: applied } of results) {
    if (applied !== undefined && applied > 0) {
      fixes += applied;
      fixedFiles++;
    }
    errors += result.errorCount;
    warnings += result.warningCount;
    infos += result.infoCount;
    fixable += result.fixableCount;
    if (result.diagnostics.length === 0) continue;
    blocks.push(
      formatDiagnostics(text, result.diagnostics.map(frameDiagnostic), {
        fileName: result.filePath,
        color: options.color === true,
      }),
    );
  }
  const total = errors + warnings + infos;
  const files = plural(results.length, "file");
  // After --fix, first what was fixed and written back, so "no problems" is not read as "nothing done".
  const fixedLine = fixes > 0 ? `fixed ${plural(fixes, "problem")} in ${plural(fixedFiles, "file")}\n` : "";
  if (total === 0) return `${fixedLine}${files} checked: no problems\n`;
  const parts = [
    plural(errors, "error"),
    plural(warnings, "warning"),
    ...(infos > 0 ? [plural(infos, "note")] : []),
  ];
  const summary = `${plural(total, "problem")} (${parts.join(", ")}) in ${files}${fixable > 0 ? `; ${fixable} fixable with --fix` : ""}`;
  return `${blocks.join("\n\n")}\n\n${fixedLine}${summary}\n`;
}
