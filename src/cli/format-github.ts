// Lint output as GitHub Actions workflow commands (`::error file=...::message`), which the runner
// turns into annotations on the pull request. Pure string building.
import type { LintReport } from "./lint-report.js";

// Workflow command escaping: data and property values differ (properties also escape `:` and `,`).
const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** One workflow command per diagnostic; the title names the rule and the app, pod or option it is in. */
export function formatGithub(results: readonly Pick<LintReport, "result">[]): string {
  const lines: string[] = [];
  for (const { result } of results) {
    for (const d of result.diagnostics) {
      const level = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
      const props = [
        `file=${escapeProperty(result.filePath)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(d.owner !== undefined ? `${d.ruleId} in ${d.owner}` : d.ruleId)}`,
      ].join(",");
      const message = d.upstream ? `${d.message} (upstream: ${d.upstream})` : d.message;
      lines.push(`::${level} ${props}::${escapeData(message)}`);
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
