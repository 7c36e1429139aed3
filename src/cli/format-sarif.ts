// Lint output as SARIF 2.1.0 (code scanning in GitHub, Azure DevOps, IDE viewers): one run, the rule
// table as the driver's rules, fixes as artifact replacements. Pure data conversion.
import type { Fix } from "../diagnostics.js";
import { RULE_INFO } from "../lint/rules/index.js";
import type { LintResult } from "../lint/types.js";
import { VERSION } from "./version.js";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

/** A file path as a relative SARIF URI (forward slashes, percent-encoded). */
function uriOf(path: string): string {
  return path
    .replace(/\\/g, "/")
    .split("/")
    .map((p) => encodeURIComponent(p))
    .join("/");
}

function sarifFix(fix: Fix, uri: string) {
  return {
    description: { text: fix.description },
    artifactChanges: [
      {
        artifactLocation: { uri },
        replacements: fix.edits.map((e) => ({
          deletedRegion: { charOffset: e.span.start, charLength: e.span.end - e.span.start },
          insertedContent: { text: e.text },
        })),
      },
    ],
  };
}

/** The SARIF 2.1.0 log for these results. */
export function formatSarif(results: readonly { readonly result: LintResult }[]): string {
  const used = new Set<string>();
  for (const { result } of results) for (const d of result.diagnostics) used.add(d.ruleId);
  const rules = RULE_INFO.filter((r) => used.has(r.id));
  // Rule ids a future parser code may produce without documentation still get an entry.
  for (const id of used) {
    if (!rules.some((r) => r.id === id))
      rules.push({ id, defaultSeverity: "error", dialects: [], description: id });
  }
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "marathon-constraints",
            version: VERSION,
            informationUri: "https://www.npmjs.com/package/marathon-constraints",
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.id },
              fullDescription: { text: r.description },
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        results: results.flatMap(({ result }) => {
          const uri = uriOf(result.filePath);
          return result.diagnostics.map((d) => ({
            ruleId: d.ruleId,
            ruleIndex: ruleIndex.get(d.ruleId) ?? 0,
            level: LEVEL[d.severity],
            message: { text: d.upstream ? `${d.message} (upstream: ${d.upstream})` : d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri },
                  region: {
                    startLine: d.line,
                    startColumn: d.column,
                    endLine: d.endLine,
                    endColumn: d.endColumn,
                    charOffset: d.span.start,
                    charLength: d.span.end - d.span.start,
                  },
                },
              },
            ],
            ...(d.fix ? { fixes: [sarifFix(d.fix, uri)] } : {}),
          }));
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
