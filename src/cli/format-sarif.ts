// Lint output as SARIF 2.1.0 for GitHub code scanning and SARIF viewers: one run, the used rules with
// their README help, results with related locations, owners as logical locations, fingerprints that
// survive line moves, and fixes as artifact replacements. Pure data conversion.
import { createHash } from "node:crypto";
import { isAbsolute, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Span } from "../ast.js";
import { type Fix, LineIndex } from "../diagnostics.js";
import { ruleInfo } from "../lint/rules/index.js";
import type { LintDiagnostic, RuleInfo } from "../lint/types.js";
import { isFatal, type LintReport } from "./lint-report.js";
import {
  firstSentence,
  plainText,
  REPOSITORY_URL,
  ruleHelp,
  ruleHelpUri,
  ruleName,
  undocumentedRule,
} from "./rule-docs.js";
import { VERSION } from "./version.js";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;
const SRCROOT = "%SRCROOT%";
/** The partialFingerprints key: ours, versioned, so a future change of recipe gets a new key. */
const FINGERPRINT = "marathonConstraints/v1";

export interface SarifOptions {
  /** The directory file URIs are relative to (`%SRCROOT%`): run code scanning from the repository root. */
  readonly cwd?: string;
}

/** A path as a relative URI reference: forward slashes, each segment percent-encoded. */
function encodePath(path: string): string {
  return path
    .replace(/\\/g, "/")
    .split("/")
    .map((p) => encodeURIComponent(p))
    .join("/");
}

/** Where an input is: relative to %SRCROOT% when it lies below it, else an absolute file URI. */
function artifactLocation(report: LintReport, cwd: string | undefined) {
  if (report.path === undefined || cwd === undefined) return { uri: encodePath(report.result.filePath) };
  const rel = relative(cwd, report.path);
  if (rel === "" || rel.split(sep)[0] === ".." || isAbsolute(rel))
    return { uri: pathToFileURL(report.path).href };
  return { uri: encodePath(rel), uriBaseId: SRCROOT };
}

/** A directory as a file URI; SARIF wants base URIs to end with a slash. */
function directoryUri(dir: string): string {
  const uri = pathToFileURL(dir).href;
  return uri.endsWith("/") ? uri : `${uri}/`;
}

function sarifRule(rule: RuleInfo) {
  const help = ruleHelp(rule);
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: plainText(firstSentence(rule.description)) },
    fullDescription: { text: plainText(rule.description), markdown: rule.description },
    help,
    helpUri: ruleHelpUri(rule.id),
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags: [rule.id.split("/")[0]!] },
  };
}

function sarifFix(fix: Fix, location: ReturnType<typeof artifactLocation>, safe: boolean) {
  return {
    description: { text: safe ? fix.description : `suggestion (changes behaviour): ${fix.description}` },
    artifactChanges: [
      {
        artifactLocation: location,
        replacements: fix.edits.map((e) => ({
          deletedRegion: { charOffset: e.span.start, charLength: e.span.end - e.span.start },
          insertedContent: { text: e.text },
        })),
      },
    ],
  };
}

/** A span as a SARIF region: 1-based lines and columns (end exclusive, UTF-16) and the offsets. */
function region(index: LineIndex, span: Span) {
  const start = index.position(span.start);
  const end = index.position(Math.max(span.start, span.end));
  return {
    startLine: start.line,
    startColumn: start.column,
    endLine: end.line,
    endColumn: end.column,
    charOffset: span.start,
    charLength: Math.max(0, span.end - span.start),
  };
}

// Snippets let a viewer without the sources show the code; past this size they would bloat the log.
const MAX_SNIPPET = 2000;

/** A result's own location: its region with the flagged text, and its whole lines as context. */
function primaryLocation(index: LineIndex, span: Span, location: ReturnType<typeof artifactLocation>) {
  const r = region(index, span);
  const { text } = index;
  const from = index.offset({ line: r.startLine, column: 1 });
  const to = index.offset({ line: r.endLine, column: 1 }) + index.lineText(r.endLine).length;
  return {
    artifactLocation: location,
    region: r.charLength <= MAX_SNIPPET ? { ...r, snippet: { text: text.slice(span.start, span.end) } } : r,
    ...(to - from <= MAX_SNIPPET
      ? {
          contextRegion: {
            startLine: r.startLine,
            endLine: r.endLine,
            charOffset: from,
            charLength: to - from,
            snippet: { text: text.slice(from, to) },
          },
        }
      : {}),
  };
}

/**
 * A fingerprint that names the problem, not the line: rule, owner and the flagged text without
 * whitespace, plus which occurrence of that triple in the file it is. Moving the constraint or
 * reformatting the file keeps it; editing the flagged text gives a new alert.
 */
function fingerprinter() {
  const seen = new Map<string, number>();
  return (d: LintDiagnostic, text: string): string => {
    const flagged = text.slice(d.span.start, d.span.end).replace(/\s+/g, "");
    const hash = createHash("sha256")
      .update(`${d.ruleId}\0${d.owner ?? ""}\0${flagged}`)
      .digest("hex")
      .slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  };
}

/**
 * The SARIF 2.1.0 log for these results.
 * @example JSON.parse(formatSarif(reports, { cwd: process.cwd() })).runs[0].results[0].ruleId
 */
export function formatSarif(reports: readonly LintReport[], options: SarifOptions = {}): string {
  const rules: RuleInfo[] = [];
  const ruleIndex = new Map<string, number>();
  for (const { result } of reports) {
    for (const d of result.diagnostics) {
      if (ruleIndex.has(d.ruleId)) continue;
      ruleIndex.set(d.ruleId, rules.length);
      rules.push(ruleInfo(d.ruleId) ?? undocumentedRule(d.ruleId));
    }
  }
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  for (const report of reports) {
    const { result, text } = report;
    const index = new LineIndex(text);
    const location = artifactLocation(report, options.cwd);
    const fingerprint = fingerprinter();
    for (const d of result.diagnostics) {
      const message = { text: d.upstream ? `${d.message} (upstream: ${d.upstream})` : d.message };
      const physicalLocation = primaryLocation(index, d.span, location);
      const fixes = [
        ...(d.fix ? [sarifFix(d.fix, location, true)] : []),
        ...(d.suggestions ?? []).map((s) => sarifFix(s, location, false)),
      ];
      results.push({
        ruleId: d.ruleId,
        ruleIndex: ruleIndex.get(d.ruleId)!,
        level: LEVEL[d.severity],
        message,
        locations: [
          {
            physicalLocation,
            ...(d.owner !== undefined
              ? {
                  logicalLocations: [
                    {
                      name: d.owner,
                      fullyQualifiedName: d.owner,
                      // An options key is a property; apps, pods and service pods are objects.
                      kind: result.kind === "dcos-options" ? "property" : "object",
                    },
                  ],
                }
              : {}),
          },
        ],
        ...(d.related && d.related.length > 0
          ? {
              relatedLocations: d.related.map((r, i) => ({
                id: i + 1,
                physicalLocation: { artifactLocation: location, region: region(index, r.span) },
                message: { text: r.message },
              })),
            }
          : {}),
        partialFingerprints: { [FINGERPRINT]: fingerprint(d, text) },
        ...(fixes.length > 0 ? { fixes } : {}),
      });
      if (d.severity === "error" && isFatal(d, result)) {
        notifications.push({
          level: "error",
          message,
          locations: [{ physicalLocation }],
          descriptor: { id: d.ruleId },
        });
      }
    }
  }
  const log = {
    $schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "marathon-constraints",
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: REPOSITORY_URL,
            rules: rules.map(sarifRule),
          },
        },
        invocations: [
          {
            // The run finished and reported everything it found; inputs it could not read are
            // results and also tool execution notifications, as ESLint's SARIF formatter does.
            executionSuccessful: true,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        ...(options.cwd !== undefined
          ? { originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.cwd) } } }
          : {}),
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
