// The lint runner: finds constraint sources in a document, parses each once, runs the rules, and maps
// findings and fixes back into the user's file. Pure: no file system, no console.
import type { Span } from "../ast.js";
import { type Fix, LineIndex, type TextEdit } from "../diagnostics.js";
import { findConstraintSources } from "../sources/index.js";
import type { ConstraintSource } from "../sources/source.js";
import { type ParseResult, safeParse } from "../syntax/parse.js";
import { RULES } from "./rules/index.js";
import { ruleIdForCode } from "./rules/parser.js";
import type { Finding, LintContext, LintDiagnostic, LintOptions, LintResult, LintRule } from "./types.js";

interface Checked {
  readonly parse: ParseResult;
  readonly findings: readonly { readonly rule: LintRule; readonly finding: Finding }[];
}

function mapFix(fix: Fix, source: ConstraintSource): Fix | undefined {
  const edits: TextEdit[] = [];
  for (const e of fix.edits) {
    const text = source.encode(e.text);
    if (text === undefined) return undefined;
    edits.push({ span: source.mapSpan(e.span), text });
  }
  return { description: fix.description, edits };
}

/**
 * Lints one document: constraint text, Marathon app/pod/group JSON, DC/OS package options or SDK
 * service YAML. Spans, lines and fixes are in the document's own offsets. Never throws.
 * @example lint({ text: '[["hostname","unique"]]' }).diagnostics[0]?.ruleId // "validation/operator_case"
 */
export function lint(
  document: { readonly text: string; readonly fileName?: string },
  options: LintOptions = {},
): LintResult {
  const { text } = document;
  const found = findConstraintSources(text, document.fileName);
  const index = new LineIndex(text);
  const settings = options.rules ?? {};
  const agents = options.agents;
  const active = RULES.filter((r) => settings[r.id] !== "off" && (!r.needsInventory || agents !== undefined));
  const out: LintDiagnostic[] = [];
  const seen = new Set<string>();

  const emit = (
    ruleId: string,
    severityDefault: LintDiagnostic["severity"],
    finding: Finding,
    span: Span,
    extra: {
      fix?: Fix | undefined;
      suggestions?: readonly Fix[];
      related?: readonly { message: string; span: Span }[] | undefined;
      source?: ConstraintSource;
    },
  ) => {
    const setting = settings[ruleId];
    if (setting === "off") return;
    const key = `${ruleId}\0${span.start}\0${span.end}`;
    if (seen.has(key)) return;
    seen.add(key);
    const start = index.position(span.start);
    const end = index.position(span.end);
    const d: { -readonly [K in keyof LintDiagnostic]: LintDiagnostic[K] } = {
      ruleId,
      severity: setting ?? finding.severity ?? severityDefault,
      message: finding.message,
      span,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
    };
    if (finding.upstream !== undefined) d.upstream = finding.upstream;
    if (extra.fix) d.fix = extra.fix;
    if (extra.suggestions && extra.suggestions.length > 0) d.suggestions = extra.suggestions;
    if (extra.related && extra.related.length > 0) {
      d.related = extra.related.map((r) => {
        const p = index.position(r.span.start);
        return { message: r.message, span: r.span, line: p.line, column: p.column };
      });
    }
    if (extra.source) {
      d.path = extra.source.path;
      if (extra.source.name !== undefined) d.owner = extra.source.name;
    }
    out.push(d);
  };

  for (const d of found.diagnostics) {
    emit(ruleIdForCode(d.code, true), d.severity, d, d.span, { fix: d.fix, related: d.related });
  }

  // Many apps share the same constraints (a 1,000-app group often has a handful of distinct lists).
  // A lone source (constraint text) needs no memo, and its key would copy and hash the whole text.
  const memo = new Map<string, Checked>();
  const shared = found.sources.length > 1;
  for (const source of found.sources) {
    const dialect = options.dialect ?? source.dialect;
    const form = source.form;
    const key = shared ? `${dialect}\0${form ?? ""}\0${source.instances ?? ""}\0${source.text}` : "";
    let checked = shared ? memo.get(key) : undefined;
    if (!checked) {
      const parse = safeParse(source.text, form ? { dialect, form } : { dialect });
      const ctx: LintContext = {
        text: source.text,
        dialect,
        parse,
        constraints: parse.constraints,
        ...(source.instances !== undefined ? { instances: source.instances } : {}),
        ...(agents !== undefined ? { agents } : {}),
      };
      const findings: { rule: LintRule; finding: Finding }[] = [];
      for (const rule of active) {
        if (!rule.dialects.includes(dialect)) continue;
        for (const finding of rule.check(ctx)) findings.push({ rule, finding });
      }
      checked = { parse, findings };
      if (shared) memo.set(key, checked);
    }
    for (const { rule, finding } of checked.findings) {
      const suggestions = (finding.suggestions ?? [])
        .map((f) => mapFix(f, source))
        .filter((f): f is Fix => f !== undefined);
      emit(rule.id, rule.defaultSeverity, finding, source.mapSpan(finding.span), {
        fix: finding.fix && mapFix(finding.fix, source),
        suggestions,
        related: finding.related?.map((r) => ({ message: r.message, span: source.mapSpan(r.span) })),
        source,
      });
    }
  }

  out.sort(
    (a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId),
  );
  let errorCount = 0;
  let warningCount = 0;
  let infoCount = 0;
  let fixableCount = 0;
  for (const d of out) {
    if (d.severity === "error") errorCount++;
    else if (d.severity === "warning") warningCount++;
    else infoCount++;
    if (d.fix) fixableCount++;
  }
  return {
    filePath: document.fileName ?? "<text>",
    kind: found.kind,
    diagnostics: out,
    errorCount,
    warningCount,
    infoCount,
    fixableCount,
    sources: found.sources,
  };
}
